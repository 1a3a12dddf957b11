"""the languages spoken at a sitting and the formats a material exists in

Revision ID: e1a0c0de0038
Revises: e1a0c0de0037
Create Date: 2026-12-06 20:30:00

Existing sittings follow their assembly's working languages; existing materials exist in the
standard format only, as nobody recorded another.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0038"
down_revision = "e1a0c0de0037"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sitting", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("languages", sa.String(length=40), nullable=False, server_default="")
        )
    with op.batch_alter_table("material", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("formats", sa.String(length=100), nullable=False, server_default="standard")
        )


def downgrade():
    with op.batch_alter_table("material", recreate="never") as batch_op:
        batch_op.drop_column("formats")
    with op.batch_alter_table("sitting", recreate="never") as batch_op:
        batch_op.drop_column("languages")
