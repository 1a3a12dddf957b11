"""encrypt two-factor secrets

Revision ID: 54a32199c720
Revises: 35d6ec0c6147
Create Date: 2026-11-25 20:18:51.685152

"""
import re

from alembic import context, op
import sqlalchemy as sa
from flask import current_app

import facilitate.models.base
from facilitate.auth import secret_sealing


# revision identifiers, used by Alembic.
revision = '54a32199c720'
down_revision = '35d6ec0c6147'
branch_labels = None
depends_on = None

user = sa.table('user', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))
# pyotp's secrets are upper-case base32; a Fernet token always starts with a lower-case "g".
PLAIN = re.compile(r'[A-Z2-7]+=*')


def _key():
    # The secrets are sealed with the running app's key, so this step needs the app's
    # configuration and a live database; an offline SQL script could not do it.
    if context.is_offline_mode():
        raise RuntimeError('this migration encrypts existing secrets: run it online')
    return secret_sealing.key_from_config(current_app.config)


def _rewrite(change):
    bind = op.get_bind()
    rows = bind.execute(sa.select(user.c.id, user.c.totp_secret).where(user.c.totp_secret.is_not(None)))
    # Every value is converted before any is written, so a failure leaves all of them as they were.
    changed = [(user_id, change(value)) for user_id, value in rows.all()]
    for user_id, value in changed:
        bind.execute(user.update().where(user.c.id == user_id).values(totp_secret=value))


def upgrade():
    key = _key()
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.VARCHAR(length=64),
               type_=sa.String(length=255),
               existing_nullable=True)
    _rewrite(lambda value: secret_sealing.seal(value, key) if PLAIN.fullmatch(value) else value)


def downgrade():
    key = _key()
    # Raises UnreadableSecret when the key is not the one that sealed them.
    _rewrite(lambda value: value if PLAIN.fullmatch(value) else secret_sealing.unseal(value, key))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.String(length=255),
               type_=sa.VARCHAR(length=64),
               existing_nullable=True)
