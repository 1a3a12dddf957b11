"""Disclosure control: no hidden count can be worked out from the totals or the other counts."""

import json
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from facilitate.disclosure import SMALLEST_SHOWN, protect
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, StatusChange
from tests import factories
from tests.test_public import _public_get_urls

SPEC = {
    "gender": [("female", 50.0, 0, 10), ("male", 50.0, 0, 10)],
    "age": [("young", 30.0, 0, 10), ("middle", 30.0, 0, 10), ("old", 40.0, 0, 10)],
    "area": [("north", 50.0, 0, 10), ("east", 20.0, 0, 10), ("south", 30.0, 0, 10)],
}
#: The seated panel of 10, per category: what an attacker must not recover.
PANEL = {
    "gender": ["female"] * 9 + ["male"],  # 9 and 1: the total gives away the 1
    "age": ["young", "middle"] + ["old"] * 8,  # 1, 1, 8: two hidden cells adding up to 2
    "area": ["north"] * 5 + ["east"] * 2 + ["south"] * 3,  # 2 and 3 hide each other
}


def recoverable(total: int, cells: list[int | None], smallest: int = SMALLEST_SHOWN) -> list[str]:
    """What an attacker learns about one row's hidden cells from its total and shown cells.

    The policy shows zeros unless it hides a whole row, so a hidden cell next to shown
    ones is at least 1. Each hidden cell then lies between that floor and the hidden sum
    less the floors of the others. The row is safe if no hidden cell is pinned and each
    could still be anything a count under `smallest` could be.
    """
    hidden = [i for i, c in enumerate(cells) if c is None]
    if not hidden:
        return []
    rest = total - sum(c for c in cells if c is not None)
    floor = 0 if len(hidden) == len(cells) else 1
    if len(hidden) == 1:
        return [f"the only hidden cell is {rest}"]
    top = rest - floor * (len(hidden) - 1)
    if top <= floor:
        return [f"every hidden cell is {floor}"]
    if top < smallest - 1:
        return [f"hidden cells are between {floor} and {top}"]
    return []


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8))
def test_protect_never_leaves_a_hidden_count_recoverable(counts):
    shown = protect(counts)
    assert all(c is None or c == n for c, n in zip(shown, counts, strict=True))
    assert all(c is None for c, n in zip(shown, counts, strict=True) if 0 < n < SMALLEST_SHOWN)
    if sum(counts) >= SMALLEST_SHOWN - 1:
        assert not recoverable(sum(counts), shown)
    # Below that the row's total alone already says as much as "fewer than 5".


def test_protect_hides_the_next_smallest_count():
    assert protect([9, 1]) == [None, None]
    assert protect([1, 1, 8]) == [None, None, None]
    assert protect([3, 0, 7, 12]) == [None, 0, None, 12]
    assert protect([6, 4]) == [None, None]
    assert protect([6, 5, 0]) == [6, 5, 0]
    # A row that cannot be protected (its total is tiny) is hidden whole, zeros included.
    assert protect([2, 0, 0]) == [None, None, None]


class _Rows(HTMLParser):
    """Collect the text of every table row's cells."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables_in_html(body: str) -> dict[str, dict[str, int | None]]:
    parser = _Rows()
    parser.feed(body)
    tables: dict[str, dict[str, int | None]] = {}
    for row in parser.rows:
        label = re.fullmatch(r"(\w+): (\w+)", row[0]) if row else None
        if label and label[1] in SPEC:
            seats = row[-1]
            tables.setdefault(label[1], {})[label[2]] = int(seats) if seats.isdigit() else None
    return tables


def _tables_in_json(data, tables=None) -> dict[str, dict[str, int | None]]:
    tables = {} if tables is None else tables
    if isinstance(data, dict):
        if data.get("category") in SPEC and isinstance(data.get("rows"), list):
            for row in data["rows"]:
                if "seats" in row:
                    tables.setdefault(data["category"], {})[row["value"]] = row["seats"]
        for value in data.values():
            _tables_in_json(value, tables)
    elif isinstance(data, list):
        for value in data:
            _tables_in_json(value, tables)
    return tables


def _published_panel():
    assembly = factories.assembly(
        slug="small-groups", status=AssemblyStatus.PUBLISHED, panel_size=10
    )
    factories.quotas(assembly, SPEC)
    db.session.add(StatusChange(assembly_id=assembly.id, to_status=AssemblyStatus.PUBLISHED))
    for _ in range(5):
        factories.registrant(assembly)
    seats = factories.seat_panel(assembly, size=10)
    for category in assembly.categories:
        names = {v.name: v.id for v in category.values}
        for seat, value in zip(seats, PANEL[category.name], strict=True):
            answer = next(a for a in seat.registrant.answers if a.category_id == category.id)
            answer.value_id = names[value]
    db.session.commit()
    return assembly, seats[0].run_id


def test_hidden_small_counts_cannot_be_recovered_by_subtraction(app, client):
    assembly, run_id = _published_panel()
    total = len(PANEL["gender"])
    assert client.get("/api/v1/assemblies/small-groups").get_json()["counts"]["selected"] == total
    seen, checked = {}, []
    for url in _public_get_urls(app, {"slug": assembly.slug, "number": 1, "run_id": run_id}):
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.get_data(as_text=True)
        if response.mimetype == "application/json":
            tables = _tables_in_json(json.loads(body))
        else:
            tables = _tables_in_html(body)
        for category, cells in tables.items():
            assert set(cells) == {v[0] for v in SPEC[category]}, (url, category)
            row = [cells[v[0]] for v in SPEC[category]]
            found = recoverable(total, row)
            assert not found, f"{url}, {category} {row}: {found}"
            true = [PANEL[category].count(v[0]) for v in SPEC[category]]
            assert all(c is None or c == n for c, n in zip(row, true, strict=True)), url
        if tables:
            seen[url] = tables
        checked.append(url)
    # Every kind of output was read: pages, API, feed, downloads, each draw's record.
    for url in ("/feed.atom", "/a/small-groups/recommendations.csv", "/api/v1/assemblies"):
        assert url in checked
    assert f"/api/v1/assemblies/small-groups/draws/{run_id}" in checked
    # The panel's make-up is published in these places, and each was checked.
    assert {
        "/a/small-groups",
        "/a/small-groups/selection",
        "/api/v1/assemblies/small-groups",
    } <= set(seen)
    # Counts that need no protection stay visible: not everything is hidden.
    assert seen["/a/small-groups"]["area"] == {"north": 5, "east": None, "south": None}
    page = client.get("/a/small-groups").get_data(as_text=True)
    assert "fewer than 5" in page
