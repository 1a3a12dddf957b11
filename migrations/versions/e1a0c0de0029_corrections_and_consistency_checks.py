"""corrections of registrants' answers, the postcode→area table, consistency notes

Revision ID: e1a0c0de0029
Revises: e1a0c0de0028
Create Date: 2026-12-06 05:00:00

Each corrected field keeps its old and new value; organisers upload a postcode→area table per
assembly; a registration whose answers contradict each other carries a note.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0029"
down_revision = "e1a0c0de0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "registrant_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("old_value", sa.String(length=120), nullable=False),
        sa.Column("new_value", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("by_registrant", sa.Boolean(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assembly.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registrant_id"], ["registrant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_registrant_correction_assembly_id", "registrant_correction", ["assembly_id"]
    )
    op.create_index(
        "ix_registrant_correction_registrant_id", "registrant_correction", ["registrant_id"]
    )
    op.create_table(
        "postcode_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assembly.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assembly_id", "postcode", name="uq_postcode_area_assembly_id"),
    )
    op.create_index("ix_postcode_area_assembly_id", "postcode_area", ["assembly_id"])
    with op.batch_alter_table("registrant") as batch_op:
        batch_op.add_column(
            sa.Column("consistency_note", sa.String(length=300), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("registrant") as batch_op:
        batch_op.drop_column("consistency_note")
    op.drop_index("ix_postcode_area_assembly_id", table_name="postcode_area")
    op.drop_table("postcode_area")
    op.drop_index("ix_registrant_correction_registrant_id", table_name="registrant_correction")
    op.drop_index("ix_registrant_correction_assembly_id", table_name="registrant_correction")
    op.drop_table("registrant_correction")
