"""selection runs write a heartbeat while they draw

Revision ID: e1a0c0de0018
Revises: e1a0c0de0017
Create Date: 2026-12-05 14:30:00

A run whose heartbeat has stopped belongs to a dead process and no longer blocks a new
draw. The column is added in place (`recreate="never"`): SQLite can add a nullable column
without rebuilding the table.
"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0018'
down_revision = 'e1a0c0de0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('selection_run', recreate='never') as batch_op:
        batch_op.add_column(
            sa.Column('heartbeat_at', facilitate.models.base.UTCDateTime(), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('selection_run', recreate='never') as batch_op:
        batch_op.drop_column('heartbeat_at')
