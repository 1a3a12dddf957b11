"""mailings in every working language: each version's subject and how many were sent it

Revision ID: e1a0c0de0041
Revises: e1a0c0de0040
Create Date: 2026-12-07 00:00:00

A mailing sent before this was written in one language: it becomes that mailing's version in
its assembly's authoritative language, sent to all of its recipients.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0041"
down_revision = "e1a0c0de0040"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mailing_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailing_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mailing_id"], ["mailing.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mailing_id", "language"),
    )
    op.execute(
        "INSERT INTO mailing_version (mailing_id, language, subject, recipients) "
        "SELECT mailing.id, assembly.language, mailing.subject, mailing.recipients "
        "FROM mailing JOIN assembly ON assembly.id = mailing.assembly_id"
    )


def downgrade():
    op.drop_table("mailing_version")
