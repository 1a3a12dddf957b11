"""outbox messages are retried after temporary failures

Revision ID: e1a0c0de0017
Revises: e1a0c0de0016
Create Date: 2026-12-09 10:00:00

A message counts its delivery attempts and is not tried again before `next_attempt_at` (the
backoff after a 4xx reply or a lost connection). Columns are added and dropped in place
(`recreate="never"`): SQLite can do both without rebuilding the table.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0017"
down_revision = "e1a0c0de0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("next_attempt_at", facilitate.models.base.UTCDateTime(), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("outbox_message", recreate="never") as batch_op:
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
