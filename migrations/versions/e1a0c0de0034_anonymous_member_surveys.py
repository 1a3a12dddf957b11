"""anonymous member surveys: questions worded per language, respondents apart from answers

Revision ID: e1a0c0de0034
Revises: e1a0c0de0032
Create Date: 2026-12-06 05:00:00

New tables only.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0034"
down_revision = "e1a0c0de0032"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("sitting_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "open", "closed", name="surveystatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("opened_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("eligible_count", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name=op.f("fk_survey_assembly_id_assembly"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_survey_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sitting_id"],
            ["sitting.id"],
            name=op.f("fk_survey_sitting_id_sitting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey")),
    )
    op.create_index(op.f("ix_survey_assembly_id"), "survey", ["assembly_id"], unique=False)
    op.create_table(
        "survey_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("scale", "text", name="questionkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_question_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question")),
        sa.UniqueConstraint("survey_id", "position", name=op.f("uq_survey_question_survey_id")),
    )
    op.create_index(
        op.f("ix_survey_question_survey_id"), "survey_question", ["survey_id"], unique=False
    )
    op.create_table(
        "question_wording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_question.id"],
            name=op.f("fk_question_wording_question_id_survey_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_wording")),
        sa.UniqueConstraint(
            "question_id", "language", name=op.f("uq_question_wording_question_id")
        ),
    )
    op.create_index(
        op.f("ix_question_wording_question_id"), "question_wording", ["question_id"], unique=False
    )
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=1), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column(
            "moderation",
            sa.Enum(
                "pending", "approved", "hidden", name="moderation", native_enum=False, length=20
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_question.id"],
            name=op.f("fk_survey_answer_question_id_survey_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_answer_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
    )
    op.create_index(
        op.f("ix_survey_answer_question_id"), "survey_answer", ["question_id"], unique=False
    )
    op.create_index(
        op.f("ix_survey_answer_survey_id"), "survey_answer", ["survey_id"], unique=False
    )
    op.create_table(
        "survey_respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_survey_respondent_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_respondent_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_respondent")),
        sa.UniqueConstraint("survey_id", "member_id", name="uq_survey_respondent_member"),
    )
    op.create_index(
        op.f("ix_survey_respondent_member_id"), "survey_respondent", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_survey_respondent_survey_id"), "survey_respondent", ["survey_id"], unique=False
    )


def downgrade():
    for table in ("survey_respondent", "survey_answer", "question_wording", "survey_question"):
        op.drop_table(table)
    op.drop_table("survey")
