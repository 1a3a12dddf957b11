"""reserves drawn with the panel: an ordered list per draw, and the seat each one took

Revision ID: e1a0c0de0032
Revises: e1a0c0de0031
Create Date: 2026-12-06 04:50:00

A new table only; existing draws simply have no reserves.
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0032"
down_revision = "e1a0c0de0031"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "panel_reserve",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=True),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assembly.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["selection_run.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registrant_id"], ["registrant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["seat_id"], ["panel_seat.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "position", name="uq_panel_reserve_position"),
    )
    with op.batch_alter_table("panel_reserve") as batch_op:
        batch_op.create_index("ix_panel_reserve_assembly_id", ["assembly_id"], unique=False)
        batch_op.create_index("ix_panel_reserve_run_id", ["run_id"], unique=False)


def downgrade():
    with op.batch_alter_table("panel_reserve") as batch_op:
        batch_op.drop_index("ix_panel_reserve_run_id")
        batch_op.drop_index("ix_panel_reserve_assembly_id")
    op.drop_table("panel_reserve")
