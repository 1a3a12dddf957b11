"""Email: each message waits in the outbox, sealed, and leaves once its transaction commits.

Messages carry one-time links meant for their recipient alone. Their text is therefore sealed
at rest (Fernet, under a key derived from the configuration), opened only here to deliver it,
and erased once sent: staff, and anyone reading the database or a backup, see who was written
to, about what and when, never the links.
"""

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage

from flask import current_app

from facilitate.after_commit import after_commit
from facilitate.auth import secret_sealing
from facilitate.auth.secret_sealing import UnreadableSecret
from facilitate.extensions import db
from facilitate.models import OutboxMessage


def _key(config) -> bytes:
    return secret_sealing.key_from_config(config, secret_sealing.OUTBOX)


def queue_email(
    recipient: str, subject: str, body: str, assembly_id: int | None = None
) -> OutboxMessage:
    """Put a sealed message in the outbox; it is delivered after the caller commits."""
    app = current_app._get_current_object()
    message = OutboxMessage(
        recipient=recipient,
        subject=subject[:300],
        sealed_body=secret_sealing.seal(body, _key(app.config)),
        assembly_id=assembly_id,
    )
    db.session.add(message)
    db.session.flush()
    after_commit(db.session, lambda: _deliver_in_new_context(app), key="mail.deliver")
    return message


def _deliver_in_new_context(app) -> None:
    # A context of its own gives a session of its own: the one that committed cannot be
    # used from inside its own commit.
    with app.app_context():
        deliver_outbox(app.config)


def open_body(message: OutboxMessage) -> str:
    """Return a message's text for delivery; raise UnreadableSecret if the key changed."""
    if message.sealed_body is None:
        raise UnreadableSecret("the message was sent or erased")
    return secret_sealing.unseal(message.sealed_body, _key(current_app.config))


def _to_console(config) -> bool:
    # Development only: with no mail server, the person running `flask --debug run` reads
    # the mail in their terminal. Never in production or tests, where the console is a log.
    return not config.get("MAIL_SERVER") and config.get("DEBUG") and not config.get("TESTING")


def deliver_outbox(config) -> int:
    """Send unsent messages over SMTP (or to the debug console); erase what was sent."""
    server = config.get("MAIL_SERVER")
    if not server and not _to_console(config):
        return 0  # no way out yet: the messages wait, sealed, for a mail server
    pending = db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.error == "")
        .order_by(OutboxMessage.id)
        .with_for_update(skip_locked=True)  # two processes never send the same message
    ).all()
    if not pending:
        db.session.commit()
        return 0
    if not server:
        sent = _send_all(pending, config, _log_to_console)
    else:
        with smtplib.SMTP(server, int(config.get("MAIL_PORT", 587)), timeout=20) as smtp:
            if config.get("MAIL_USERNAME"):
                smtp.starttls()
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            sent = _send_all(pending, config, smtp.send_message)
    db.session.commit()
    return sent


def _send_all(pending: list[OutboxMessage], config, send) -> int:
    sent = 0
    for message in pending:
        try:
            email = EmailMessage()
            email["From"] = config.get("MAIL_FROM", "facilitate@localhost")
            email["To"] = message.recipient
            email["Subject"] = message.subject
            email.set_content(open_body(message))
            send(email)
        except UnreadableSecret as error:
            message.error = str(error)[:500]
        except smtplib.SMTPException as error:
            message.error = str(error)[:500]
        else:
            message.sent_at = datetime.now(UTC)
            message.sealed_body = None  # sent: the links in it are the recipient's alone
            sent += 1
    return sent


def _log_to_console(email: EmailMessage) -> None:
    current_app.logger.warning("Mail not sent (no MAIL_SERVER); debug copy:\n%s", email)
