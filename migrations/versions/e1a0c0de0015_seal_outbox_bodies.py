"""outbox bodies sealed at rest and erased once sent; link sign-ins are not recent sign-ins

Revision ID: e1a0c0de0015
Revises: e1a0c0de0014
Create Date: 2026-12-06 10:00:00

A message's text carries one-time links for its recipient alone: unsent ones are sealed with
the app's outbox key, sent ones are erased. `login_session.authenticated_at` may be empty and
has no default: a sign-in by emailed link proves a mailbox, not the person.
"""
from alembic import context, op
import sqlalchemy as sa
from flask import current_app

import facilitate.models.base
from facilitate.auth import secret_sealing


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0015'
down_revision = 'e1a0c0de0014'
branch_labels = None
depends_on = None

outbox = sa.table(
    'outbox_message',
    sa.column('id', sa.Integer),
    sa.column('body', sa.Text),
    sa.column('sealed_body', sa.Text),
    sa.column('sent_at', facilitate.models.base.UTCDateTime(timezone=True)),
)
login_session = sa.table(
    'login_session',
    sa.column('created_at', facilitate.models.base.UTCDateTime(timezone=True)),
    sa.column('authenticated_at', facilitate.models.base.UTCDateTime(timezone=True)),
)


def _key():
    # Bodies are sealed with the running app's key, so this step needs the app's configuration
    # and a live database; an offline SQL script could not do it.
    if context.is_offline_mode():
        raise RuntimeError('this migration encrypts queued mail: run it online')
    return secret_sealing.key_from_config(current_app.config, secret_sealing.OUTBOX)


def _rewrite(source, target, change):
    bind = op.get_bind()
    rows = bind.execute(sa.select(outbox.c.id, outbox.c[source], outbox.c.sent_at)).all()
    # Every value is converted before any is written, so a failure leaves all as they were.
    changed = [(row_id, change(value, sent_at)) for row_id, value, sent_at in rows]
    for row_id, value in changed:
        bind.execute(outbox.update().where(outbox.c.id == row_id).values({target: value}))


def upgrade():
    key = _key()
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_body', sa.Text(), nullable=True))
    # Sent: erased, the recipient has it. Unsent: sealed until it leaves.
    _rewrite(
        'body',
        'sealed_body',
        lambda body, sent_at: None if sent_at is not None or not body else secret_sealing.seal(body, key),
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('body')
    # No default either: only a password (and code) sets it.
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.alter_column('authenticated_at',
               existing_type=facilitate.models.base.UTCDateTime(timezone=True),
               nullable=True, server_default=None)


def downgrade():
    key = _key()
    op.get_bind().execute(
        login_session.update()
        .where(login_session.c.authenticated_at.is_(None))
        .values(authenticated_at=login_session.c.created_at)
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.alter_column('authenticated_at',
               existing_type=facilitate.models.base.UTCDateTime(timezone=True),
               nullable=False, server_default=sa.func.current_timestamp())
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=False, server_default=''))
    # Raises UnreadableSecret when the key is not the one that sealed them.
    _rewrite(
        'sealed_body',
        'body',
        lambda sealed, _sent_at: secret_sealing.unseal(sealed, key) if sealed else '',
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('sealed_body')
        batch_op.alter_column('body', existing_type=sa.Text(), server_default=None)
