"""Only the member acts as the member: staff send links but never see or use them.

Organisers, administrators and anyone reading the database may trigger an email but never read
the one-time link in it; a link or an invitation never stands in for the second factor or a
recent sign-in; a team invitation gives its role in its assembly and nothing more.
"""

import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import func, select, text

from facilitate.auth import services as auth_services
from facilitate.auth import two_factor
from facilitate.ballots import services as ballots
from facilitate.deliberation import note_services
from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    Invitation,
    LoginSession,
    Member,
    MemberStatus,
    OutboxMessage,
    Registrant,
    Role,
    User,
)
from facilitate.models.ballots import Voter
from facilitate.models.base import utcnow
from facilitate.models.evidence import Submission, SubmissionStatus
from facilitate.models.experts import Expert
from tests import factories, mailbox
from tests.test_evidence import _post as submit_evidence
from tests.test_experts import DECLARED
from tests.test_registration import post as register
from tests.worlds.deliberation import member, recommendation, sitting
from tests.worlds.evidence import open_submissions

#: The one-time links the app mails: sign-in, invitations, registration and evidence links.
PRIVATE_LINK = re.compile(r"/(?:members/sign-in-link|join|auth/invitation|r|e)/[\w-]{20,}")
STAFF = ["organiser", "admin"]
NEW_PASSWORD = {"name": "Mallory", "password": "chosen by staff!", "confirm": "chosen by staff!"}


@pytest.fixture
def civic(app):
    """An assembly voting, a member with a private note, an organiser and an administrator."""
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="civic", status=AssemblyStatus.VOTING)
    person, seat = member(assembly)
    note = note_services.write_note(sitting(assembly), person, "private", "my doubts", None)
    ballot = ballots.create_ballot(assembly, "Final vote", "sequential", None, organiser)
    ballots.add_item(ballot, "yes_no", "simple", [recommendation(assembly).id])
    ballots.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    return {
        "organiser": organiser,
        "admin": factories.user(is_admin=True),
        "assembly": assembly,
        "member": person,
        "seat": seat,
        "note": note,
        "ballot": ballot,
        "before": (person.email, person.password_hash),
    }


def _outbox_page(client, login, person, slug) -> str:
    """What a staff member sees on the assembly's outbox page."""
    login(person)
    page = client.get(f"/assemblies/{slug}/pool/outbox").get_data(as_text=True)
    client.post("/auth/logout")
    return page


def _database_dump() -> str:
    """The outbox table as someone reading the database or a backup sees it."""
    rows = db.session.execute(text("SELECT * FROM outbox_message")).all()
    return "\n".join(str(value) for row in rows for value in row)


def _act_as_member(client, links, civic) -> str:
    """Use every link found, as the attacker would; then vote and open the member's note."""
    for link in links:
        client.post(link, data=NEW_PASSWORD)
    ballot = civic["ballot"]
    item = ballot.items[0]
    url = f"/assemblies/civic/ballots/{ballot.id}/items/{item.id}/vote"
    client.post(url, data={"choice": "yes"})
    return client.get(f"/assemblies/civic/notes/{civic['note'].id}").get_data(as_text=True)


def _member_untouched(civic) -> None:
    db.session.expire_all()
    person = db.session.get(User, civic["member"].id)
    assert (person.email, person.password_hash) == civic["before"]
    assert db.session.scalar(select(func.count(Voter.id))) == 0


def _signin_link(seat, token="a-sign-in-token-known-to-the-test") -> str:
    """Issue a live sign-in link for this member, as the emailed one would be."""
    seat.signin_token_hash = auth_services.token_hash(token)
    seat.signin_token_expires_at = datetime.now(UTC) + timedelta(minutes=10)
    db.session.commit()
    return f"/members/sign-in-link/{token}"


def _enrol(person) -> str:
    secret = two_factor.new_secret()
    # A code from a minute ago, so that the current step is still free for the test.
    before = time.time() - 60
    assert two_factor.enable_two_factor(person, secret, pyotp.TOTP(secret).at(before), before)
    db.session.commit()
    return secret


def _confirms_first(response) -> bool:
    return response.status_code == 302 and "/auth/confirm" in response.headers["Location"]


# --- Links staff trigger but never see -----------------------------------------------------


@pytest.mark.parametrize("who", STAFF)
def test_staff_send_a_sign_in_link_but_cannot_read_or_use_it(client, login, civic, who):
    login(civic[who])
    client.post("/members/sign-in-link", data={"email": civic["member"].email})
    client.post("/auth/logout")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1, "it was sent"
    page = _outbox_page(client, login, civic[who], "civic")
    assert civic["member"].email in page, "who was written to stays on record"
    links = PRIVATE_LINK.findall(page)
    assert links == []
    assert "my doubts" not in _act_as_member(client, links, civic)
    _member_untouched(civic)


