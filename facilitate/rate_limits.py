"""Rate limits counted in the database when there is no Redis, so every worker shares them.

Flask-Limiter's memory storage counts per process: behind `gunicorn -w 4` each worker would
allow the full limit, and a 10-per-minute sign-in limit would let 40 guesses through. Every
worker already shares the database, so the counters live there: one small upsert per limited
request (sign-in, public forms), in its own short transaction so that a request that is
rolled back still counts, and so that other workers see the count at once.

Importing this module registers the `database://` storage scheme with the limits library.
"""

import hashlib
import time

from flask import current_app, has_app_context
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from facilitate.extensions import db
from facilitate.models.rate_limits import RateLimitCounter

#: The storage URI config.load sets when REDIS_URL is not.
STORAGE_URI = "database://"
#: Every this many increments, a worker sweeps away windows that have closed.
SWEEP_EVERY = 200

_TABLE = RateLimitCounter.__table__


def _column_key(key: str) -> str:
    if len(key) <= 255:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """A fixed-window counter store on the app's own database (SQLite or PostgreSQL)."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions, **options)
        self._increments = 0

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the key's window, opening a new window when the old one closed."""
        now = time.time()
        dialect = db.engine.dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        closed = _TABLE.c.expires_at <= now
        statement = (
            insert(_TABLE)
            .values(key=_column_key(key), count=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[_TABLE.c.key],
                set_={
                    "count": case((closed, amount), else_=_TABLE.c.count + amount),
                    "expires_at": case((closed, now + expiry), else_=_TABLE.c.expires_at),
                },
            )
            .returning(_TABLE.c.count)
        )
        with db.engine.begin() as connection:
            count = connection.execute(statement).scalar_one()
            self._increments += 1
            if self._increments % SWEEP_EVERY == 0:
                connection.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
        return count

    def get(self, key: str) -> int:
        """Return the count in the key's open window (0 when none is open)."""
        with db.engine.connect() as connection:
            count = connection.scalar(
                select(_TABLE.c.count).where(
                    _TABLE.c.key == _column_key(key), _TABLE.c.expires_at > time.time()
                )
            )
        return count or 0

    def get_expiry(self, key: str) -> float:
        """Return when the key's window closes (now when none is open)."""
        with db.engine.connect() as connection:
            expires = connection.scalar(
                select(_TABLE.c.expires_at).where(_TABLE.c.key == _column_key(key))
            )
        now = time.time()
        return expires if expires and expires > now else now

    def check(self) -> bool:
        """Say whether the database answers (Flask-Limiter falls back to memory when not)."""
        if not has_app_context():
            return False
        try:
            with db.engine.connect() as connection:
                connection.scalar(select(1))
        except SQLAlchemyError:
            current_app.logger.warning("rate limit counters unavailable", exc_info=True)
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter."""
        with db.engine.begin() as connection:
            return connection.execute(delete(_TABLE)).rowcount

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with db.engine.begin() as connection:
            connection.execute(delete(_TABLE).where(_TABLE.c.key == _column_key(key)))


def configure(config) -> None:
    """Count in the database unless Redis is configured (or a storage is named outright)."""
    if not config.get("REDIS_URL"):
        config.setdefault("RATELIMIT_STORAGE_URI", STORAGE_URI)
