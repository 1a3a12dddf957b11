"""letter waves and two-stage draws: the procedure and design of each draw, a letter's stratum

Revision ID: e1a0c0de0031
Revises: e1a0c0de0030
Create Date: 2026-12-06 04:40:00

Draws made before keep wave 1 and the method "simple" (or "stratified" where a column was
given); their letters have no stratum or row number recorded, as none was kept then.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0031"
down_revision = "e1a0c0de0030"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("letter_draw") as batch_op:
        batch_op.add_column(sa.Column("wave", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("method", sa.String(length=20), server_default="simple", nullable=False)
        )
        batch_op.add_column(sa.Column("design", sa.Text(), server_default="{}", nullable=False))
    op.execute("UPDATE letter_draw SET method = 'stratified' WHERE stratify_column <> ''")
    with op.batch_alter_table("letter") as batch_op:
        batch_op.add_column(
            sa.Column("stratum", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("source_row", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("letter") as batch_op:
        batch_op.drop_column("source_row")
        batch_op.drop_column("stratum")
    with op.batch_alter_table("letter_draw") as batch_op:
        batch_op.drop_column("design")
        batch_op.drop_column("method")
        batch_op.drop_column("wave")
