"""Copy the whole database to a file and back: pg_dump/pg_restore, or SQLite's backup API.

The PostgreSQL password travels in the child's environment (PGPASSWORD), never on its command
line, where any local user could read it with `ps`.
"""

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why."""


def _libpq_env(url: URL) -> dict[str, str]:
    """Return the environment that points pg_dump/pg_restore at this database."""
    env = dict(os.environ)
    settings = {
        "PGHOST": url.host or url.query.get("host"),
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": url.query.get("sslmode"),
    }
    for key, value in settings.items():
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return url.database


def is_empty(database_url: str) -> bool:
    """Say whether the database has no tables at all."""
    engine = create_engine(database_url)
    try:
        return not inspect(engine).get_table_names()
    finally:
        engine.dispose()


def create_backup(database_url: str, path: str | Path) -> Path:
    """Write a consistent copy of the database to `path` (which must not exist yet)."""
    target = Path(path)
    if target.exists():
        raise BackupError(f"{target} already exists")
    url = make_url(database_url)
    # Write beside the target, then rename: a half-written backup never has the final name.
    handle, partial = tempfile.mkstemp(prefix=".backup-", dir=target.parent or ".")
    os.close(handle)
    try:
        if url.get_backend_name() == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"], _libpq_env(url))
        elif url.get_backend_name() == "sqlite":
            source = sqlite3.connect(_sqlite_path(url))
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        else:
            raise BackupError(f"no backup method for {url.get_backend_name()}")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target


def restore_backup(database_url: str, path: str | Path) -> None:
    """Load a backup made by `create_backup` into an empty database."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite" and not os.path.exists(_sqlite_path(url)):
        pass  # a new file is as empty as it gets
    elif not is_empty(database_url):
        raise BackupError("the target database is not empty; restore into an empty one")
    if backend == "postgresql":
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={url.database}", str(source)],
            _libpq_env(url),
        )  # fmt: skip
    elif backend == "sqlite":
        if source.read_bytes()[:16] != b"SQLite format 3\x00":
            raise BackupError(f"{source} is not a SQLite backup")
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()
    else:
        raise BackupError(f"no restore method for {backend}")
