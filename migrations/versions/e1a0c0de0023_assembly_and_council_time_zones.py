"""assemblies and councils have a time zone

Revision ID: e1a0c0de0023
Revises: e1a0c0de0018
Create Date: 2026-12-06 02:30:00

Times were entered and shown in UTC until now, so existing assemblies and councils get "UTC":
nothing they show or export moves. New ones get the configured DEFAULT_TIME_ZONE; when an
organiser picks the real zone, upcoming sittings keep their wall-clock times.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0023'
down_revision = 'e1a0c0de0018'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('assembly', 'council'):
        with op.batch_alter_table(table, recreate='never') as batch_op:
            batch_op.add_column(
                sa.Column('time_zone', sa.String(length=64), nullable=False, server_default='UTC')
            )


def downgrade():
    for table in ('assembly', 'council'):
        with op.batch_alter_table(table, recreate='never') as batch_op:
            batch_op.drop_column('time_zone')
