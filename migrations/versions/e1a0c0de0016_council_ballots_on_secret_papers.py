"""council ballots on secret papers: options keyed, tallies become papers, quorum

Revision ID: e1a0c0de0016
Revises: e1a0c0de0015
Create Date: 2026-12-08 10:00:00

Each old tally becomes that many papers with fresh random ids and receipts nobody holds, so
counts keep coming from one place; the outcome recorded at close (`won`) is kept as it was.
A ballot on one topic becomes the question "take it up?": votes for the topic count as yes.
Columns are added and dropped in place (`recreate="never"`): rebuilding a table on SQLite
would drop it with foreign keys on, and the cascade would delete its voters.
"""
import hashlib
import random
import secrets
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'e1a0c0de0016'
down_revision = 'e1a0c0de0015'
branch_labels = None
depends_on = None

FIXED = ('yes', 'no', 'abstain')
LABELS = {'yes': 'Yes', 'no': 'No', 'abstain': 'Abstain'}

ballot_t = sa.table(
    'council_ballot',
    sa.column('id', sa.Integer),
    sa.column('created_at', facilitate.models.base.UTCDateTime()),
    sa.column('closed_at', facilitate.models.base.UTCDateTime()),
)
option_t = sa.table(
    'council_ballot_option',
    sa.column('id', sa.Integer),
    sa.column('ballot_id', sa.Integer),
    sa.column('key', sa.String),
    sa.column('label', sa.String),
    sa.column('topic_id', sa.Integer),
    sa.column('tally', sa.Integer),
    sa.column('won', sa.Boolean),
)
paper_t = sa.table(
    'council_ballot_paper',
    sa.column('id', sa.String),
    sa.column('ballot_id', sa.Integer),
    sa.column('choice', sa.String),
    sa.column('cast_on', sa.Date),
    sa.column('receipt_hash', sa.String),
)


def upgrade():
    with op.batch_alter_table('council', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('quorum_percent', sa.Integer(), nullable=False, server_default='50'))

    with op.batch_alter_table('council_ballot', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('threshold', sa.Enum('simple', 'two_thirds', 'four_fifths', name='threshold', native_enum=False, length=20), nullable=False, server_default='simple'))
        batch_op.add_column(sa.Column('quorum_percent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('eligible_count', sa.Integer(), nullable=True))

    op.create_table('council_ballot_paper',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('choice', sa.String(length=500), nullable=False),
    sa.Column('cast_on', sa.Date(), nullable=False),
    sa.Column('receipt_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['council_ballot.id'], name=op.f('fk_council_ballot_paper_ballot_id_council_ballot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_ballot_paper')),
    sa.UniqueConstraint('receipt_hash', name=op.f('uq_council_ballot_paper_receipt_hash'))
    )
    with op.batch_alter_table('council_ballot_paper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_ballot_paper_ballot_id'), ['ballot_id'], unique=False)

    with op.batch_alter_table('council_ballot_option', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=20), nullable=False, server_default=''))

    _tallies_to_papers(op.get_bind())

    with op.batch_alter_table('council_ballot_option', schema=None, recreate='never') as batch_op:
        batch_op.create_index('ix_council_ballot_option_ballot_key', ['ballot_id', 'key'], unique=True)
        batch_op.drop_column('tally')


def _tallies_to_papers(conn):
    """Key every option, offer no and abstain where missing, and turn tallies into papers."""
    options = defaultdict(list)
    for row in conn.execute(sa.select(option_t).order_by(option_t.c.ballot_id, option_t.c.id)):
        options[row.ballot_id].append(row)
    days = {
        row.id: (row.closed_at or row.created_at).date()
        for row in conn.execute(sa.select(ballot_t))
    }
    shuffler = random.SystemRandom()
    for ballot_id, rows in options.items():
        topics = [o for o in rows if o.topic_id is not None]
        if len(rows) == 1 and topics:
            keys = {rows[0].id: 'yes'}  # "take it up?": a vote for the one topic was a yes
        elif topics:
            keys = {o.id: f't{o.topic_id}' if o.topic_id is not None else f'o{o.id}' for o in rows}
        else:
            keys = {o.id: FIXED[n] if n < len(FIXED) else f'o{o.id}' for n, o in enumerate(rows)}
        for option_id, key in keys.items():
            conn.execute(option_t.update().where(option_t.c.id == option_id).values(key=key))
        wanted = ('abstain',) if 'yes' not in keys.values() else FIXED
        for key in wanted:
            if key not in keys.values():
                conn.execute(option_t.insert().values(
                    ballot_id=ballot_id, key=key, label=LABELS[key], topic_id=None, tally=0, won=False
                ))
        papers = [
            {
                'id': secrets.token_hex(16),
                'ballot_id': ballot_id,
                'choice': keys[o.id],
                'cast_on': days[ballot_id],
                # A receipt nobody was shown: the hash of a code that is thrown away.
                'receipt_hash': hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            }
            for o in rows
            for _n in range(o.tally or 0)
        ]
        shuffler.shuffle(papers)
        if papers:
            conn.execute(paper_t.insert(), papers)


def downgrade():
    with op.batch_alter_table('council_ballot_option', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('tally', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_index('ix_council_ballot_option_ballot_key')

    conn = op.get_bind()
    counts = conn.execute(
        sa.select(paper_t.c.ballot_id, paper_t.c.choice, sa.func.count())
        .group_by(paper_t.c.ballot_id, paper_t.c.choice)
    ).all()
    for ballot_id, choice, count in counts:
        conn.execute(
            option_t.update()
            .where(option_t.c.ballot_id == ballot_id, option_t.c.key == choice)
            .values(tally=count)
        )

    with op.batch_alter_table('council_ballot_option', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('key')

    with op.batch_alter_table('council_ballot_paper', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_ballot_paper_ballot_id'))

    op.drop_table('council_ballot_paper')
    with op.batch_alter_table('council_ballot', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('eligible_count')
        batch_op.drop_column('quorum_percent')
        batch_op.drop_column('threshold')

    with op.batch_alter_table('council', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('quorum_percent')
