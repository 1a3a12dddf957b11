"""Ballot boxes: papers stored so that nothing pairs them with the voters who cast them.

A voter's row and their paper are written by one transaction (both or neither), so anything
that remembers the transaction or the order of writing would pair them: PostgreSQL's xmin and
ctid, SQLite's rowid, a dump in physical order. Each vote therefore writes the whole box again
in a fresh random order, its new paper among the others: afterwards every paper carries the
latest transaction and sits in a shuffled place, so the newest voter is as likely to own any
paper as the others are. After the commit the old row versions are purged (VACUUM on
PostgreSQL; SQLite zeroes deleted content with secure_delete and a checkpoint empties its
write-ahead log), and closing the box writes it once more and compacts the table.

A box is any model with a random string `id` and a `__box__` naming the column that holds
the box's id (a ballot item, a council ballot, a survey); votes on one box are serialised by
a lock on the row that column refers to.
"""

import hashlib
import logging
import random
import secrets
from datetime import date

from sqlalchemy import delete, insert, select, update

from facilitate.extensions import db
from facilitate.row_versions import purge_after_commit

#: Letters that cannot be mistaken for one another when read off a phone.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

_shuffler = random.SystemRandom()
log = logging.getLogger(__name__)


def receipt_hash(code: str) -> str:
    """Return the published hash of a receipt code (case, spaces and dashes ignored)."""
    normal = "".join(code.split()).upper().replace("-", "")
    return hashlib.sha256(normal.encode()).hexdigest()


def new_receipt() -> str:
    """Return a fresh receipt code, e.g. ``K7QM-2XPA-H9WD``."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _box_column(model):
    return model.__table__.c[model.__box__]


def lock_box(model, box_id: int) -> None:
    """Hold the box's row until commit, so votes on one box write it one after another."""
    (foreign_key,) = _box_column(model).foreign_keys
    parent = foreign_key.column.table
    if db.session.get_bind().dialect.name == "sqlite":
        # No row locks on SQLite: a write takes the database's write lock before we read.
        db.session.execute(update(parent).where(parent.c.id == box_id).values(id=parent.c.id))
    else:
        db.session.execute(select(parent.c.id).where(parent.c.id == box_id).with_for_update())


def cast(model, box_id: int, choice: str, cast_on: date) -> str:
    """Put a paper with `choice` in the box and return the receipt code, shown once.

    The caller has written the voter row in the same transaction; the box must be locked
    (`lock_box`) first, which this does, so two votes never rewrite the box at once.
    """
    code = new_receipt()
    paper = {"choice": choice, "cast_on": cast_on, "receipt_hash": receipt_hash(code)}
    drop_in(model, box_id, [paper])
    return code


def drop_in(model, box_id: int, new: list[dict]) -> None:
    """Add the papers `new` (column values, no id) to the box and rewrite it in random order.

    Each paper gets a random id; the caller's transaction holds the box's lock until commit.
    """
    lock_box(model, box_id)
    papers = [{**paper, "id": secrets.token_hex(16), model.__box__: box_id} for paper in new]
    _rewrite(model, box_id, papers)


def reshuffle(model, box_id: int, compact: bool = False) -> None:
    """Write the box's papers again in a fresh random order (at close: `compact` the table)."""
    lock_box(model, box_id)
    _rewrite(model, box_id, [], compact)


def _rewrite(model, box_id: int, new: list[dict], compact: bool = False) -> None:
    table = model.__table__
    column = _box_column(model)
    # Core statements: the ORM would reorder the inserts by primary key.
    rows = [dict(r) for r in db.session.execute(select(table).where(column == box_id)).mappings()]
    rows += new
    _shuffler.shuffle(rows)
    db.session.execute(delete(table).where(column == box_id))
    if rows:
        db.session.execute(insert(table), rows)
    # The ORM's copies of these papers are stale now; drop them rather than reload everything.
    for stale in [o for o in db.session.identity_map.values() if isinstance(o, model)]:
        db.session.expunge(stale)
    purge_after_commit(db.session, [table.name], compact)
