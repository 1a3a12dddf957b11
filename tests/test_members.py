"""From panel to members: invitations, answers, contact tracking and the replacement hand-off."""

import re

import pytest
from sqlalchemy import select

from facilitate import mail
from facilitate.extensions import db
from facilitate.models import (
    Member,
    Membership,
    MemberStatus,
    OutboxMessage,
    PanelSeat,
    Role,
    RunStatus,
    SelectionRun,
    User,
)
from facilitate.selection import services as selection
from tests import factories, mailbox


@pytest.fixture
def organiser():
    return factories.user(can_organise=True)


@pytest.fixture
def seated(organiser):
    assembly = factories.quotas(factories.assembly(organiser, slug="panel", panel_size=3))
    factories.seat_panel(assembly, size=3)
    return assembly


def _invite(client, login, organiser):
    login(organiser)
    response = client.post("/assemblies/panel/members/invite")
    assert response.status_code == 302
    client.post("/auth/logout")


def _token(recipient):
    return re.search(r"/join/([\w-]+)", mailbox.last_body(recipient)).group(1)


def test_inviting_the_panel_creates_members_and_emails(client, login, organiser, seated):
    _invite(client, login, organiser)
    members = db.session.scalars(select(Member)).all()
    assert len(members) == 3
    assert {m.status for m in members} == {MemberStatus.CONTACTED}
    assert db.session.query(OutboxMessage).count() == 3
    # Inviting again sends nothing more.
    _invite(client, login, organiser)
    assert db.session.query(OutboxMessage).count() == 3


