"""Insert many rows fast inside the session's transaction: COPY on PostgreSQL, executemany else.

Rows are tuples in the order of the columns named, never dicts: building 600,000 dicts only to
take their values out again cost an import of 100,000 registrants a second.
"""

import queue
import threading
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import Enum

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError

from facilitate.extensions import db

#: Batches waiting for the writer thread: enough to keep it busy, few enough to bound memory.
QUEUED_BATCHES = 2


class Writer:
    """Insert batches of rows in the order given; the caller's commit or rollback decides for
    all of them at once.

    On PostgreSQL a thread of its own sends each batch with COPY while the caller prepares the
    next: the server inserts, indexes and checks one batch while Python builds the following
    one, and psycopg lets go of the GIL while it waits. Nothing else may use the session's
    connection until the `writer()` block ends, which waits for the last batch.
    """

    def __init__(self) -> None:
        self.connection = db.session.connection()
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUED_BATCHES)
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        if self.connection.dialect.name == "postgresql":
            self._raw = self.connection.connection.driver_connection
            self._thread = threading.Thread(target=self._drain, name="bulk-copy", daemon=True)
            self._thread.start()

    def __call__(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert `rows` (tuples in the order of `columns`) into `table`."""
        if not rows:
            return
        if self._thread is None:
            self._insert(table, columns, rows)
            return
        self._raise_failure()
        self._queue.put((table, columns, rows))

    def close(self, finished: bool) -> None:
        """Wait for the batches still queued (only the one being sent when not `finished`)."""
        if self._thread is None:
            return
        if not finished:
            # Drop what is still queued: the transaction is rolled back anyway.
            with suppress(queue.Empty):
                while True:
                    self._queue.get_nowait()
        self._queue.put(None)
        self._thread.join()
        if finished:
            self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _drain(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._failure is None:
                try:
                    self._copy(*batch)
                except BaseException as error:  # handed to the caller's thread
                    self._failure = error

    def _copy(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        quoted = ", ".join(f'"{name}"' for name in columns)
        # Only columns holding enums need converting (stored by value, native_enum=False):
        # looking at every value of every row cost more than a second for 100,000 rows.
        enums = [i for i, name in enumerate(columns) if isinstance(_sample(rows, i), Enum)]
        with (
            self._raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
        ):
            for values in rows:
                if enums:
                    values = list(values)
                    for i in enums:
                        if values[i] is not None:
                            values[i] = values[i].value
                copy.write_row(values)

    def _insert(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        # One compiled statement and the column types' own converters, without per-row overhead.
        # dialect_impl() gives the type as this dialect runs it (an Enum stored as text, a
        # TypeDecorator with its impl), so its bind_processor is what an insert() would apply.
        dialect = self.connection.dialect
        converters = [
            (i, convert, {})
            for i, name in enumerate(columns)
            if (convert := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        ]
        params = rows
        if converters:
            params = []
            for row in rows:
                row = list(row)
                for i, convert, done in converters:
                    value = row[i]
                    if value is not None:
                        # Dates and timestamps repeat across rows: each is converted once.
                        if (kept := done.get(value)) is None:
                            kept = done[value] = convert(value)
                        row[i] = kept
                params.append(tuple(row))
        placeholders = ", ".join("?" for _ in columns)
        quoted = ", ".join(f'"{name}"' for name in columns)
        self.connection.exec_driver_sql(
            # Names come from our own table metadata, never from input.
            f'INSERT INTO "{table.name}" ({quoted}) VALUES ({placeholders})',  # noqa: S608
            params,
        )


@contextmanager
def writer() -> Iterator[Writer]:
    """Give a `Writer`; leaving the block waits until every batch is in."""
    bulk = Writer()
    try:
        yield bulk
    except BaseException:
        bulk.close(finished=False)
        raise
    bulk.close(finished=True)


def _sample(rows: list[tuple], i: int):
    """Return the column's first value that is not None."""
    return next((row[i] for row in rows if row[i] is not None), None)


def reserve_ids(table: Table, count: int) -> Sequence[int] | None:
    """Take `count` ids from PostgreSQL's sequence up front (None elsewhere: look them up).

    An array, not a list: 100,000 ids take 0.8 MB, not 3.6.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or count == 0:
        return None
    sequence = connection.exec_driver_sql(
        f"SELECT pg_get_serial_sequence('{table.name}', 'id')"
    ).scalar_one()
    return array(
        "q",
        connection.exec_driver_sql(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (sequence, count)
        ).scalars(),
    )


def table_defaults(table: Table, given: Sequence[str]) -> tuple[list[str], tuple]:
    """Return the columns with a scalar default that `given` leaves out, and their values."""
    missing = [
        c
        for c in table.columns
        if c.name not in given and c.default is not None and c.default.is_scalar
    ]
    return [c.name for c in missing], tuple(c.default.arg for c in missing)


@contextmanager
def rows_referred_to(held: dict[Table, Sequence[int]]) -> Iterator[None]:
    """Check the foreign keys of the inserts inside once, not once per row, where we may.

    PostgreSQL checks each row's foreign keys with a query of its own: 1,100,000 of them for
    100,000 registrants and their answers, seconds of the server's time. Inside this block, when
    the role may set session_replication_role, those per-row triggers are skipped, which keeps
    the guarantee only because the caller promises that every foreign key it inserts is NULL,
    refers to a row it inserted earlier in this transaction (which no one else can see, so no
    one can delete), or refers to a row listed in `held`. Those are locked here exactly as the
    triggers would lock them (FOR KEY SHARE, so none can be deleted until we commit) and must
    all exist. Unique keys, NOT NULL and CHECK constraints are not triggers and still apply.
    Elsewhere (SQLite, or a role without the right) the per-row checks run as always.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    for table, ids in held.items():
        wanted = sorted(set(ids))
        found = connection.exec_driver_sql(
            # Names come from our own table metadata, never from input.
            f'SELECT count(*) FROM (SELECT 1 FROM "{table.name}" '  # noqa: S608
            "WHERE id = ANY(%s) FOR KEY SHARE) AS locked",
            (wanted,),
        ).scalar_one()
        if found != len(wanted):
            raise LookupError(f"{len(wanted) - found} row(s) of {table.name} are gone")
    if not _may_skip_row_triggers(connection):
        yield
        return
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    reset = "SET LOCAL session_replication_role = DEFAULT"
    try:
        yield
    except BaseException:
        # After a failed statement the transaction can only roll back, which undoes SET LOCAL.
        with suppress(DBAPIError):
            connection.exec_driver_sql(reset)
        raise
    connection.exec_driver_sql(reset)


def _may_skip_row_triggers(connection) -> bool:
    if connection.connection.driver_connection.info.server_version >= 150000:
        sql = "SELECT has_parameter_privilege('session_replication_role', 'SET')"
    else:
        sql = "SELECT current_setting('is_superuser') = 'on'"
    return bool(connection.exec_driver_sql(sql).scalar_one())
