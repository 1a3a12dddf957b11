"""council draws run as background jobs; a relaxation waits for the secretariat

Revision ID: e1a0c0de0024
Revises: e1a0c0de0023
Create Date: 2026-12-06 02:20:00

A council draw is queued like an assembly's selection run; when the quotas cannot be met it
stops with a proposed relaxation that a person accepts or declines before any seat changes.
"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0024'
down_revision = 'e1a0c0de0023'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade():
    op.create_table('council_draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('seed', sa.String(length=80), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', name='runstatus', native_enum=False, length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('proposal', sa.JSON(), nullable=True),
    sa.Column('accepted_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('rotation_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user.id'], name=op.f('fk_council_draw_accepted_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_draw_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_council_draw_requested_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rotation_id'], ['council_rotation.id'], name=op.f('fk_council_draw_rotation_id_council_rotation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_draw'))
    )
    with op.batch_alter_table('council_draw', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_draw_council_id'), ['council_id'], unique=False)
        batch_op.create_index('uq_council_draw_one_active', ['council_id'], unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade():
    with op.batch_alter_table('council_draw', schema=None) as batch_op:
        batch_op.drop_index('uq_council_draw_one_active', sqlite_where=ACTIVE, postgresql_where=ACTIVE)
        batch_op.drop_index(batch_op.f('ix_council_draw_council_id'))

    op.drop_table('council_draw')
