"""secrets shown once, sealed server-side instead of in the session cookie

Revision ID: e1a0c0de0014
Revises: cca0967f9849
Create Date: 2026-12-05 09:50:00

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0014'
down_revision = 'cca0967f9849'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'shown_once',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('expires_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shown_once')),
    )
    with op.batch_alter_table('shown_once', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shown_once_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('shown_once', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shown_once_expires_at'))
    op.drop_table('shown_once')