def test_a_database_reader_finds_no_link_to_use(client, civic):
    client.post("/members/sign-in-link", data={"email": civic["member"].email})
    dump = _database_dump()
    assert civic["member"].email in dump
    links = PRIVATE_LINK.findall(dump)
    assert links == [] and "sign-in-link" not in dump
    assert "my doubts" not in _act_as_member(client, links, civic)
    _member_untouched(civic)


@pytest.mark.parametrize("who", STAFF)
def test_staff_invite_the_panel_but_cannot_take_a_seat(client, login, who):
    organiser = factories.user(can_organise=True)
    staff = organiser if who == "organiser" else factories.user(is_admin=True)
    assembly = factories.assembly(organiser, slug="panel", panel_size=2)
    factories.seat_panel(assembly, size=2)
    login(staff)
    client.post("/assemblies/panel/members/invite")
    first = db.session.scalars(select(Member)).first()
    client.post(f"/assemblies/panel/members/{first.id}/resend")
    client.post("/auth/logout")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3
    links = PRIVATE_LINK.findall(_outbox_page(client, login, staff, "panel") + _database_dump())
    assert links == []
    for link in links:
        client.post(link, data=NEW_PASSWORD)
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(select(Member))} == {MemberStatus.CONTACTED}
    emails = [r.email for r in db.session.scalars(select(Registrant))]
    assert not db.session.scalars(select(User).where(User.email.in_(emails))).all()


@pytest.mark.parametrize(
    ("who", "path", "data"),
    [
        ("organiser", "/assemblies/civic/team", {"email": "new@example.org", "role": "expert"}),
        ("admin", "/admin/", {"email": "new@example.org"}),
    ],
)
def test_an_invitation_goes_to_the_invitee_alone(client, login, civic, who, path, data):
    login(civic[who])
    page = client.post(path, data=data, follow_redirects=True).get_data(as_text=True)
    page += client.get("/assemblies/civic/pool/outbox").get_data(as_text=True)
    assert PRIVATE_LINK.findall(page + _database_dump()) == []
    assert "/auth/invitation/" in mailbox.last_body("new@example.org"), "the invitee has it"


@pytest.mark.parametrize("who", STAFF)
def test_staff_cannot_withdraw_a_residents_evidence(client, login, who):
    organiser = factories.user(can_organise=True)
    staff = organiser if who == "organiser" else factories.user(is_admin=True)
    assembly = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(assembly)
    submit_evidence(client, assembly)
    links = PRIVATE_LINK.findall(_outbox_page(client, login, staff, "heat") + _database_dump())
    assert links == []
    for link in links:
        client.post(f"{link}/withdraw")
    assert db.session.scalar(select(Submission)).status is SubmissionStatus.PENDING


@pytest.mark.parametrize("who", STAFF)
def test_staff_cannot_open_a_registrants_private_link(client, login, who):
    organiser = factories.user(can_organise=True)
    staff = organiser if who == "organiser" else factories.user(is_admin=True)
    assembly = factories.quotas(
        factories.assembly(
            organiser, slug="open", status=AssemblyStatus.RECRUITING, residence_area="Eupen"
        )
    )
    register(client, assembly)
    links = PRIVATE_LINK.findall(_outbox_page(client, login, staff, "open") + _database_dump())
    assert links == []
    for link in links:
        client.post(f"{link}/withdraw", data={"confirm": "y"})
    assert db.session.scalar(select(Registrant)).status.value == "registered"


def test_a_private_link_page_is_never_cached(client):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(assembly)
    submit_evidence(client, assembly)
    link = PRIVATE_LINK.search(mailbox.last_body()).group(0)
    assert client.get(link).headers["Cache-Control"] == "no-store"


