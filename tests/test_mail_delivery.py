"""The outbox: text sealed at rest, opened only to deliver it, erased once sent.

Delivery is tested against a real SMTP server on localhost (aiosmtpd), which can be told to
refuse a recipient for now (451) or for good (550).
"""

import logging
import smtplib
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select, text

from facilitate import jobs, mail
from facilitate.auth import secret_sealing
from facilitate.extensions import db
from facilitate.mail import Delivery
from facilitate.models import OutboxMessage
from tests import mailbox
from tests.concurrency import at_once

LINK = "https://example.org/join/a-one-time-token"
RITA = "rita@example.org"


@pytest.fixture
def smtp(app):
    """A real SMTP server the app delivers to; jobs run inline, so delivery is deterministic."""
    with mailbox.smtp_server() as server:
        app.config.update(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=server.port,
            MAIL_FROM="Facilitate <noreply@example.org>",
            JOBS_MODE="inline",
        )
        yield server


def _rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _row() -> OutboxMessage:
    rows = _rows()
    return rows[0] if rows else None


def _queue_held(app, recipients) -> None:
    """Queue a message to each recipient and commit, while no mail server is set."""
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = None
    for recipient in recipients:
        mail.queue_email(recipient, "Your link", f"Follow {LINK}", None)
    db.session.commit()
    app.config["MAIL_SERVER"] = server


def test_the_text_is_sealed_with_its_own_key(app):
    mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
    db.session.commit()
    raw = db.session.execute(text("SELECT sealed_body FROM outbox_message")).scalar()
    assert "one-time-token" not in raw
    assert mail.open_body(_row()) == f"Follow {LINK}"
    two_factor_key = secret_sealing.key_from_config(app.config, secret_sealing.TWO_FACTOR)
    with pytest.raises(secret_sealing.UnreadableSecret):
        secret_sealing.unseal(raw, two_factor_key)


def test_delivery_is_a_job_that_follows_the_commit(app, smtp, monkeypatch):
    runs = []
    deliver_job = mail.deliver_job
    monkeypatch.setattr(mail, "deliver_job", lambda: runs.append(1) or deliver_job())
    with app.test_request_context("/"):
        mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
        db.session.flush()
        assert smtp.messages == [] and runs == [], "nothing leaves before the commit"
        db.session.commit()
    assert runs == [1], "delivery went through the job"
    [email] = smtp.messages
    assert LINK in email.get_content()
    assert (email["To"], email["Subject"]) == (RITA, "Your link")
    assert email["From"] == "Facilitate <noreply@example.org>"
    assert email["Message-ID"].startswith("<") and email["Message-ID"].endswith("@example.org>")
    sent_on = parsedate_to_datetime(email["Date"])
    assert abs(sent_on - datetime.now(UTC)) < timedelta(minutes=1)
    row = _row()
    assert row.sent_at is not None and row.sealed_body is None
    assert (row.attempts, row.next_attempt_at, row.error) == (1, None, "")


def test_a_rolled_back_message_never_leaves(smtp):
    mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
    db.session.rollback()
    db.session.commit()
    assert smtp.asked == [] and _row() is None


def test_a_451_reply_is_tried_again_once_due(app, smtp):
    smtp.refuse[RITA] = "451 4.3.0 Mailbox busy, try later"
    mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
    db.session.commit()
    row = _row()
    assert smtp.asked == [RITA] and smtp.messages == []
    assert row.sent_at is None and row.error == "" and row.sealed_body is not None
    assert row.attempts == 1 and row.next_attempt_at > datetime.now(UTC)
    assert mail.deliver_outbox(app.config) == Delivery(), "not before its time"
    del smtp.refuse[RITA]
    assert mail.deliver_outbox(app.config, now=row.next_attempt_at) == Delivery(sent=1)
    [email] = smtp.messages
    assert LINK in email.get_content()
    row = _row()
    assert row.sent_at is not None and row.attempts == 2 and row.sealed_body is None


def test_temporary_failures_back_off_then_give_up(app, smtp):
    smtp.refuse[RITA] = "451 4.3.0 Try again later"
    mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
    db.session.commit()
    waits = []
    while (row := _row()).next_attempt_at is not None:
        before = row.next_attempt_at
        mail.deliver_outbox(app.config, now=before)
        after = _row().next_attempt_at
        if after is not None:
            waits.append((after - before) / timedelta(minutes=1))
    assert waits == [5, 15, 60, 240, 240, 240]  # the first wait, 1 minute, came before
    assert row.attempts == mail.MAX_ATTEMPTS == len(smtp.asked)
    assert row.error == f"gave up after 8 attempts: {RITA}: 451 4.3.0 Try again later"
    assert mail.deliver_outbox(app.config, now=datetime.now(UTC) + timedelta(days=9)) == Delivery()


