"""The outbox: text sealed at rest, opened only to deliver it, erased once sent."""

import logging

import pytest
from sqlalchemy import select, text

from facilitate import mail
from facilitate.auth import secret_sealing
from facilitate.extensions import db
from facilitate.models import OutboxMessage

LINK = "https://example.org/join/a-one-time-token"


class FakeSMTP:
    """Stands in for smtplib.SMTP and keeps what it was given."""

    sent: list = []

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, email):
        FakeSMTP.sent.append(email)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config["MAIL_SERVER"] = "smtp.example.org"
    return FakeSMTP.sent


def _row() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage))


def test_the_text_is_sealed_with_its_own_key(app):
    mail.queue_email("rita@example.org", "Your link", f"Follow {LINK}", None)
    db.session.commit()
    raw = db.session.execute(text("SELECT sealed_body FROM outbox_message")).scalar()
    assert "one-time-token" not in raw
    assert mail.open_body(_row()) == f"Follow {LINK}"
    two_factor_key = secret_sealing.key_from_config(app.config, secret_sealing.TWO_FACTOR)
    with pytest.raises(secret_sealing.UnreadableSecret):
        secret_sealing.unseal(raw, two_factor_key)


def test_delivery_follows_the_commit_and_erases_the_text(smtp):
    mail.queue_email("rita@example.org", "Your link", f"Follow {LINK}", None)
    assert smtp == [], "nothing leaves before the commit"
    db.session.commit()
    assert len(smtp) == 1 and LINK in smtp[0].get_content()
    row = _row()
    assert row.sent_at is not None and row.sealed_body is None
    assert (row.recipient, row.subject) == ("rita@example.org", "Your link")


def test_a_rolled_back_message_never_leaves(smtp):
    mail.queue_email("rita@example.org", "Your link", f"Follow {LINK}", None)
    db.session.rollback()
    db.session.commit()
    assert smtp == [] and _row() is None


def test_a_message_sealed_under_another_key_is_marked_not_sent(app, smtp):
    app.config["MAIL_SERVER"] = None
    mail.queue_email("rita@example.org", "Your link", f"Follow {LINK}", None)
    db.session.commit()
    app.config.update(MAIL_SERVER="smtp.example.org", SECRET_KEY="another key")
    assert mail.deliver_outbox(app.config) == 0
    row = _row()
    assert smtp == [] and row.sent_at is None and "cannot be decrypted" in row.error


def test_without_a_mail_server_only_a_debug_run_prints_mail(app, caplog):
    mail.queue_email("rita@example.org", "Your link", f"Follow {LINK}", None)
    with caplog.at_level(logging.INFO):
        db.session.commit()
        assert LINK not in caplog.text, "tests and production never print mail"
        assert _row().sealed_body is not None, "it waits, sealed, for a mail server"
        app.config.update(DEBUG=True, TESTING=False)
        assert mail.deliver_outbox(app.config) == 1
    assert LINK in caplog.text
    assert _row().sealed_body is None
