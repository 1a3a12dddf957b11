"""submitter withdraws submission

Revision ID: cca0967f9849
Revises: 54a32199c720
Create Date: 2026-11-25 21:09:00.696594

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'cca0967f9849'
down_revision = '54a32199c720'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manage_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_submission_manage_token_hash'), ['manage_token_hash'])


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_submission_manage_token_hash'), type_='unique')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('manage_token_hash')
