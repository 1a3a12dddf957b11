"""rate limits counted in the database, and public forms' one-time tokens

Revision ID: e1a0c0de0020
Revises: e1a0c0de0022
Create Date: 2026-12-06 02:40:00

Without REDIS_URL every gunicorn worker used to count sign-in attempts on its own, so four
workers let four times the limit through. The counters now live in the database all workers
share. A public form's bot token could be sent again and again; a spent one is kept until it
would have expired anyway.
"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0020'
down_revision = 'e1a0c0de0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rate_limit_counter',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counter')),
    )
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_rate_limit_counter_expires_at'), ['expires_at'], unique=False
        )
    op.create_table(
        'spent_form_token',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_spent_form_token')),
    )
    with op.batch_alter_table('spent_form_token', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_spent_form_token_expires_at'), ['expires_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('spent_form_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spent_form_token_expires_at'))
    op.drop_table('spent_form_token')
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counter_expires_at'))
    op.drop_table('rate_limit_counter')
