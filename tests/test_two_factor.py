"""Two-factor sign-in: enrolment, codes that cannot be replayed, backup codes, policy."""

import re
import time

import pyotp
import pytest

from facilitate.auth import two_factor
from facilitate.extensions import db
from facilitate.models import User
from facilitate.models.audit import AuditEntry
from facilitate.models.users import BackupCode
from tests import factories


def _enrolled(**flags):
    """Return a user with two-factor on, its secret and its backup codes."""
    person = factories.user(**flags)
    secret = two_factor.new_secret()
    # A code from a minute ago, so that the current step is still free for the test.
    codes = two_factor.enable_two_factor(
        person, secret, pyotp.TOTP(secret).at(time.time() - 60), time.time() - 60
    )
    db.session.commit()
    return person, secret, codes


def _password(client, person):
    return client.post("/auth/login", data={"email": person.email, "password": factories.PASSWORD})


def test_enrolment_shows_a_qr_code_and_turns_on_with_a_code(client, login):
    person = factories.user(can_organise=True)
    login(person)
    page = client.get("/auth/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "style=" not in page.split("<svg")[1].split("</svg>")[0]
    with client.session_transaction() as session:
        secret = two_factor.open_secret(session["totp_pending"])
    assert secret in page
    # A reload shows the same secret, so a scanned code stays valid.
    assert secret in client.get("/auth/account/two-factor").get_data(as_text=True)
    wrong = client.post("/auth/account/two-factor", data={"code": "000000"})
    assert "does not match" in wrong.get_data(as_text=True)
    assert not db.session.get(User, person.id).two_factor_enabled
    done = client.post("/auth/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.headers["Location"].endswith("/auth/account/backup-codes")
    shown = client.get("/auth/account/backup-codes").get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown)
    assert len(codes) == 10
    # Shown once: a reload goes back to the overview.
    assert client.get("/auth/account/backup-codes").status_code == 302
    stored = db.session.scalars(db.select(BackupCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert db.session.get(User, person.id).two_factor_enabled
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="account.two_factor_enabled"))


def test_sign_in_asks_for_the_code_after_the_password(client):
    person, secret, _codes = _enrolled()
    response = _password(client, person)
    assert response.headers["Location"].endswith("/auth/two-factor")
    assert client.get("/dashboard").status_code == 302  # not signed in yet
    bad = client.post("/auth/two-factor", data={"code": "123456"})
    assert "wrong or has already been used" in bad.get_data(as_text=True)
    good = client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert good.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200


def test_a_code_cannot_be_used_twice(client):
    person, secret, _codes = _enrolled()
    code = pyotp.TOTP(secret).now()
    _password(client, person)
    assert client.post("/auth/two-factor", data={"code": code}).status_code == 302
    client.post("/auth/logout")
    other = client.application.test_client()
    _password(other, person)
    replay = other.post("/auth/two-factor", data={"code": code})
    assert replay.status_code == 200
    assert other.get("/dashboard").status_code == 302


def test_an_earlier_code_is_refused_after_a_later_one(app):
    person, secret, _codes = _enrolled()
    now = time.time()
    totp = pyotp.TOTP(secret)
    assert two_factor.use_totp(person, totp.at(now), now)
    assert not two_factor.use_totp(person, totp.at(now - 30), now)
    assert not two_factor.use_totp(person, totp.at(now), now)
    assert two_factor.use_totp(person, totp.at(now + 30), now + 30)
    assert not two_factor.use_totp(person, totp.at(now - 300), now)


def test_backup_code_works_once(client):
    person, _secret, codes = _enrolled()
    _password(client, person)
    assert client.post("/auth/two-factor", data={"code": codes[0].upper()}).status_code == 302
    client.post("/auth/logout")
    _password(client, person)
    again = client.post("/auth/two-factor", data={"code": codes[0]})
    assert again.status_code == 200
    assert two_factor.unused_backup_codes(person) == 9


def test_code_attempts_are_rate_limited(client):
    person, _secret, _codes = _enrolled()
    _password(client, person)
    codes = [client.post("/auth/two-factor", data={"code": "000000"}).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429, 429]


def test_the_pending_sign_in_expires(client, monkeypatch):
    person, secret, _codes = _enrolled()
    _password(client, person)
    with client.session_transaction() as session:
        session["pending_2fa"]["at"] -= 3600
        session.modified = True
    response = client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"].endswith("/auth/login")


def test_required_user_is_sent_to_enrolment(client):
    person = factories.user(can_organise=True)
    person.require_two_factor = True
    db.session.commit()
    response = _password(client, person)
    assert response.headers["Location"].endswith("/auth/account/two-factor")
    # Every other page sends them back until they have enrolled.
    assert client.get("/dashboard").headers["Location"].endswith("/auth/account/two-factor")
    assert client.get("/auth/account/two-factor").status_code == 200


def test_global_setting_requires_staff_only(app, client):
    app.config["REQUIRE_TWO_FACTOR"] = True
    member = factories.user()
    assert _password(client, member).headers["Location"].endswith("/dashboard")
    client.post("/auth/logout")
    organiser = factories.user(can_organise=True)
    assert _password(client, organiser).headers["Location"].endswith("/auth/account/two-factor")


def test_admin_requires_two_factor_of_an_organiser(client, login):
    admin = factories.user(is_admin=True)
    organiser = factories.user(can_organise=True)
    login(admin)
    assert organiser.email in client.get("/auth/admin/two-factor").get_data(as_text=True)
    client.post("/auth/admin/two-factor", data={"user_id": organiser.id, "required": "1"})
    assert db.session.get(User, organiser.id).require_two_factor
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="admin.two_factor_required"))
    assert entry.actor_email == admin.email and organiser.email in entry.target
    assert client.post("/auth/admin/two-factor", data={"user_id": 99999}).status_code == 404


def test_required_user_cannot_turn_it_off(client, login):
    person, secret, _codes = _enrolled(can_organise=True)
    person.require_two_factor = True
    db.session.commit()
    _password(client, person)
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    client.post("/auth/account/two-factor/disable")
    assert db.session.get(User, person.id).two_factor_enabled


def test_new_backup_codes_replace_the_old_ones(client):
    person, secret, codes = _enrolled()
    _password(client, person)
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert client.post("/auth/account/backup-codes/new").status_code == 302
    assert not two_factor.use_backup_code(person, codes[1])
    assert two_factor.unused_backup_codes(person) == 10


@pytest.mark.csrf
def test_code_form_needs_its_token(client):
    person, secret, _codes = _enrolled()
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={"email": person.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert (
        client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()}).status_code == 400
    )