def test_accepting_creates_an_account_and_signs_in(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    token = _token(member.registrant.email)
    assert client.get(f"/join/{token}").status_code == 200
    response = client.post(
        f"/join/{token}", data={"password": "a long new password", "confirm": "a long new password"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/panel/my")
    db.session.expire_all()
    assert member.status is MemberStatus.CONFIRMED and member.user is not None
    assert db.session.scalar(select(Membership).filter_by(user_id=member.user_id, role=Role.MEMBER))
    assert client.get("/assemblies/panel/my").status_code == 200
    # The link is used up.
    assert client.get(f"/join/{token}").status_code == 404


def test_a_short_password_changes_nothing(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    token = _token(member.registrant.email)
    response = client.post(f"/join/{token}", data={"password": "short", "confirm": "short"})
    assert response.status_code == 200 and "12" in response.get_data(as_text=True)
    db.session.expire_all()
    assert member.status is MemberStatus.CONTACTED and member.user_id is None
    assert db.session.query(User).count() == 1


def test_declining_records_the_answer_and_kills_the_link(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    token = _token(member.registrant.email)
    response = client.post(f"/join/{token}/decline", data={"reason": "night shifts"})
    assert response.status_code == 200
    db.session.expire_all()
    assert member.status is MemberStatus.DECLINED
    assert "night shifts" in member.notes[0].body
    assert client.get(f"/join/{token}").status_code == 404


def test_contact_notes_move_the_status(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    login(organiser)
    url = f"/assemblies/panel/members/{member.id}"
    client.post(
        url + "/contact",
        data={
            "contacted_on": "2025-03-01",
            "channel": "phone",
            "status": "confirmed",
            "body": "Yes!",
        },
    )
    db.session.expire_all()
    assert member.status is MemberStatus.CONFIRMED
    assert member.notes[0].body == "Yes!" and member.notes[0].channel == "phone"
    # A bad date changes nothing.
    client.post(url + "/contact", data={"contacted_on": "soon", "channel": "phone"})
    db.session.expire_all()
    assert len(member.notes) == 1
    assert "Yes!" in client.get(url).get_data(as_text=True)


def test_replacement_hand_off(app, client, login, organiser):
    """A decline frees the seat, draws a replacement, and the replacement is invited."""
    app.config["JOBS_MODE"] = "inline"
    app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"  # the links in mail sent by the job
    factories.drawable_assembly(organiser, slug="panel")
    login(organiser)
    client.post(
        "/assemblies/panel/selection/runs",
        data={"algorithm": "leximin", "households": "y", "seed": "7", "panels": "50"},
    )
    assert len(db.session.scalars(select(PanelSeat)).all()) == 5
    client.post("/assemblies/panel/members/invite")
    member = db.session.scalars(select(Member)).first()
    client.post("/auth/logout")
    client.post(f"/join/{_token(member.registrant.email)}/decline", data={})

    login(organiser)
    page = client.get(f"/assemblies/panel/members/{member.id}").get_data(as_text=True)
    assert "Draw a replacement" in page
    response = client.post(f"/assemblies/panel/members/{member.id}/replace", data={"seed": "3"})
    assert response.status_code == 302 and "/selection/runs/" in response.headers["Location"]
    run = db.session.scalars(select(SelectionRun).filter_by(kind="replacement")).one()
    assert run.status is RunStatus.SUCCEEDED, run.error
    db.session.expire_all()
    assert member.seat.dropped_at is not None
    new_seat = db.session.scalar(select(PanelSeat).where(PanelSeat.replaces_id == member.seat_id))
    assert new_seat is not None

    # The replacement enters the same flow at once: a member, invited by email, able to accept.
    newcomer = db.session.scalar(select(Member).filter_by(seat_id=new_seat.id))
    assert newcomer is not None and newcomer.status is MemberStatus.CONTACTED
    invitation = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == newcomer.registrant.email)
    ).one()
    assert "http://127.0.0.1:5000/join/" in mail.open_body(invitation)
    client.post("/auth/logout")
    token = _token(newcomer.registrant.email)
    client.post(f"/join/{token}", data={"password": "x" * 12, "confirm": "x" * 12})
    db.session.expire_all()
    assert newcomer.status is MemberStatus.CONFIRMED

    # The seat cannot be replaced twice.
    login(organiser)
    client.post(f"/assemblies/panel/members/{member.id}/replace", data={})
    assert db.session.query(SelectionRun).filter_by(kind="replacement").count() == 1


def test_an_active_member_cannot_be_replaced(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    login(organiser)
    client.post(f"/assemblies/panel/members/{member.id}/replace", data={})
    db.session.expire_all()
    assert member.seat.dropped_at is None
    assert db.session.query(SelectionRun).filter_by(kind="replacement").count() == 0


def test_a_refused_replacement_leaves_the_seat_taken(client, login, organiser, seated):
    """The hand-off drops the seat, then the database refuses a second draw: nothing is kept."""
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    client.post(f"/join/{_token(member.registrant.email)}/decline", data={})
    running = selection.start_run(
        seated, organiser, {"algorithm": "leximin", "seed": 1, "households": True}
    )
    db.session.commit()
    login(organiser)
    url = f"/assemblies/panel/members/{member.id}"
    response = client.post(url + "/replace", data={"seed": "3"})
    assert response.status_code == 302 and response.headers["Location"] == url
    assert "wait for it to finish" in client.get(url).get_data(as_text=True)
    db.session.expire_all()
    assert member.status is MemberStatus.DECLINED
    assert member.seat.dropped_at is None  # the drop written before the refusal was rolled back
    assert db.session.query(SelectionRun).filter_by(kind="replacement").count() == 0
    assert selection.active_run(seated) == running


def test_withdrawal_ends_access(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    token = _token(member.registrant.email)
    client.post(f"/join/{token}", data={"password": "x" * 12, "confirm": "x" * 12})
    client.post("/auth/logout")
    login(organiser)
    client.post(f"/assemblies/panel/members/{member.id}/withdraw")
    client.post("/auth/logout")
    db.session.expire_all()
    assert member.status is MemberStatus.WITHDRAWN
    login(member.registrant.email, "x" * 12)
    assert client.get("/assemblies/panel/my").status_code == 403


def test_sign_in_by_email_link(client, login, organiser, seated):
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    client.post(
        f"/join/{_token(member.registrant.email)}", data={"password": "x" * 12, "confirm": "x" * 12}
    )
    client.post("/auth/logout")
    client.post("/members/sign-in-link", data={"email": "nobody@example.org"})
    client.post("/members/sign-in-link", data={"email": member.registrant.email})
    body = mailbox.last_body()
    link = re.search(r"/members/sign-in-link/[\w-]+", body).group(0)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert client.get("/assemblies/panel/my").status_code == 200
    client.post("/auth/logout")
    client.post(link)  # used up
    assert client.get("/assemblies/panel/my").status_code == 302


def test_a_member_sees_only_their_own_assembly(client, login, organiser, seated):
    other = factories.assembly(organiser, slug="other")
    _invite(client, login, organiser)
    member = db.session.scalars(select(Member)).first()
    client.post(
        f"/join/{_token(member.registrant.email)}", data={"password": "x" * 12, "confirm": "x" * 12}
    )
    assert client.get(f"/assemblies/{other.slug}/my").status_code == 403
    assert client.get("/assemblies/panel/members/").status_code == 403
