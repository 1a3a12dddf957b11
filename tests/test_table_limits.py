"""Uploaded tables that would eat the server are refused with where and why, before parsing."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from facilitate import tabular
from facilitate.tabular import TableError, read_table


def _rows(table):
    return list(table.rows)


def test_a_csv_with_100000_columns_is_refused_at_its_first_line(app):
    data = (",".join(f"c{i}" for i in range(100_000)) + "\n" + "x," * 99_999 + "x\n").encode()
    with pytest.raises(TableError, match="Line 1 has 100000 columns; at most 200"):
        read_table(data, "wide.csv")


def test_a_wide_row_below_a_normal_header_is_refused_by_line(app):
    data = b"a,b\n1,2\n" + b",".join([b"x"] * 500) + b"\n"
    table = read_table(data, "pool.csv")
    with pytest.raises(TableError, match="Line 3 has 500 columns"):
        _rows(table)


def test_an_overlong_cell_is_named_by_line_and_column(app):
    data = b"a,b\n1," + b"y" * (tabular.MAX_CELL_CHARS + 1) + b"\n"
    with pytest.raises(TableError, match="Line 2, column 2 holds more than"):
        _rows(read_table(data, "pool.csv"))


def test_a_cell_beyond_the_csv_field_limit_is_a_refusal_not_an_error(app):
    data = b'a\n"' + b"z" * 200_000 + b'"\n'
    with pytest.raises(TableError, match="Line 2"):
        _rows(read_table(data, "pool.csv"))


def _xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml`, highly compressed."""
    book = Workbook()
    book.active.append(["name", "gender"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item.filename, body, compresslevel=9)
    return out.getvalue()


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(app):
    padding = b" " * (tabular.MAX_XLSX_UNPACKED + 1024)
    bomb = _xlsx_with_sheet(b'<?xml version="1.0"?>' + padding)
    assert len(bomb) < 1024 * 1024, "the archive itself is small"
    with pytest.raises(TableError, match="unpacks to 64 MB; at most 64 MB"):
        read_table(bomb, "pool.xlsx")


def test_an_ordinary_xlsx_still_reads(app):
    book = Workbook()
    book.active.append(["name", "gender"])
    book.active.append(["Ada", "female"])
    data = io.BytesIO()
    book.save(data)
    table = read_table(data.getvalue(), "pool.xlsx")
    assert table.header == ["name", "gender"]
    assert _rows(table) == [(2, ["Ada", "female"])]
