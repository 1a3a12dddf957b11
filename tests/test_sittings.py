"""Sittings: schedule, iCalendar feeds, check-in, attendance, preparation, materials, allowances."""

import csv
import io
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, MemberStatus, Role, Sitting
from facilitate.models.sittings import Attendance
from facilitate.models.sittings_content import Material, Question
from tests import factories


@pytest.fixture
def organiser():
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    made = factories.quotas(
        factories.assembly(organiser, slug="meet", status=AssemblyStatus.SITTING, panel_size=4)
    )
    return made


def _members(assembly, n=4, **needs):
    """Seat and confirm `n` members with accounts; return (members, users)."""
    members, users = [], []
    for seat in factories.seat_panel(assembly, size=n):
        user = factories.user(email=seat.registrant.email)
        factories.add_role(user, assembly, Role.MEMBER)
        for name, value in needs.items():
            setattr(seat.registrant, name, value)
        member = Member(
            assembly_id=assembly.id,
            seat_id=seat.id,
            registrant_id=seat.registrant_id,
            user_id=user.id,
            status=MemberStatus.CONFIRMED,
            calendar_token=f"feed-{seat.id}",
        )
        db.session.add(member)
        members.append(member)
        users.append(user)
    db.session.commit()
    return members, users


SITTING = {
    "title": "Opening; plenary, with agenda",
    "kind": "plenary",
    "day": "2031-05-10",
    "starts": "10:00",
    "ends": "16:00",
    "place": "Town hall, room 2",
    "online_url": "https://meet.example.org/abc",
    "topic": "mobility",
    "allowance": "40.00",
    "table_size": "7",
    "description": "Welcome and **introductions**.",
}


