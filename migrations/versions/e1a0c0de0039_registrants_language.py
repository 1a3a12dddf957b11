"""the language each registrant registered in, for e-mails in the recipient's language

Revision ID: e1a0c0de0039
Revises: e1a0c0de0038
Create Date: 2026-12-06 20:00:00

Existing registrants get "", read as the assembly's language, which is what they were sent.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a0c0de0039"
down_revision = "e1a0c0de0038"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrant", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("registrant", recreate="never") as batch_op:
        batch_op.drop_column("language")
