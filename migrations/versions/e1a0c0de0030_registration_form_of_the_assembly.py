"""the registration form belongs to the assembly: its own questions, barriers, support offered

Revision ID: e1a0c0de0030
Revises: e1a0c0de0029
Create Date: 2026-12-06 05:00:00

Four new tables; no existing table changes.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0030"
down_revision = "e1a0c0de0029"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def upgrade():
    op.create_table(
        "registration_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("questionkind", "text", "choice", "yes_no"), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name="fk_registration_question_assembly_id_assembly",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_registration_question"),
    )
    op.create_index(
        "ix_registration_question_assembly_id", "registration_question", ["assembly_id"]
    )
    op.create_table(
        "registrant_question_answer",
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["registrant_id"],
            ["registrant.id"],
            name="fk_registrant_question_answer_registrant_id_registrant",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["registration_question.id"],
            name="fk_registrant_question_answer_question_id_registration_question",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "registrant_id", "question_id", name="pk_registrant_question_answer"
        ),
    )
    op.create_index(
        "ix_registrant_question_answer_question_id",
        "registrant_question_answer",
        ["question_id"],
    )
    op.create_table(
        "registrant_barrier",
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "barrier",
                "travel",
                "care",
                "working_hours",
                "language",
                "disability",
                "digital",
                "other",
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["registrant_id"],
            ["registrant.id"],
            name="fk_registrant_barrier_registrant_id_registrant",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("registrant_id", "kind", name="pk_registrant_barrier"),
    )
    op.create_table(
        "assembly_support",
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("offers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name="fk_assembly_support_assembly_id_assembly",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assembly_id", name="pk_assembly_support"),
    )


def downgrade():
    op.drop_table("assembly_support")
    op.drop_table("registrant_barrier")
    op.drop_index("ix_registrant_question_answer_question_id", "registrant_question_answer")
    op.drop_table("registrant_question_answer")
    op.drop_index("ix_registration_question_assembly_id", "registration_question")
    op.drop_table("registration_question")