def test_the_evidence_link_never_travels_in_the_cookie(client):
    assembly = factories.assembly(slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(assembly)
    response = submit_evidence(client, assembly)
    with client.session_transaction() as cookie:
        assert "/e/" not in str(dict(cookie))
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert PRIVATE_LINK.search(thanks), "shown once on the thank-you page"


def test_backup_codes_never_travel_in_the_cookie(client, login, civic):
    login(civic["member"])
    client.get("/auth/account/two-factor")
    with client.session_transaction() as cookie:
        secret = two_factor.open_secret(cookie["totp_pending"])
    client.post("/auth/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    with client.session_transaction() as cookie:
        carried = str(dict(cookie))
    shown = client.get("/auth/account/backup-codes").get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown)
    assert len(codes) == 10 and not [code for code in codes if code in carried]


# --- Accounts with power sign in with their password ---------------------------------------


def test_an_account_with_staff_powers_never_signs_in_by_link(client, civic):
    member(civic["assembly"], civic["organiser"])  # an organiser who also holds a seat
    client.post("/members/sign-in-link", data={"email": civic["organiser"].email})
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    # A link issued before the account gained staff powers does not sign it in either.
    link = _signin_link(civic["seat"])
    civic["member"].is_admin = True
    db.session.commit()
    client.post(link)
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize("who", STAFF)
def test_staff_cannot_move_an_experts_address_to_another_account(client, login, civic, who):
    expert_account = factories.user(email="ada@example.org")
    factories.add_role(expert_account, civic["assembly"], Role.EXPERT)
    expert = Expert(assembly_id=civic["assembly"].id, name="Ada", email="ada@example.org")
    db.session.add(expert)
    db.session.commit()
    login(civic[who])
    client.post(
        f"/assemblies/civic/experts/{expert.id}/edit",
        data={**DECLARED, "email": "mallory@example.org"},
    )
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).email == "ada@example.org"


# --- A link proves a mailbox, not the person -----------------------------------------------


def test_a_sign_in_link_asks_for_the_second_factor(client, civic):
    secret = _enrol(civic["member"])
    response = client.post(_signin_link(civic["seat"]))
    assert response.headers["Location"].endswith("/auth/two-factor")
    assert client.get("/assemblies/civic/my").status_code == 302, "not signed in yet"
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/assemblies/civic/my").status_code == 200


def test_after_a_link_sign_in_two_factor_cannot_be_switched_off(client, civic):
    secret = _enrol(civic["member"])
    client.post(_signin_link(civic["seat"]))
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert _confirms_first(client.post("/auth/account/two-factor/disable"))
    assert db.session.get(User, civic["member"].id).two_factor_enabled
    with client.session_transaction() as cookie:
        assert db.session.get(LoginSession, cookie["sid"]).authenticated_at is None


def test_a_link_sign_in_is_not_a_recent_sign_in(client, civic):
    client.post(_signin_link(civic["seat"]))
    assert client.get("/assemblies/civic/my").status_code == 200
    assert _confirms_first(client.get("/auth/account/two-factor"))
    client.post("/auth/confirm", data={"password": factories.PASSWORD})
    assert client.get("/auth/account/two-factor").status_code == 200


def _seated_and_invited(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="panel", panel_size=1)
    factories.seat_panel(assembly, size=1)
    login(organiser)
    client.post("/assemblies/panel/members/invite")
    client.post("/auth/logout")
    email = db.session.scalar(select(Registrant.email))
    return email, re.search(r"/join/[\w-]+", mailbox.last_body(email)).group(0)


def test_accepting_a_member_invitation_is_not_a_recent_sign_in(client, login):
    _email, link = _seated_and_invited(client, login)
    client.post(link, data={"password": "my own password", "confirm": "my own password"})
    assert client.get("/assemblies/panel/my").status_code == 200
    assert _confirms_first(client.get("/auth/account/two-factor"))


def test_a_member_invitation_never_stands_in_for_the_code(client, login):
    email, link = _seated_and_invited(client, login)
    secret = _enrol(factories.user(email=email))
    response = client.post(link, data={"password": factories.PASSWORD})
    assert response.headers["Location"].endswith("/auth/two-factor")
    assert client.get("/assemblies/panel/my").status_code == 302
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/assemblies/panel/my").status_code == 200


# --- Team invitations give exactly their role ----------------------------------------------


def test_a_team_invitation_as_organiser_gives_that_assemblys_role_only(client, civic):
    other = factories.assembly(civic["organiser"], slug="other")
    _invitation, token = auth_services.create_invitation(
        "olga@example.org", "organiser", civic["organiser"], 7, civic["assembly"].id
    )
    db.session.commit()
    client.post(f"/auth/invitation/{token}", data=NEW_PASSWORD)
    olga = db.session.scalar(select(User).filter_by(email="olga@example.org"))
    assert not olga.can_organise and not olga.is_admin
    assert [(m.assembly_id, m.role) for m in olga.memberships] == [
        (civic["assembly"].id, Role.ORGANISER)
    ]
    assert client.get("/assemblies/new").status_code == 403
    assert client.get(f"/assemblies/{other.slug}/pool/").status_code == 403


def test_a_team_invitation_cannot_make_a_member(client, login, civic):
    login(civic["organiser"])
    client.post("/assemblies/civic/team", data={"email": "x@example.org", "role": "member"})
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    with pytest.raises(ValueError, match="cannot give"):
        auth_services.create_invitation("x@example.org", "member", civic["organiser"], 7, 1)