def test_a_550_reply_fails_at_once_and_is_never_retried(app, smtp):
    smtp.refuse[RITA] = "550 5.1.1 No such user"
    _queue_held(app, [RITA, "sam@example.org"])
    assert mail.deliver_outbox(app.config) == Delivery(sent=1, failed=1)
    refused, sent = _rows()
    assert "550" in refused.error and "No such user" in refused.error
    assert refused.sent_at is None and refused.next_attempt_at is None
    assert sent.sent_at is not None, "one refusal does not stop the others"
    later = datetime.now(UTC) + timedelta(days=30)
    assert mail.deliver_outbox(app.config, now=later) == Delivery()
    assert smtp.asked == [RITA, "sam@example.org"]


def test_a_refused_connection_is_retried_and_loses_nothing(app, smtp):
    app.config["MAIL_PORT"] = mailbox.free_port()  # nothing listens there
    mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
    mail.queue_email("sam@example.org", "Your link", f"Follow {LINK}", None)
    db.session.commit()
    for row in _rows():
        assert row.sent_at is None and row.error == "" and row.sealed_body is not None
        assert row.attempts == 1 and row.next_attempt_at > datetime.now(UTC)
    app.config["MAIL_PORT"] = smtp.port
    due = _row().next_attempt_at
    assert mail.deliver_outbox(app.config, now=due) == Delivery(sent=2)
    assert sorted(m["To"] for m in smtp.messages) == [RITA, "sam@example.org"]


def test_a_login_is_never_sent_in_the_clear(app, smtp, monkeypatch):
    tls = []
    starttls = smtplib.SMTP.starttls
    monkeypatch.setattr(
        smtplib.SMTP, "starttls", lambda s, **kw: tls.append(1) or starttls(s, **kw)
    )
    _queue_held(app, [RITA])
    # The test server offers no STARTTLS: with a username, TLS is required by default.
    app.config.update(MAIL_USERNAME="facilitate", MAIL_PASSWORD="secret")
    assert mail.deliver_outbox(app.config) == Delivery(retried=1)
    assert tls == [1] and smtp.asked == []
    row = _row()
    assert row.error == "" and row.attempts == 1 and row.sealed_body is not None
    app.config.update(MAIL_USERNAME=None)
    assert mail.deliver_outbox(app.config, now=row.next_attempt_at) == Delivery(sent=1)
    assert tls == [1], "no login, no TLS unless MAIL_USE_TLS asks for it"


def test_two_senders_send_each_message_once(app, smtp):
    recipients = [f"person{i}@example.org" for i in range(30)]
    _queue_held(app, recipients)
    results = []
    errors = at_once(app, lambda: results.append(mail.deliver_outbox(app.config)), [(), ()])
    assert errors == []
    assert sorted(m["To"] for m in smtp.messages) == sorted(recipients)
    assert sum(result.sent for result in results) == 30
    assert all(row.sent_at is not None and row.attempts == 1 for row in _rows())


_DRAW_RUNNING = threading.Event()
_DRAW_MAY_END = threading.Event()


def a_long_draw() -> None:
    """A job for the tests: holds the draw lane until released."""
    _DRAW_RUNNING.set()
    _DRAW_MAY_END.wait(30)


def test_mail_does_not_wait_behind_a_long_draw(app, smtp, monkeypatch):
    monkeypatch.setitem(jobs.JOBS, "selection.long", "tests.test_mail_delivery:a_long_draw")
    app.config["JOBS_MODE"] = "thread"
    _DRAW_RUNNING.clear()
    _DRAW_MAY_END.clear()
    draw = jobs.start("selection.long")
    try:
        assert _DRAW_RUNNING.wait(10)
        mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
        db.session.commit()
        deadline = time.monotonic() + 10
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert smtp.messages and not draw.done(), "mail left while the draw was running"
    finally:
        _DRAW_MAY_END.set()
        draw.result(timeout=10)


def test_the_send_command_delivers_what_is_due(app, smtp, runner):
    _queue_held(app, [RITA])
    smtp.refuse["sam@example.org"] = "451 4.3.0 Try again later"
    _queue_held(app, ["sam@example.org"])
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1, retried 1, failed 0" in result.output
    assert [m["To"] for m in smtp.messages] == [RITA]
    app.config["MAIL_SERVER"] = None
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1 and "MAIL_SERVER is not set" in result.output


def test_a_message_sealed_under_another_key_is_marked_not_sent(app, smtp):
    _queue_held(app, [RITA])
    app.config.update(SECRET_KEY="another key")
    assert mail.deliver_outbox(app.config) == Delivery(failed=1)
    row = _row()
    assert smtp.asked == [] and row.sent_at is None and "cannot be decrypted" in row.error


def test_without_a_mail_server_only_a_debug_run_prints_mail(app, caplog):
    app.config["JOBS_MODE"] = "inline"
    mail.queue_email(RITA, "Your link", f"Follow {LINK}", None)
    with caplog.at_level(logging.INFO):
        db.session.commit()
        assert LINK not in caplog.text, "tests and production never print mail"
        assert _row().sealed_body is not None, "it waits, sealed, for a mail server"
        app.config.update(DEBUG=True, TESTING=False)
        assert mail.deliver_outbox(app.config) == Delivery(sent=1)
    assert LINK in caplog.text
    assert _row().sealed_body is None
