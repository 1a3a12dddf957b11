"""selection runs and panel seats

Revision ID: 3f0907f97470
Revises: a5e7d99c22ad
Create Date: 2026-11-25 17:39:46.791907

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = '3f0907f97470'
down_revision = 'a5e7d99c22ad'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('selection_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', name='runstatus', native_enum=False, length=20), nullable=False),
    sa.Column('algorithm', sa.String(length=20), nullable=False),
    sa.Column('seed', sa.String(length=80), nullable=False),
    sa.Column('panels', sa.Integer(), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('min_probability', sa.Float(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_selection_run_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_selection_run_requested_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selection_run'))
    )
    with op.batch_alter_table('selection_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selection_run_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index('uq_selection_run_one_active', ['assembly_id'], unique=True, sqlite_where=sa.text("status IN ('queued', 'running')"), postgresql_where=sa.text("status IN ('queued', 'running')"))

    op.create_table('panel_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('registrant_id', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('dropped_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('drop_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_panel_seat_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registrant_id'], ['registrant.id'], name=op.f('fk_panel_seat_registrant_id_registrant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaces_id'], ['panel_seat.id'], name=op.f('fk_panel_seat_replaces_id_panel_seat'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['selection_run.id'], name=op.f('fk_panel_seat_run_id_selection_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_seat')),
    sa.UniqueConstraint('registrant_id', name=op.f('uq_panel_seat_registrant_id'))
    )
    with op.batch_alter_table('panel_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_seat_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_panel_seat_run_id'), ['run_id'], unique=False)



def downgrade():
    with op.batch_alter_table('panel_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_seat_run_id'))
        batch_op.drop_index(batch_op.f('ix_panel_seat_assembly_id'))

    op.drop_table('panel_seat')
    with op.batch_alter_table('selection_run', schema=None) as batch_op:
        batch_op.drop_index('uq_selection_run_one_active', sqlite_where=sa.text("status IN ('queued', 'running')"), postgresql_where=sa.text("status IN ('queued', 'running')"))
        batch_op.drop_index(batch_op.f('ix_selection_run_assembly_id'))

    op.drop_table('selection_run')
