"""Notes: visibility, search that keeps private notes private, and Markdown that cannot run."""

from html.parser import HTMLParser

import pytest

from facilitate.deliberation import note_services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Role
from facilitate.models.notes import Note
from facilitate.models.sittings_content import TableSeat
from facilitate.rendering import render_markdown
from tests import factories
from tests.worlds.deliberation import member, sitting

XSS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<img src=x onerror="alert(1)">',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[x](vbscript:msgbox(1))",
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


@pytest.mark.parametrize("payload", XSS)
def test_markdown_sanitiser_refuses_script(payload):
    """Whatever survives is text; no element can run script or load a data: URL."""
    parser = _Tags()
    parser.feed(str(render_markdown(payload)))
    for tag, attrs in parser.tags:
        assert tag not in {"script", "svg", "iframe", "img", "object", "embed", "style"}, payload
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", payload
            assert (
                not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            )


@pytest.fixture
def room(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    place = sitting(assembly)
    alice, alice_seat = member(assembly)
    bob, bob_seat = member(assembly)
    carol, carol_seat = member(assembly)
    facilitator = factories.user()
    factories.add_role(facilitator, assembly, Role.FACILITATOR)
    for seat, table in ((alice_seat, 1), (bob_seat, 1), (carol_seat, 2)):
        db.session.add(TableSeat(sitting_id=place.id, member_id=seat.id, table_no=table))
    db.session.commit()
    return dict(
        organiser=organiser,
        assembly=assembly,
        place=place,
        alice=alice,
        bob=bob,
        carol=carol,
        facilitator=facilitator,
    )


def _ids(room, user, **criteria):
    found = note_services.visible_notes(
        room["assembly"], user, note_services.NoteFilter(**criteria)
    )
    return {n.body for n in found}


def test_visibility_and_search(room):
    place, alice = room["place"], room["alice"]
    note_services.write_note(place, alice, "private", "secret heat pump idea", None)
    note_services.write_note(place, alice, "table", "table heat idea", None)
    note_services.write_note(place, alice, "plenary", "plenary heat idea", None)
    note_services.write_note(place, room["facilitator"], "table", "record of table 2", 2, True)
    db.session.commit()
    assert _ids(room, alice) >= {"secret heat pump idea", "table heat idea", "plenary heat idea"}
    assert _ids(room, room["bob"]) == {"table heat idea", "plenary heat idea"}
    assert _ids(room, room["carol"]) == {"plenary heat idea", "record of table 2"}
    for steerer in (room["organiser"], room["facilitator"]):
        found = _ids(room, steerer, q="heat")
        assert "secret heat pump idea" not in found
        assert found == {"table heat idea", "plenary heat idea"}
    assert _ids(room, room["organiser"], table_number=2) == {"record of table 2"}
    assert _ids(room, room["organiser"], sitting_id=place.id + 999) == set()
    assert _ids(room, room["organiser"], q="100%") == set()


def test_members_cannot_keep_table_records_or_write_empty_notes(room):
    with pytest.raises(note_services.NoteError):
        note_services.write_note(room["place"], room["alice"], "table", "x", 3, True)
    with pytest.raises(note_services.NoteError):
        note_services.write_note(room["place"], room["alice"], "plenary", "   ", None)


def test_private_note_of_another_is_not_found(room, client, login):
    note = note_services.write_note(room["place"], room["alice"], "private", "mine", None)
    db.session.commit()
    url = f"/assemblies/{room['assembly'].slug}/notes/{note.id}"
    login(room["organiser"])
    assert client.get(url).status_code == 404
    assert client.post(url, data={"body": "x", "visibility": "plenary"}).status_code == 404
    found = client.get(f"/assemblies/{room['assembly'].slug}/notes/?q=mine")
    assert 'class="card"' not in found.get_data(as_text=True)


def test_note_page_renders_payloads_inert(room, client, login):
    login(room["alice"])
    url = f"/assemblies/{room['assembly'].slug}/notes/sittings/{room['place'].id}"
    for payload in XSS:
        assert client.post(url, data={"body": payload, "visibility": "plenary"}).status_code == 302
    parser = _Tags()
    parser.feed(client.get(url).get_data(as_text=True))
    for tag, attrs in parser.tags:
        named = dict(attrs)
        assert tag != "script" or named.get("src", "").startswith("/static/")
        assert not any(name.startswith("on") for name in named)
        assert not named.get("href", "").lower().startswith(("javascript:", "data:"))
    assert db.session.query(Note).count() == len(XSS)
    bad = client.post(url, data={"body": "", "visibility": "plenary"})
    assert bad.status_code == 200 and db.session.query(Note).count() == len(XSS)
