"""Each small helper exists once: a second copy drifts from the first (issue #22)."""

import ast
from collections import Counter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "facilitate"


def _definitions() -> Counter:
    found = Counter()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.col_offset == 0:
                found[node.name] += 1
    return found


@pytest.mark.parametrize(
    "name", ["token_hash", "add_months", "read_table", "RowError", "language_choices"]
)
def test_helper_is_defined_once(name):
    assert _definitions()[name] == 1


def test_uploaded_bytes_are_decoded_in_one_place():
    # The selection engine reads files from disk itself: it must not import Flask.
    decoders = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if 'decode("utf-16")' in path.read_text(encoding="utf-8")
    ]
    assert decoders == ["tabular.py"]


def test_csv_is_parsed_in_one_place_outside_the_selection_engine():
    readers = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "csv.reader(" in path.read_text(encoding="utf-8")
        and "sortition" not in path.relative_to(PACKAGE).parts
    )
    assert readers == ["tabular.py"]


def test_lists_are_paged_by_flask_sqlalchemy_only():
    """db.paginate pages every list; a hand-written offset is a fourth paginator."""
    offsets = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if ".offset(" in path.read_text(encoding="utf-8")
    ]
    assert offsets == []
