"""Two-factor secrets are encrypted at rest; a changed key refuses codes without failing."""

import logging
import re
import time
from datetime import UTC, datetime

import pyotp
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from facilitate import create_app
from facilitate.auth import secret_sealing, two_factor
from facilitate.auth.secret_sealing import UnreadableSecret
from facilitate.extensions import db
from facilitate.models import User
from tests import factories
from tests.conftest import _config

BEFORE_SEALING = "35d6ec0c6147"


def _stored(user_id: int) -> str:
    """Read the column as the database holds it, past the ORM."""
    return db.session.scalar(text('SELECT totp_secret FROM "user" WHERE id = :id'), {"id": user_id})


def _sign_in(client, person, code):
    client.post("/auth/login", data={"email": person.email, "password": factories.PASSWORD})
    return client.post("/auth/two-factor", data={"code": code})


def _enrol_through_the_pages(client, login, person) -> tuple[str, list[str]]:
    """Enrol through the real pages; return the secret and the backup codes shown."""
    login(person)
    client.get("/auth/account/two-factor")
    with client.session_transaction() as session:
        sealed = session["totp_pending"]
    secret = two_factor.open_secret(sealed)
    # A session cookie is only signed, so the secret waiting in it is sealed too.
    assert secret not in sealed
    # The previous step's code, so that the current one is still free for signing in.
    earlier = pyotp.TOTP(secret).at(time.time() - 30)
    response = client.post("/auth/account/two-factor", data={"code": earlier})
    assert response.headers["Location"].endswith("/auth/account/backup-codes")
    shown = client.get("/auth/account/backup-codes").get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown)
    client.post("/auth/logout")
    return secret, codes


def test_the_database_holds_the_secret_encrypted(client, login):
    person = factories.user()
    secret, _codes = _enrol_through_the_pages(client, login, person)
    stored = _stored(person.id)
    assert stored and stored != secret and secret not in stored
    assert secret.lower() not in stored.lower()
    assert two_factor.user_secret(db.session.get(User, person.id)) == secret


def test_enrolment_then_sign_in_with_a_code(client, login):
    person = factories.user()
    secret, _codes = _enrol_through_the_pages(client, login, person)
    assert client.get("/dashboard").status_code == 302
    response = _sign_in(client, person, pyotp.TOTP(secret).now())
    assert response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200


def test_another_key_cannot_decrypt():
    key = secret_sealing.key_from_config({"SECRET_KEY": "one"})
    sealed = secret_sealing.seal("JBSWY3DPEHPK3PXP", key)
    assert secret_sealing.unseal(sealed, key) == "JBSWY3DPEHPK3PXP"
    for other in ({"SECRET_KEY": "two"}, {"SECRET_KEY": "one", "TOTP_ENCRYPTION_KEY": "three"}):
        with pytest.raises(UnreadableSecret, match="TOTP_ENCRYPTION_KEY or SECRET_KEY"):
            secret_sealing.unseal(sealed, secret_sealing.key_from_config(other))
    with pytest.raises(UnreadableSecret):
        secret_sealing.unseal("JBSWY3DPEHPK3PXP", key)


def test_a_dedicated_key_takes_precedence_over_secret_key(app):
    app.config["TOTP_ENCRYPTION_KEY"] = "a dedicated key"
    sealed = two_factor.seal_secret("JBSWY3DPEHPK3PXP")
    dedicated = secret_sealing.key_from_config(
        {"SECRET_KEY": "x", "TOTP_ENCRYPTION_KEY": "a dedicated key"}
    )
    assert secret_sealing.unseal(sealed, dedicated) == "JBSWY3DPEHPK3PXP"


def test_after_a_key_change_codes_are_refused_with_a_message(app, client, login, caplog):
    person = factories.user()
    secret, codes = _enrol_through_the_pages(client, login, person)
    app.config["TOTP_ENCRYPTION_KEY"] = "not the key that sealed it"
    with caplog.at_level(logging.ERROR):
        response = _sign_in(client, person, pyotp.TOTP(secret).now())
    assert response.status_code == 200
    assert "wrong or has already been used" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302
    assert f"user {person.id}" in caplog.text and "cannot be decrypted" in caplog.text
    # Backup codes do not depend on the key, so the person can still sign in.
    assert _sign_in(client, person, codes[0]).headers["Location"].endswith("/dashboard")


def test_legacy_plain_secrets_are_encrypted_by_the_migration(empty_database):
    app = create_app(_config(empty_database))
    secret = two_factor.new_secret()
    with app.app_context():
        upgrade(revision=BEFORE_SEALING)
        db.session.execute(
            User.__table__.insert().values(
                email="legacy@example.org",
                name="Legacy",
                password_hash=generate_password_hash(factories.PASSWORD, "pbkdf2:sha256:1000"),
                totp_secret=secret,
                totp_enabled_at=datetime.now(UTC),
            )
        )
        db.session.commit()
        person = db.session.scalar(db.select(User).filter_by(email="legacy@example.org"))
        db.session.remove()

        upgrade()
        stored = _stored(person.id)
        assert stored != secret and secret not in stored
        client = app.test_client()
        response = _sign_in(client, person, pyotp.TOTP(secret).now())
        assert response.headers["Location"].endswith("/dashboard")
        assert client.get("/dashboard").status_code == 200
        db.session.remove()

        downgrade(revision=BEFORE_SEALING)
        assert _stored(person.id) == secret
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
