"""organisers write to people: templates, mailings, messaging settings, reminders sent

Revision ID: e1a0c0de0026
Revises: e1a0c0de0024
Create Date: 2026-12-06 03:00:00

Outbox messages name the mailing they belong to (so its delivery can be followed) and the
address replies go to.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0026"
down_revision = "e1a0c0de0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", facilitate.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assembly.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assembly_id", "kind", "language"),
    )
    op.create_table(
        "mailing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("segment", sa.String(length=80), nullable=False),
        sa.Column("segment_label", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("unreachable", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assembly.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nonce"),
    )
    op.create_index("ix_mailing_assembly_id", "mailing", ["assembly_id"])
    op.create_table(
        "messaging_settings",
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("reply_to", sa.String(length=254), nullable=False),
        sa.Column("reply_within_days", sa.Integer(), nullable=False),
        sa.Column("sitting_reminder_days", sa.Integer(), nullable=False),
        sa.Column("reply_reminder_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assembly.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("assembly_id"),
    )
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", facilitate.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "subject_id", "member_id"),
    )
    # SQLite cannot add a foreign key in place: batch mode rebuilds the table there.
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.add_column(
            sa.Column(
                "mailing_id",
                sa.Integer(),
                sa.ForeignKey("mailing.id", ondelete="SET NULL"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("reply_to", sa.String(length=254), server_default="", nullable=False)
        )
    op.create_index("ix_outbox_message_mailing_id", "outbox_message", ["mailing_id"])


def downgrade():
    op.drop_index("ix_outbox_message_mailing_id", table_name="outbox_message")
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.drop_column("reply_to")
        batch_op.drop_column("mailing_id")
    op.drop_table("reminder_sent")
    op.drop_table("messaging_settings")
    op.drop_index("ix_mailing_assembly_id", table_name="mailing")
    op.drop_table("mailing")
    op.drop_table("message_template")
