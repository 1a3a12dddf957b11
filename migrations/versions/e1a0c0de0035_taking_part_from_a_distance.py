"""taking part from a distance: sitting mode, attendance mode, expert session media

Revision ID: e1a0c0de0035
Revises: e1a0c0de0034
Create Date: 2026-12-06 06:10:00

Existing sittings and check-ins were all in person, which the server defaults record.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0035"
down_revision = "e1a0c0de0034"
branch_labels = None
depends_on = None


def _mode(*values):
    return sa.Enum(*values, name="mode", native_enum=False, length=20)


def upgrade():
    with op.batch_alter_table("sitting") as batch_op:
        batch_op.add_column(
            sa.Column(
                "mode",
                _mode("in_person", "online", "hybrid"),
                server_default="in_person",
                nullable=False,
            )
        )
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.add_column(
            sa.Column(
                "mode", _mode("in_person", "online"), server_default="in_person", nullable=False
            )
        )
    op.create_table(
        "sitting_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "recording", "livestream", "slides", name="mediakind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agreed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sitting_id"], ["sitting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["expert_id"], ["expert.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["agreed_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sitting_media_sitting_id", "sitting_media", ["sitting_id"])


def downgrade():
    op.drop_index("ix_sitting_media_sitting_id", table_name="sitting_media")
    op.drop_table("sitting_media")
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.drop_column("mode")
    with op.batch_alter_table("sitting") as batch_op:
        batch_op.drop_column("mode")
