"""Signing in and out, sessions, rate limits, invitations."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from facilitate.auth import services
from facilitate.config import Defaults
from facilitate.extensions import db
from facilitate.models import Invitation, LoginSession, Membership, Role, User
from tests import factories, mailbox


def test_production_default_is_a_slow_kdf():
    assert Defaults.PASSWORD_HASH_METHOD == "scrypt"
    hashed = services.hash_password("a long enough password", Defaults.PASSWORD_HASH_METHOD)
    assert hashed.startswith("scrypt:")
    assert check_password_hash(hashed, "a long enough password")


def test_login_and_logout(client, login):
    person = factories.user()
    response = login(person)
    assert response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    client.post("/auth/logout")
    assert client.get("/dashboard").status_code == 302


def test_wrong_password_is_refused_with_a_message(client):
    person = factories.user()
    response = client.post("/auth/login", data={"email": person.email, "password": "nope nope"})
    assert response.status_code == 200
    assert "The email or password is wrong." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_cookie_replayed_after_logout_is_refused(app, client, login):
    person = factories.user()
    login(person)
    stolen = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.post("/auth/logout")
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    assert other.get("/dashboard").status_code == 302
    assert db.session.scalar(db.select(LoginSession)).revoked_at is not None


def test_login_starts_a_new_session(app, client, login):
    # What someone planted in the browser's session before the sign-in must not survive it.
    with client.session_transaction() as session:
        session["sid"] = "fixed-by-an-attacker"
        session["planted"] = "yes"
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    person = factories.user()
    login(person)
    after = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert before != after
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sid"] != "fixed-by-an-attacker" and len(session["sid"]) >= 40
        assert db.session.get(LoginSession, session["sid"]).user_id == person.id


def test_login_is_rate_limited(client):
    person = factories.user()
    codes = [
        client.post("/auth/login", data={"email": person.email, "password": "wrong!"}).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [200] * 10
    assert codes[10:] == [429, 429]


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/assemblies/new", "/assemblies/new"),
        ("https://evil.example/steal", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
    ],
)
def test_next_only_redirects_within_the_site(client, target, expected):
    person = factories.user(can_organise=True)
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": person.email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == expected


def test_inactive_account_cannot_sign_in(client):
    person = factories.user()
    person.is_active_account = False
    db.session.commit()
    response = client.post(
        "/auth/login", data={"email": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "The email or password is wrong." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302
    assert db.session.scalar(db.select(LoginSession).filter_by(user_id=person.id)) is None


def _invite(admin, email="new@example.org", capability="organiser", days=7, assembly_id=None):
    invitation, token = services.create_invitation(email, capability, admin, days, assembly_id)
    db.session.commit()
    return invitation, token


def test_admin_invites_an_organiser(client, login):
    admin = factories.user(is_admin=True)
    login(admin)
    response = client.post("/admin/", data={"email": "Olga@Example.org"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    # Emailed to Olga alone: the administrator never sees the link.
    assert "emailed to Olga@Example.org" in page and "/auth/invitation/" not in page
    body = mailbox.last_body("olga@example.org")
    token = re.search(r"/auth/invitation/([A-Za-z0-9_-]+)", body).group(1)
    client.post("/auth/logout")
    response = client.post(
        f"/auth/invitation/{token}",
        data={
            "name": "Olga",
            "password": "a very good password",
            "confirm": "a very good password",
        },
    )
    assert response.status_code == 302
    olga = db.session.scalar(db.select(User).filter_by(email="olga@example.org"))
    assert olga.can_organise and not olga.is_admin
    # A used link cannot be used again.
    assert client.get(f"/auth/invitation/{token}").status_code == 404


def test_expired_invitation_is_refused(client):
    admin = factories.user(is_admin=True)
    invitation, token = _invite(admin)
    invitation.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    response = client.get(f"/auth/invitation/{token}")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_revoked_invitation_is_refused(client, login):
    admin = factories.user(is_admin=True)
    invitation, token = _invite(admin)
    login(admin)
    client.post(f"/admin/invitations/{invitation.id}/revoke")
    assert db.session.get(Invitation, invitation.id).revoked_at is not None
    assert client.get(f"/auth/invitation/{token}").status_code == 404


def test_assembly_invitation_gives_a_role(client):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser)
    _invitation, token = _invite(
        organiser, "fac@example.org", "facilitator", assembly_id=assembly.id
    )
    client.post(
        f"/auth/invitation/{token}",
        data={"name": "Fay", "password": "a very good password", "confirm": "a very good password"},
    )
    fay = db.session.scalar(db.select(User).filter_by(email="fac@example.org"))
    roles = db.session.scalars(db.select(Membership.role).filter_by(user_id=fay.id)).all()
    assert roles == [Role.FACILITATOR]
    assert not fay.can_organise


def test_existing_account_accepts_with_its_password(client):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser)
    existing = factories.user(email="known@example.org")
    _invitation, token = _invite(organiser, "known@example.org", "expert", assembly_id=assembly.id)
    bad = client.post(f"/auth/invitation/{token}", data={"password": "wrong password!!"})
    assert "password is wrong" in bad.get_data(as_text=True)
    good = client.post(f"/auth/invitation/{token}", data={"password": factories.PASSWORD})
    assert good.status_code == 302
    assert (
        db.session.scalar(db.select(Membership).filter_by(user_id=existing.id)).role is Role.EXPERT
    )


def test_short_password_is_refused(client):
    admin = factories.user(is_admin=True)
    _invitation, token = _invite(admin)
    response = client.post(
        f"/auth/invitation/{token}", data={"name": "X", "password": "short", "confirm": "short"}
    )
    assert response.status_code == 200
    assert "at least 12" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).filter_by(email="new@example.org")) is None


def test_create_admin_command(runner):
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "root@example.org",
            "--name",
            "Root",
            "--password",
            "a long admin password",
        ],
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(User).filter_by(email="root@example.org")).is_admin


# Recent sign-in before high-impact actions.


def _age_sign_in(client, minutes=30):
    """Pretend the password was last checked `minutes` ago."""
    with client.session_transaction() as session:
        sid = session["sid"]
    record = db.session.get(LoginSession, sid)
    record.authenticated_at = datetime.now(UTC) - timedelta(minutes=minutes)
    db.session.commit()


def test_stale_sign_in_is_asked_again_before_an_export(client, login):
    from facilitate.models.audit import AuditEntry

    organiser = factories.user(can_organise=True)
    factories.quotas(factories.assembly(organiser, slug="pool"))
    login(organiser)
    _age_sign_in(client)
    response = client.get("/assemblies/pool/pool/export.csv")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/confirm?next=/assemblies/pool/pool/export.csv"
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="pool.export")) is None
    wrong = client.post(response.headers["Location"], data={"password": "wrong password"})
    assert "password or code is wrong" in wrong.get_data(as_text=True)
    back = client.post(response.headers["Location"], data={"password": factories.PASSWORD})
    assert back.headers["Location"] == "/assemblies/pool/pool/export.csv"
    assert client.get("/assemblies/pool/pool/export.csv").status_code == 200


def test_recent_sign_in_passes_straight_through(client, login):
    organiser = factories.user(can_organise=True)
    factories.quotas(factories.assembly(organiser, slug="pool"))
    login(organiser)
    _age_sign_in(client, minutes=5)
    assert client.get("/assemblies/pool/pool/export.csv").status_code == 200


def test_a_refused_post_is_not_replayed(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.drawable_assembly(organiser)
    login(organiser)
    _age_sign_in(client)
    page = "http://localhost/assemblies/draw/selection/"
    response = client.post(
        "/assemblies/draw/selection/runs",
        data={"algorithm": "leximin", "panels": 10},
        headers={"Referer": page},
    )
    assert response.headers["Location"] == "/auth/confirm?next=/assemblies/draw/selection/"
    from facilitate.models import SelectionRun

    assert db.session.scalar(db.select(SelectionRun).filter_by(assembly_id=assembly.id)) is None
    back = client.post(response.headers["Location"], data={"password": factories.PASSWORD})
    assert back.headers["Location"] == "/assemblies/draw/selection/"
    followed = client.get(back.headers["Location"]).get_data(as_text=True)
    assert "Please repeat the action now." in followed
    assert db.session.scalar(db.select(SelectionRun).filter_by(assembly_id=assembly.id)) is None


def test_foreign_referrer_is_not_a_return_address(client, login):
    organiser = factories.user(can_organise=True)
    person = factories.registrant(factories.quotas(factories.assembly(organiser, slug="pool")))
    login(organiser)
    _age_sign_in(client)
    response = client.post(
        f"/assemblies/pool/pool/{person.id}/erase", headers={"Referer": "https://evil.example/x"}
    )
    assert response.headers["Location"] == "/auth/confirm?next=/dashboard"
    assert db.session.get(type(person), person.id).erased_at is None


def test_only_publishing_needs_a_recent_sign_in(client, login):
    from facilitate.models import Assembly, AssemblyStatus

    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="pub", status=AssemblyStatus.VOTING)
    login(organiser)
    _age_sign_in(client)
    back = client.post("/assemblies/pub/status", data={"to_status": "sitting"})
    assert back.headers["Location"] == "/assemblies/pub"
    assert db.session.get(Assembly, assembly.id).status is AssemblyStatus.SITTING
    assembly.status = AssemblyStatus.VOTING
    db.session.commit()
    publish = client.post("/assemblies/pub/status", data={"to_status": "published"})
    assert publish.headers["Location"].startswith("/auth/confirm")
    assert db.session.get(Assembly, assembly.id).status is AssemblyStatus.VOTING


def test_reauthentication_asks_for_the_code_when_enabled(client):
    import time

    import pyotp

    from facilitate.auth import two_factor

    person = factories.user(can_organise=True)
    secret = two_factor.new_secret()
    earlier = time.time() - 60
    two_factor.enable_two_factor(person, secret, pyotp.TOTP(secret).at(earlier), earlier)
    db.session.commit()
    client.post("/auth/login", data={"email": person.email, "password": factories.PASSWORD})
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    _age_sign_in(client)
    record = db.session.scalar(db.select(LoginSession).filter_by(user_id=person.id))
    aged = record.authenticated_at
    page = client.get("/auth/confirm?next=/dashboard").get_data(as_text=True)
    assert 'name="code"' in page
    no_code = client.post("/auth/confirm?next=/dashboard", data={"password": factories.PASSWORD})
    assert no_code.status_code == 200
    # The password alone did not count as a fresh sign-in.
    db.session.refresh(record)
    assert record.authenticated_at == aged


def test_an_unknown_email_costs_the_same_key_derivation_as_a_known_one(app, monkeypatch):
    """The time a sign-in takes must not tell who has an account."""
    person = factories.user()
    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(
        services, "check_password_hash", lambda h, p: checked.append(h) or real(h, p)
    )
    for method in ("pbkdf2:sha256:1000", "pbkdf2:sha256:2000"):
        app.config["PASSWORD_HASH_METHOD"] = method
        person.password_hash = generate_password_hash("x", method=method)
        assert services.authenticate("nobody@example.org", "x") is None
        assert services.authenticate(person.email, "wrong") is None
        unknown, known = checked[-2:]
        assert unknown.split("$")[0] == known.split("$")[0] == method


def test_failed_logins_from_elsewhere_do_not_lock_the_person_out(app):
    person = factories.user()
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for _ in range(12):
        attacker.post("/auth/login", data={"email": person.email, "password": "wrong!"})
    blocked = attacker.post("/auth/login", data={"email": person.email, "password": "wrong!"})
    assert blocked.status_code == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    response = owner.post(
        "/auth/login", data={"email": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