def _create(client, **changes):
    response = client.post("/assemblies/meet/sittings/new", data={**SITTING, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalars(select(Sitting).order_by(Sitting.id.desc())).first()


def test_organiser_schedules_and_moves_a_sitting(client, login, organiser, assembly):
    login(organiser)
    sitting = _create(client)
    assert sitting.sequence == 0 and sitting.allowance_cents == 4000
    assert len(sitting.checkin_code) == 6
    client.post(
        f"/assemblies/meet/sittings/{sitting.id}/agenda", data={"at": "10:30", "title": "Welcome"}
    )
    client.post(f"/assemblies/meet/sittings/{sitting.id}/edit", data={**SITTING, "starts": "11:00"})
    db.session.expire_all()
    assert sitting.sequence == 1
    # Saving without a change does not disturb calendars.
    client.post(f"/assemblies/meet/sittings/{sitting.id}/edit", data={**SITTING, "starts": "11:00"})
    db.session.expire_all()
    assert sitting.sequence == 1
    page = client.get(f"/assemblies/meet/sittings/{sitting.id}").get_data(as_text=True)
    assert "Welcome" in page and "<strong>introductions</strong>" in page


def test_bad_sitting_input_changes_nothing(client, login, organiser, assembly):
    login(organiser)
    for bad in ({"ends": "09:00"}, {"place": "", "online_url": ""}, {"online_url": "nope"}):
        response = client.post("/assemblies/meet/sittings/new", data={**SITTING, **bad})
        assert response.status_code == 200
    assert db.session.query(Sitting).count() == 0


def _parse(body: bytes):
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_member_feed_is_valid_icalendar_and_follows_moves(client, login, organiser, assembly):
    members, _users = _members(assembly, 1)
    login(organiser)
    sitting = _create(client, description="Line one\nLine two, with ; and \\ " + "é" * 80)
    client.post(
        f"/assemblies/meet/sittings/{sitting.id}/agenda", data={"at": "10:30", "title": "Welcome"}
    )
    client.post("/auth/logout")

    response = client.get(f"/calendar/{members[0].calendar_token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data()
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar, events = _parse(body)
    assert calendar["VERSION"] == "2.0" and len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == SITTING["title"]
    assert event.decoded("DTSTART") == sitting.starts_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=6)
    assert "é" * 80 in str(event["DESCRIPTION"]) and "10:30 Welcome" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 0
    uid = str(event["UID"])

    login(organiser)
    client.post(
        f"/assemblies/meet/sittings/{sitting.id}/edit", data={**SITTING, "day": "2031-05-11"}
    )
    client.post("/auth/logout")
    _calendar, (moved,) = _parse(client.get(f"/calendar/{members[0].calendar_token}.ics").data)
    assert str(moved["UID"]) == uid and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == event.decoded("DTSTART") + timedelta(days=1)

    login(organiser)
    client.post(f"/assemblies/meet/sittings/{sitting.id}/cancel")
    client.post("/auth/logout")
    _calendar, (cancelled,) = _parse(client.get(f"/calendar/{members[0].calendar_token}.ics").data)
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2


def test_feed_tokens(client, login, organiser, assembly):
    members, users = _members(assembly, 1)
    assert client.get("/calendar/wrong.ics").status_code == 404
    login(users[0])
    old = members[0].calendar_token
    client.post("/assemblies/meet/my/calendar-link")
    db.session.expire_all()
    assert members[0].calendar_token != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_public_feed_hides_online_links(client, login, organiser, assembly):
    login(organiser)
    _create(client)
    client.post("/auth/logout")
    body = client.get("/assemblies/meet/sittings/calendar.ics").data
    _calendar, (event,) = _parse(body)
    assert b"meet.example.org" not in body and str(event["LOCATION"]) == SITTING["place"]
    assembly.status = AssemblyStatus.DRAFT
    db.session.commit()
    assert client.get("/assemblies/meet/sittings/calendar.ics").status_code == 404


def test_feed_folds_long_lines_without_splitting_characters(client, login, organiser, assembly):
    login(organiser)
    _create(client, description="€" * 60, title="Ökologie; Wärme, Ümwelt " * 3)
    client.post("/auth/logout")
    body = client.get("/assemblies/meet/sittings/calendar.ics").data
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    body.decode()  # every folded line still holds whole UTF-8 characters
    _calendar, (event,) = _parse(body)
    assert str(event["DESCRIPTION"]) == "€" * 60
    assert str(event["SUMMARY"]) == ("Ökologie; Wärme, Ümwelt " * 3).strip()


def _sitting(assembly, **fields):
    start = datetime.now(UTC) + timedelta(hours=1)
    sitting = Sitting(
        assembly_id=assembly.id,
        title=fields.pop("title", "Sitting"),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        checkin_code="ABC234",
        **fields,
    )
    db.session.add(sitting)
    db.session.commit()
    return sitting


def test_check_in_by_facilitator_and_by_code(client, login, organiser, assembly):
    members, users = _members(assembly, 3)
    facilitator = factories.user()
    factories.add_role(facilitator, assembly, Role.FACILITATOR)
    sitting = _sitting(assembly, allowance_cents=2500)
    base = f"/assemblies/meet/sittings/{sitting.id}"

    login(users[0])
    assert client.post(f"{base}/checkin/{members[1].id}").status_code == 403
    client.post(f"{base}/checkin-code", data={"code": "WRONG"})
    assert db.session.query(Attendance).count() == 0
    client.post(f"{base}/checkin-code", data={"code": "abc 234"})
    assert db.session.query(Attendance).count() == 1
    client.post("/auth/logout")

    login(facilitator)
    assert "1 of 3 members present" in client.get(f"{base}/checkin").get_data(as_text=True)
    client.post(f"{base}/checkin/{members[1].id}")
    client.post(f"{base}/checkin/{members[1].id}")  # twice is once
    client.post(f"{base}/checkin/{members[2].id}")
    client.post(f"{base}/checkin/{members[2].id}", data={"undo": "1"})
    assert db.session.query(Attendance).count() == 2
    client.post("/auth/logout")

    login(organiser)
    page = client.get("/assemblies/meet/sittings/attendance").get_data(as_text=True)
    assert "1 / 1" in page and "0 / 1" in page


def test_preparation_list_is_for_organisers_only(client, login, organiser, assembly):
    _members_, users = _members(assembly, 2, needs_access=True, dietary="vegan")
    sitting = _sitting(assembly)
    facilitator = factories.user()
    factories.add_role(facilitator, assembly, Role.FACILITATOR)
    url = f"/assemblies/meet/sittings/{sitting.id}/preparation"
    login(facilitator)
    assert client.get(url).status_code == 403
    client.post("/auth/logout")
    login(organiser)
    page = client.get(url).get_data(as_text=True)
    assert "vegan" in page and "Step-free access" in page


def test_materials_type_and_size_checks(client, login, organiser, assembly):
    sitting = _sitting(assembly)
    login(organiser)
    url = f"/assemblies/meet/sittings/{sitting.id}/materials"

    def upload(name, content, **extra):
        data = {"title": "Doc", "summary": "Short summary.", **extra}
        if content is not None:
            data["document"] = (io.BytesIO(content), name)
        return client.post(url, data=data, content_type="multipart/form-data")

    upload("evil.exe", b"MZ...")
    upload("fake.pdf", b"not a pdf")
    upload("big.pdf", b"%PDF-" + b"x" * (10 * 1024 * 1024))
    upload("none", None)  # neither file nor link
    assert db.session.query(Material).count() == 0
    upload("report.pdf", b"%PDF-1.7 tiny")
    upload("", None, url="https://example.org/study")
    materials = db.session.scalars(select(Material).order_by(Material.id)).all()
    assert [m.content_type for m in materials] == ["application/pdf", ""]
    assert materials[0].size == len(b"%PDF-1.7 tiny")
    download = client.get(f"/assemblies/meet/sittings/materials/{materials[0].id}")
    assert (
        download.data == b"%PDF-1.7 tiny"
        and "attachment" in download.headers["Content-Disposition"]
    )
    assert client.get(f"/assemblies/meet/sittings/materials/{materials[1].id}").status_code == 302


def test_questions_supported_ordered_and_answered(client, login, organiser, assembly):
    members, users = _members(assembly, 2)
    sitting = _sitting(assembly, kind="hearing")
    base = "/assemblies/meet/sittings"
    login(users[0])
    client.post(f"{base}/{sitting.id}/questions", data={"body": "What does it cost?"})
    client.post(f"{base}/{sitting.id}/questions", data={"body": "Who pays for it?"})
    client.post(f"{base}/{sitting.id}/questions", data={"body": "?"})  # too short
    first, second = db.session.scalars(select(Question).order_by(Question.id)).all()
    assert db.session.query(Question).count() == 2
    client.post(f"{base}/questions/{first.id}/support")  # own question
    assert client.post(f"{base}/questions/{second.id}/move/up").status_code == 403
    client.post("/auth/logout")

    login(users[1])
    client.post(f"{base}/questions/{second.id}/support")
    client.post("/auth/logout")
    db.session.expire_all()
    assert len(first.supports) == 0 and len(second.supports) == 1

    login(organiser)
    client.post(f"{base}/questions/{second.id}/move/up")
    db.session.expire_all()
    assert second.position < first.position
    client.post(f"{base}/questions/{second.id}/answered")
    db.session.expire_all()
    assert second.answered_at is not None


def test_allowances_totals_and_export(client, login, organiser, assembly):
    members, _users = _members(assembly, 2)
    sitting = _sitting(assembly, allowance_cents=4000)
    db.session.add(Attendance(sitting_id=sitting.id, member_id=members[0].id))
    db.session.commit()
    login(organiser)
    base = "/assemblies/meet/sittings/allowances"
    client.post(
        f"{base}/claims",
        data={"member_id": members[0].id, "sitting_id": 0, "description": "=bus", "amount": "12.5"},
    )
    client.post(
        f"{base}/claims",
        data={"member_id": members[0].id, "sitting_id": 0, "description": "x", "amount": "-3"},
    )
    page = (
        client.get(base + "/").get_data(as_text=True)
        if False
        else client.get(base).get_data(as_text=True)
    )
    assert "52.50" in page
    rows = list(csv.reader(io.StringIO(client.get(f"{base}/payments.csv").get_data(as_text=True))))
    assert rows[1][3:] == ["40.00", "12.50", "0.00", "52.50"]
    client.post(f"{base}/{members[0].id}/paid")
    rows = list(csv.reader(io.StringIO(client.get(f"{base}/payments.csv").get_data(as_text=True))))
    assert rows[1][-1] == "0.00" and rows[1][-2] == "52.50"


def test_refused_room_and_library_actions_return_to_their_page(client, login, organiser, assembly):
    """A refusal is shown on the page the form belongs to, with nothing written."""
    _members(assembly, 1)
    sitting = _sitting(assembly)
    base = f"/assemblies/meet/sittings/{sitting.id}"
    login(organiser)
    response = client.post(f"{base}/tables/allocate", data={"size": "6"})
    assert response.status_code == 302 and response.headers["Location"] == f"{base}/tables"
    page = client.get(f"{base}/tables").get_data(as_text=True)
    assert "Check at least two members in before allocating tables." in page
    response = client.post(f"{base}/materials", data={"title": "Doc", "summary": "Nothing."})
    assert response.status_code == 302 and response.headers["Location"] == base
    assert "Choose a file or give a link." in client.get(base).get_data(as_text=True)
    assert db.session.query(Material).count() == 0
