"""the erasure ledger: whom to erase again after restoring an older backup

Revision ID: e1a0c0de0022
Revises: e1a0c0de0026
Create Date: 2026-12-06 02:30:00

No personal data: the registrant's pseudonymous reference, the assembly's id and keyed hashes.
"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0022'
down_revision = 'e1a0c0de0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'erasure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=16), nullable=False),
        sa.Column('assembly_id', sa.Integer(), nullable=True),
        sa.Column('email_key', sa.String(length=64), nullable=False),
        sa.Column('name_key', sa.String(length=64), nullable=False),
        sa.Column('erased_at', facilitate.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure')),
        sa.UniqueConstraint('reference', name=op.f('uq_erasure_reference')),
    )
    with op.batch_alter_table('erasure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasure_assembly_id'), ['assembly_id'], unique=False)


def downgrade():
    with op.batch_alter_table('erasure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erasure_assembly_id'))
    op.drop_table('erasure')
