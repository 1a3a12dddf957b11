"""Run work once the current transaction has committed, and never if it rolls back.

Some work must not happen inside the transaction that caused it: purging old row versions
needs a connection of its own outside any transaction, and mail or jobs must not leave for
something that may still roll back. Services register such work here; the session runs it
after a successful commit, once its connections are back in the pool, and forgets it on
rollback.
"""

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_PENDING = "facilitate_after_commit"
_READY = "facilitate_after_commit_ready"
log = logging.getLogger(__name__)


def after_commit(session: Session, work: Callable[[], None], key: str | None = None) -> None:
    """Run `work()` after `session` next commits; a `key` registers the same work only once."""
    pending = session.info.setdefault(_PENDING, {})
    pending[key or id(work)] = work


@event.listens_for(Session, "after_commit")
def _commit_done(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_READY, {}).update(pending)


@event.listens_for(Session, "after_transaction_end")
def _run_ready(session: Session, transaction: SessionTransaction) -> None:
    # Only when the outermost transaction has ended and released its connection: SQLite
    # cannot empty its log while this session still holds one.
    if transaction.parent is not None:
        return
    ready = session.info.pop(_READY, None)
    for work in (ready or {}).values():
        try:
            work()
        except Exception:  # noqa: BLE001 - the commit stands; say what did not follow it
            log.exception("work after commit failed")


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, _previous_transaction) -> None:
    session.info.pop(_PENDING, None)
