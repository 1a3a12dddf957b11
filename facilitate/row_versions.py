"""Purge the old versions of rewritten or blanked rows once their transaction has committed.

An UPDATE or DELETE leaves the previous row version behind: PostgreSQL keeps it in the table
until a VACUUM, SQLite's write-ahead log keeps the pages it replaced until a checkpoint. Ballot
papers (rewritten on every vote) and erased people (blanked on request) must not linger there.
SQLite zeroes deleted content itself (`secure_delete`, set on every connection in
models/base.py); what remains is to fold the log into the database and empty it.
"""

import logging
import time
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from facilitate.after_commit import after_commit

log = logging.getLogger(__name__)


#: How long a purge waits for transactions that may still see the old versions (seconds).
SNAPSHOT_WAIT = 10.0


def purge_old_versions(
    engine, tables: str | Iterable[str], compact: bool = False, written_by: str | None = None
) -> None:
    """Remove the dead row versions of `tables`, outside any transaction.

    `compact` rewrites each PostgreSQL table file (VACUUM FULL), so not even free space keeps
    an old version's bytes; a plain VACUUM (SKIP_LOCKED: one running is enough) marks them free.
    `written_by` is the id of the transaction that left them: PostgreSQL keeps a version that
    an older snapshot may still read, so the purge first waits a little for those to end.
    """
    names = [tables] if isinstance(tables, str) else list(tables)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if written_by is not None:
                _wait_for_older_snapshots(conn, written_by)
            conn.execute(text("SET lock_timeout = '2s'"))
            for name in names:
                quoted = engine.dialect.identifier_preparer.quote(name)
                statement = f"VACUUM FULL {quoted}" if compact else f"VACUUM (SKIP_LOCKED) {quoted}"
                conn.execute(text(statement))
    elif engine.dialect.name == "sqlite":
        # The log still holds the pages the rewrite replaced: fold it in and empty it.
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout=250")
            busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            conn.exec_driver_sql("PRAGMA busy_timeout=5000")
            if busy:
                log.info("write-ahead log busy; it is emptied by the next purge")


def _wait_for_older_snapshots(conn, xid: str) -> None:
    # Sessions we may not inspect show no xmin; we wait only for those we can see.
    older = text(
        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
        " AND backend_xmin IS NOT NULL AND backend_xmin::text::bigint <= :xid"
    )
    deadline = time.monotonic() + SNAPSHOT_WAIT
    while conn.execute(older, {"xid": int(xid) % 2**32}).scalar():
        if time.monotonic() > deadline:
            log.warning("old snapshots still open; some erased row versions stay until VACUUM")
            return
        time.sleep(0.1)


def purge_after_commit(
    session: Session, tables: Iterable[str], compact: bool = False, wait: bool = False
) -> None:
    """Purge the old versions of `tables` once `session` commits (once per set of tables).

    `wait` (PostgreSQL): first let transactions older than this one end, so that none of them
    keeps the versions it wrote alive through the purge.
    """
    names = tuple(sorted(set(tables)))
    engine = session.get_bind()
    xid = None
    if wait and engine.dialect.name == "postgresql":
        xid = session.execute(text("SELECT pg_current_xact_id()::text")).scalar()
    after_commit(
        session,
        lambda: purge_old_versions(engine, names, compact, xid),
        key=f"purge:{','.join(names)}:{compact}",
    )
