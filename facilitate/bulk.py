"""Insert many rows fast inside the session's transaction: COPY on PostgreSQL, executemany else."""

from enum import Enum
from operator import itemgetter

from sqlalchemy import Table

from facilitate.extensions import db


def _complete(table: Table, rows: list[dict]) -> list[str]:
    """Fill scalar column defaults so every row names the same columns; return them."""
    defaults = {
        c.name: c.default.arg
        for c in table.columns
        if c.default is not None and c.default.is_scalar
    }
    names = sorted({key for row in rows for key in row} | set(defaults))
    for row in rows:
        for name, value in defaults.items():
            row.setdefault(name, value)
    return names


def bulk_insert(table: Table, rows: list[dict]) -> None:
    """Insert `rows`; the caller's commit or rollback decides for all of them at once."""
    if not rows:
        return
    columns = _complete(table, rows)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        quoted = ", ".join(f'"{name}"' for name in columns)
        # Only columns holding enums need converting: looking at every value of every row
        # cost more than a second on an import of 100,000 registrants.
        enums = [i for i, name in enumerate(columns) if isinstance(_sample(rows, name), Enum)]
        pick = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
        ):
            for row in rows:
                values = pick(row)
                if enums:
                    values = list(values)
                    for i in enums:
                        if values[i] is not None:
                            values[i] = values[i].value
                copy.write_row(values)
    else:
        # One compiled statement and the column types' own converters, without per-row overhead.
        # dialect_impl() gives the type as this dialect runs it (an Enum stored as text, a
        # TypeDecorator with its impl), so its bind_processor is what an insert() would apply.
        dialect = connection.dialect
        processors = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
        ]
        placeholders = ", ".join("?" for _ in columns)
        quoted = ", ".join(f'"{name}"' for name in columns)
        params = [
            tuple(
                value if convert is None or value is None else convert(value)
                for convert, value in zip(processors, (row[name] for name in columns), strict=True)
            )
            for row in rows
        ]
        connection.exec_driver_sql(
            # Names come from our own table metadata, never from input.
            f'INSERT INTO "{table.name}" ({quoted}) VALUES ({placeholders})',  # noqa: S608
            params,
        )


def _sample(rows: list[dict], name: str):
    """Return the column's first value that is not None: enums are stored by value
    (native_enum=False), and COPY needs the string itself."""
    return next((row[name] for row in rows if row[name] is not None), None)


def reserve_ids(table: Table, count: int) -> list[int] | None:
    """Take `count` ids from PostgreSQL's sequence up front (None elsewhere: look them up)."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or count == 0:
        return None
    sequence = connection.exec_driver_sql(
        f"SELECT pg_get_serial_sequence('{table.name}', 'id')"
    ).scalar_one()
    return list(
        connection.exec_driver_sql(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (sequence, count)
        ).scalars()
    )
