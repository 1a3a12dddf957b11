"""pool import staging

Revision ID: a5e7d99c22ad
Revises: d2eb6617ebe6
Create Date: 2026-11-25 17:17:15.145724

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'a5e7d99c22ad'
down_revision = 'd2eb6617ebe6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pool_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('mapping', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_pool_import_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_pool_import_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_import'))
    )
    with op.batch_alter_table('pool_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pool_import_assembly_id'), ['assembly_id'], unique=False)



def downgrade():
    with op.batch_alter_table('pool_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_import_assembly_id'))

    op.drop_table('pool_import')
