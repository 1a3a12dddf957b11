"""Read uploaded CSV or XLSX files into rows with their line numbers, or say what is wrong.

Every import (pool, quotas, submissions, letter addresses) reads its file here and reports
its rows' problems as `RowError`s.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from facilitate.refusals import Refused

#: Bytes that start an XLSX file (a zip archive).
ZIP_MAGIC = b"PK\x03\x04"
#: No import we take has more columns; a file with 100,000 made every review page crawl.
MAX_COLUMNS = 200
#: The longest cell we read, in characters (a long free-text answer fits easily).
MAX_CELL_CHARS = 10_000
#: What an XLSX file may unpack to. A 1 MB archive can hold a 1 GB sheet (a "zip bomb"),
#: so the archive's own listing is checked before anything is decompressed.
MAX_XLSX_UNPACKED = 64 * 1024 * 1024


class TableError(Refused):
    """The file as a whole cannot be read (wrong type, empty, no header)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row of an imported file, placed where a spreadsheet shows it."""

    line: int
    #: The column's name in the file's header; "" when the whole row is at fault.
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Line %(line)d: %(msg)s", line=self.line, msg=self.message)
        return _(
            "Line %(line)d, column “%(col)s”: %(msg)s",
            line=self.line,
            col=self.column,
            msg=self.message,
        )


@dataclass
class Table:
    header: list[str]
    #: (line number as a spreadsheet program shows it, cells as text)
    rows: Iterator[tuple[int, list[str]]]


def decode(data: bytes) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 (with BOM), else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_table(data: bytes, filename: str) -> Table:
    """Return the header and an iterator of rows; raise TableError for an unreadable file."""
    name = (filename or "").lower()
    if not data or not data.strip():
        raise TableError(_("The file is empty."))
    if name.endswith(".xlsx") or data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if not name.endswith((".csv", ".txt")) and name:
        raise TableError(_("Upload a CSV or XLSX file (this one is “%(n)s”).", n=filename))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(_("This does not look like a text (CSV) file."))
    text = decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise _unreadable_line(reader.line_num, error) from None
    if not header or not any(h.strip() for h in header):
        raise TableError(_("The first line must name the columns."))
    _check_width(header, 1)
    return Table([h.strip() for h in header], _numbered(reader))


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _unreadable_line(reader.line_num, error) from None
        _check_width(cells, reader.line_num)
        if any(c.strip() for c in cells):
            yield reader.line_num, cells


def _unreadable_line(line: int, error: csv.Error) -> TableError:
    return TableError(_("Line %(line)s cannot be read: %(e)s.", line=line, e=str(error)))


def _check_width(cells, line: int) -> None:
    """Refuse a line with too many columns or an overlong cell, naming where it is."""
    if len(cells) > MAX_COLUMNS:
        raise TableError(
            _(
                "Line %(line)s has %(n)s columns; at most %(max)s are read.",
                line=line,
                n=len(cells),
                max=MAX_COLUMNS,
            )
        )
    for column, cell in enumerate(cells, start=1):
        if cell is not None and len(str(cell)) > MAX_CELL_CHARS:
            raise TableError(
                _(
                    "Line %(line)s, column %(column)s holds more than %(max)s characters.",
                    line=line,
                    column=column,
                    max=MAX_CELL_CHARS,
                )
            )


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            _("This XLSX file cannot be opened (%(e)s).", e=type(error).__name__)
        ) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header or not any(h is not None and str(h).strip() for h in header):
        raise TableError(_("The first line must name the columns."))
    _check_width(header, 1)

    def cells() -> Iterator[tuple[int, list[str]]]:
        for line, row in enumerate(rows, start=2):
            _check_width(row, line)
            values = ["" if v is None else _cell_text(v) for v in row]
            if any(v.strip() for v in values):
                yield line, values
        workbook.close()

    return Table(["" if h is None else str(h).strip() for h in header], cells())


def _check_unpacked_size(data: bytes) -> None:
    try:
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise TableError(_("This XLSX file cannot be opened (%(e)s).", e="BadZipFile")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise TableError(
            _(
                "This XLSX file unpacks to %(mb)s MB; at most %(max)s MB are read. "
                "Save it as CSV, or split it.",
                mb=unpacked // (1024 * 1024),
                max=MAX_XLSX_UNPACKED // (1024 * 1024),
            )
        )


def _cell_text(value) -> str:
    # Spreadsheets store whole numbers as floats and dates as datetimes.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)
