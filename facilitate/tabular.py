"""Read uploaded CSV or XLSX files into rows with their line numbers, or say what is wrong."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from facilitate.refusals import Refused

#: Bytes that start an XLSX file (a zip archive).
ZIP_MAGIC = b"PK\x03\x04"


class TableError(Refused):
    """The file as a whole cannot be read (wrong type, empty, no header)."""


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
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise TableError(_("The first line must name the columns."))
    return Table([h.strip() for h in header], _numbered(reader, start=2))


def _numbered(reader, start: int) -> Iterator[tuple[int, list[str]]]:
    line = start
    for cells in reader:
        if any(c.strip() for c in cells):
            yield reader.line_num if hasattr(reader, "line_num") else line, cells
        line += 1


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

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

    def cells() -> Iterator[tuple[int, list[str]]]:
        for line, row in enumerate(rows, start=2):
            values = ["" if v is None else _cell_text(v) for v in row]
            if any(v.strip() for v in values):
                yield line, values
        workbook.close()

    return Table(["" if h is None else str(h).strip() for h in header], cells())


def _cell_text(value) -> str:
    # Spreadsheets store whole numbers as floats and dates as datetimes.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)
