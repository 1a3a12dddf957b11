"""a council's working languages, translators and ballots that wait for their translations

Revision ID: e1a0c0de0040
Revises: e1a0c0de0039
Create Date: 2026-12-06 23:00:00

Translations belong to an assembly or to a council: `content_translation` gains a nullable
`council_id` beside a now nullable `assembly_id`, a check that exactly one is set, and a unique
key per owner. Existing councils stay in their one language; existing staff are secretariat;
existing ballots were opened when they were created.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0040"
down_revision = "e1a0c0de0039"
branch_labels = None
depends_on = None

ONE_OWNER = (
    "(assembly_id IS NOT NULL AND council_id IS NULL)"
    " OR (assembly_id IS NULL AND council_id IS NOT NULL)"
)


def upgrade():
    with op.batch_alter_table("council", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("working_languages", sa.String(length=40), nullable=False, server_default="")
        )
    with op.batch_alter_table("council_staff", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "role",
                sa.Enum(
                    "secretariat", "translator", name="staffrole", native_enum=False, length=20
                ),
                nullable=False,
                server_default="secretariat",
            )
        )
    with op.batch_alter_table("council_ballot", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("opened_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=True)
        )
    op.execute("UPDATE council_ballot SET opened_at = created_at")
    # SQLite cannot alter a column or add a constraint in place: the table is copied.
    with op.batch_alter_table("content_translation") as batch_op:
        batch_op.add_column(sa.Column("council_id", sa.Integer(), nullable=True))
        batch_op.alter_column("assembly_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_content_translation_council_id"), ["council_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_content_translation_council_id_council"),
            "council",
            ["council_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_content_translation_council_id"),
            ["council_id", "kind", "object_id", "field", "language"],
        )
        batch_op.create_check_constraint("one_owner", ONE_OWNER)


def downgrade():
    op.execute("DELETE FROM content_translation WHERE assembly_id IS NULL")
    with op.batch_alter_table("content_translation") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_content_translation_one_owner"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_content_translation_council_id"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_content_translation_council_id_council"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_content_translation_council_id"))
        batch_op.alter_column("assembly_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("council_id")
    with op.batch_alter_table("council_ballot", recreate="never") as batch_op:
        batch_op.drop_column("opened_at")
    with op.batch_alter_table("council_staff", recreate="never") as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("council", recreate="never") as batch_op:
        batch_op.drop_column("working_languages")
