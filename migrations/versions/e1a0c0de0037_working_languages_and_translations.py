"""an assembly's working languages and versioned translations of its texts

Revision ID: e1a0c0de0037
Revises: e1a0c0de0036
Create Date: 2026-12-06 20:00:00

Existing assemblies get no further working language: they stay in their one (authoritative)
language until an organiser adds another.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0037"
down_revision = "e1a0c0de0036"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assembly", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("working_languages", sa.String(length=40), nullable=False, server_default="")
        )
    op.create_table(
        "content_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "current", name="translationstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name=op.f("fk_content_translation_assembly_id_assembly"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["user.id"],
            name=op.f("fk_content_translation_translator_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_translation")),
        sa.UniqueConstraint(
            "assembly_id",
            "kind",
            "object_id",
            "field",
            "language",
            name=op.f("uq_content_translation_assembly_id"),
        ),
    )
    op.create_index(
        op.f("ix_content_translation_assembly_id"),
        "content_translation",
        ["assembly_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_content_translation_assembly_id"), table_name="content_translation")
    op.drop_table("content_translation")
    with op.batch_alter_table("assembly", recreate="never") as batch_op:
        batch_op.drop_column("working_languages")
