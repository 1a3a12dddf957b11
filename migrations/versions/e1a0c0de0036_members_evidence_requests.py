"""members' evidence requests: what they ask to hear, their support, the organisers' answers

Revision ID: e1a0c0de0036
Revises: e1a0c0de0035
Create Date: 2026-12-06 06:00:00

New tables only.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0036"
down_revision = "e1a0c0de0035"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evidence_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "expert",
                "perspective",
                "evidence",
                name="requestkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "accepted", "declined", name="requeststatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("answered_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("published", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name=op.f("fk_evidence_request_assembly_id_assembly"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["member.id"],
            name=op.f("fk_evidence_request_created_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user.id"],
            name=op.f("fk_evidence_request_answered_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_request")),
    )
    op.create_index(
        op.f("ix_evidence_request_assembly_id"), "evidence_request", ["assembly_id"], unique=False
    )
    op.create_table(
        "evidence_request_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["evidence_request.id"],
            name=op.f("fk_evidence_request_support_request_id_evidence_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_evidence_request_support_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_request_support")),
        sa.UniqueConstraint(
            "request_id", "member_id", name=op.f("uq_evidence_request_support_request_id")
        ),
    )
    op.create_index(
        op.f("ix_evidence_request_support_request_id"),
        "evidence_request_support",
        ["request_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_evidence_request_support_member_id"),
        "evidence_request_support",
        ["member_id"],
        unique=False,
    )


def downgrade():
    op.drop_table("evidence_request_support")
    op.drop_table("evidence_request")
