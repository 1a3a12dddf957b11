"""duplicate decisions: pairs organisers kept both of, so they are not offered again

Revision ID: e1a0c0de0028
Revises: e1a0c0de0027
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op

import facilitate.models.base

# revision identifiers, used by Alembic.
revision = "e1a0c0de0028"
down_revision = "e1a0c0de0027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "duplicate_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", facilitate.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("first_id < second_id", name=op.f("ck_duplicate_decision_ordered_pair")),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly.id"],
            name=op.f("fk_duplicate_decision_assembly_id_assembly"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["first_id"],
            ["registrant.id"],
            name=op.f("fk_duplicate_decision_first_id_registrant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_id"],
            ["registrant.id"],
            name=op.f("fk_duplicate_decision_second_id_registrant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_duplicate_decision_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_decision")),
        sa.UniqueConstraint("first_id", "second_id", name=op.f("uq_duplicate_decision_first_id")),
    )
    op.create_index("ix_duplicate_decision_assembly_id", "duplicate_decision", ["assembly_id"])
    op.create_index("ix_duplicate_decision_second_id", "duplicate_decision", ["second_id"])


def downgrade():
    op.drop_index("ix_duplicate_decision_second_id", table_name="duplicate_decision")
    op.drop_index("ix_duplicate_decision_assembly_id", table_name="duplicate_decision")
    op.drop_table("duplicate_decision")
