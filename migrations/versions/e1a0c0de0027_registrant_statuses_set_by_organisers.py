"""registrant statuses set by organisers: ineligible, duplicate, with a reason

Revision ID: e1a0c0de0027
Revises: e1a0c0de0020
Create Date: 2026-12-06 03:45:00

The status column is a plain string, so the new values need no change to it; the reason, the
rule broken and the registration kept for a duplicate are new columns.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0027"
down_revision = "e1a0c0de0020"
branch_labels = None
depends_on = None


def upgrade():
    # SQLite cannot add a foreign key in place: batch mode rebuilds the table there.
    with op.batch_alter_table("registrant") as batch_op:
        batch_op.add_column(
            sa.Column("status_reason", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "ineligible_rule",
                sa.Enum(
                    "minimum_age",
                    "residence",
                    "excluded_office",
                    "other",
                    name="ineligiblerule",
                    native_enum=False,
                    length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "duplicate_of_id",
                sa.Integer(),
                sa.ForeignKey(
                    "registrant.id", name="fk_registrant_duplicate_of_id", ondelete="SET NULL"
                ),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("registrant") as batch_op:
        batch_op.drop_constraint("fk_registrant_duplicate_of_id", type_="foreignkey")
        batch_op.drop_column("duplicate_of_id")
        batch_op.drop_column("ineligible_rule")
        batch_op.drop_column("status_reason")
