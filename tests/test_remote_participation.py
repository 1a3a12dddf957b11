"""Taking part from a distance: sitting mode, the members' room link, how each member took part,
and expert session media published only once the expert agreed."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, MemberStatus, Role, Sitting
from facilitate.models.audit import AuditEntry
from facilitate.models.experts import Expert, ExpertAssignment
from facilitate.models.sittings import Attendance, AttendanceMode, SittingMedia, SittingMode
from tests import factories

ROOM = "https://meet.example.org/room-7f3k"
VIDEO = "https://video.example.org/hearing-1"


@pytest.fixture
def organiser():
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    return factories.quotas(
        factories.assembly(organiser, slug="far", status=AssemblyStatus.SITTING, panel_size=4)
    )


def _members(assembly, n=2):
    members, users = [], []
    for seat in factories.seat_panel(assembly, size=n):
        user = factories.user(email=seat.registrant.email)
        factories.add_role(user, assembly, Role.MEMBER)
        member = Member(
            assembly_id=assembly.id,
            seat_id=seat.id,
            registrant_id=seat.registrant_id,
            user_id=user.id,
            status=MemberStatus.CONFIRMED,
            calendar_token=f"far-feed-{seat.id}",
        )
        db.session.add(member)
        members.append(member)
        users.append(user)
    db.session.commit()
    return members, users


def _sitting(assembly, **fields):
    start = datetime.now(UTC) + timedelta(days=3)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="Expert hearing",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        checkin_code="FAR234",
        mode=SittingMode.HYBRID,
        place="Library hall",
        online_url=ROOM,
        **fields,
    )
    db.session.add(sitting)
    db.session.commit()
    return sitting


FORM = {
    "title": "Online plenary",
    "kind": "plenary",
    "mode": "online",
    "day": "2031-05-10",
    "starts": "10:00",
    "ends": "12:00",
    "place": "",
    "online_url": ROOM,
    "allowance": "0",
    "table_size": "7",
}


def test_organiser_schedules_an_online_sitting_with_an_https_room_only(
    client, login, organiser, assembly
):
    login(organiser)
    for bad in ("http://meet.example.org/room", "javascript://x.org/%0aalert(1)", "ftp://a.org/x"):
        response = client.post("/assemblies/far/sittings/new", data={**FORM, "online_url": bad})
        assert response.status_code == 200
        assert "https://" in response.get_data(as_text=True)
    # An online sitting without its room is refused too.
    response = client.post("/assemblies/far/sittings/new", data={**FORM, "online_url": ""})
    assert response.status_code == 200
    assert db.session.scalar(select(Sitting)) is None
    assert client.post("/assemblies/far/sittings/new", data=FORM).status_code == 302
    sitting = db.session.scalar(select(Sitting))
    assert (sitting.mode, sitting.online_url) == (SittingMode.ONLINE, ROOM)


def test_room_link_shown_to_members_and_team_only(client, login, organiser, assembly):
    _members_, users = _members(assembly, 1)
    sitting = _sitting(assembly)
    evaluator = factories.user()
    factories.add_role(evaluator, assembly, Role.EVALUATOR)
    other_org = factories.user(can_organise=True)
    factories.quotas(factories.assembly(other_org, slug="other", status=AssemblyStatus.SITTING))
    page = f"/assemblies/far/sittings/{sitting.id}"

    for who in (users[0], organiser):
        login(who)
        assert ROOM in client.get(page).get_data(as_text=True)
        client.post("/auth/logout")
    for who in (evaluator, other_org):
        login(who)
        response = client.get(page)
        assert response.status_code in (403, 404) and ROOM not in response.get_data(as_text=True)
        client.post("/auth/logout")
    # The public: neither the sitting page, the public page nor the public feed carries it.
    assert ROOM not in client.get(page).get_data(as_text=True)
    public = client.get("/a/far")
    assert public.status_code == 200 and "Expert hearing" in public.get_data(as_text=True)
    assert ROOM not in public.get_data(as_text=True)
    assert ROOM.encode() not in client.get("/assemblies/far/sittings/calendar.ics").data


def test_room_link_only_in_the_members_own_calendar_feed(client, login, assembly):
    members, _users = _members(assembly, 1)
    _sitting(assembly)
    own = client.get(f"/calendar/{members[0].calendar_token}.ics")
    assert own.status_code == 200 and ROOM.encode() in own.data.replace(b"\r\n ", b"")
    public = client.get("/assemblies/far/sittings/calendar.ics")
    assert public.status_code == 200 and b"meet.example.org" not in public.data


def test_attendance_mode_recorded_and_counted(client, login, assembly):
    members, users = _members(assembly, 2)
    facilitator = factories.user()
    factories.add_role(facilitator, assembly, Role.FACILITATOR)
    sitting = _sitting(assembly)
    base = f"/assemblies/far/sittings/{sitting.id}"

    login(users[0])
    client.post(f"{base}/checkin-code", data={"code": "FAR234", "mode": "online"})
    client.post("/auth/logout")
    login(facilitator)
    client.post(f"{base}/checkin/{members[1].id}", data={"mode": "in_person"})
    # A made-up mode is refused, not stored.
    assert client.post(f"{base}/checkin/{members[0].id}", data={"mode": "moon"}).status_code == 400
    modes = {a.member_id: a.mode for a in db.session.scalars(select(Attendance))}
    assert modes == {members[0].id: AttendanceMode.ONLINE, members[1].id: AttendanceMode.IN_PERSON}
    assert "In person: 1; online: 1." in client.get(f"{base}/checkin").get_data(as_text=True)


def test_media_hidden_until_the_expert_agrees_then_public(client, login, organiser, assembly):
    _members_, users = _members(assembly, 1)
    sitting = _sitting(assembly)
    expert = Expert(assembly_id=assembly.id, name="Dr Wind", published=True)
    db.session.add(expert)
    db.session.flush()
    db.session.add(ExpertAssignment(sitting_id=sitting.id, expert_id=expert.id))
    db.session.commit()
    base = f"/assemblies/far/sittings/{sitting.id}"

    login(users[0])
    data = {"kind": "recording", "expert_id": str(expert.id), "url": VIDEO, "title": "Hearing"}
    assert client.post(f"{base}/media", data=data).status_code == 403
    client.post("/auth/logout")

    login(organiser)
    client.post(f"{base}/media", data={**data, "url": "http://video.example.org/x"})
    assert db.session.scalar(select(SittingMedia)) is None
    client.post(f"{base}/media", data=data)
    media = db.session.scalar(select(SittingMedia))
    assert media.agreed_at is None and media.expert_id == expert.id
    client.post("/auth/logout")
    assert VIDEO not in client.get("/a/far").get_data(as_text=True)

    login(organiser)
    response = client.post(f"{base}/media/{media.id}/agreement", data={"agreed": "yes"})
    assert response.status_code == 302
    entry = db.session.scalar(select(AuditEntry).filter_by(action="sitting.media_agreement"))
    assert entry.target == f"media:{media.id}" and entry.actor_id == organiser.id
    assert json.loads(entry.after)["agreed"] is True
    assert json.loads(entry.before)["agreed"] is False
    client.post("/auth/logout")
    assert VIDEO in client.get("/a/far").get_data(as_text=True)

    # Cancelled, or the assembly no longer public: the link goes.
    sitting.cancelled_at = datetime.now(UTC)
    db.session.commit()
    assert VIDEO not in client.get("/a/far").get_data(as_text=True)
    sitting.cancelled_at = None
    db.session.commit()

    login(organiser)
    client.post(f"{base}/media/{media.id}/agreement", data={"agreed": "no"})
    client.post("/auth/logout")
    assert VIDEO not in client.get("/a/far").get_data(as_text=True)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("sitting.media_agreement") == 2


def test_media_of_another_assembly_is_not_reachable(client, login, organiser, assembly):
    sitting = _sitting(assembly)
    other_org = factories.user(can_organise=True)
    other = factories.assembly(other_org, slug="other", status=AssemblyStatus.SITTING)
    theirs = _sitting(other)
    media = SittingMedia(sitting_id=theirs.id, kind="slides", url=VIDEO)
    db.session.add(media)
    db.session.commit()
    login(organiser)
    # Their media through our sitting: not found, and nothing changes.
    url = f"/assemblies/far/sittings/{sitting.id}/media/{media.id}/agreement"
    assert client.post(url, data={"agreed": "yes"}).status_code == 404
    assert db.session.get(SittingMedia, media.id).agreed_at is None
