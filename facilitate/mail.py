"""Email: each message waits in the outbox, sealed, and leaves once its transaction commits.

Messages carry one-time links meant for their recipient alone. Their text is therefore sealed
at rest (Fernet, under a key derived from the configuration), opened only here to deliver it,
and erased once sent: staff, and anyone reading the database or a backup, see who was written
to, about what and when, never the links.

Delivery is the job "mail.deliver", queued by `queue_email` (so it starts after the commit and
never in the request's thread), and `flask --app facilitate mail send` run from cron. A sender
claims the due messages and commits the claim before it speaks to the server, so two senders
never send one message. A temporary failure (a 4xx reply, a refused or lost connection) is
tried again later, with backoff; a permanent one (a 5xx reply) is recorded at once.
"""

import smtplib
import ssl
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import NamedTuple

from flask import current_app
from sqlalchemy import or_, update

from facilitate import jobs
from facilitate.auth import secret_sealing
from facilitate.auth.secret_sealing import UnreadableSecret
from facilitate.extensions import db
from facilitate.models import OutboxMessage

#: Minutes to wait after the 1st, 2nd, … temporary failure; the last wait repeats.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
#: Attempts after which a message that keeps failing temporarily is given up.
MAX_ATTEMPTS = 8
#: A claimed message is left to its sender this long; should that sender die while
#: delivering, another tries again afterwards.
CLAIM_LEASE = timedelta(minutes=15)
#: Messages claimed at a time.
BATCH = 100


class Delivery(NamedTuple):
    """What one delivery run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def _key(config) -> bytes:
    return secret_sealing.key_from_config(config, secret_sealing.OUTBOX)


def queue_email(
    recipient: str,
    subject: str,
    body: str,
    assembly_id: int | None = None,
    *,
    mailing_id: int | None = None,
    reply_to: str = "",
) -> OutboxMessage:
    """Put a sealed message in the outbox; it is delivered after the caller commits."""
    message = OutboxMessage(
        recipient=recipient,
        subject=subject[:300],
        sealed_body=secret_sealing.seal(body, _key(current_app.config)),
        assembly_id=assembly_id,
        mailing_id=mailing_id,
        reply_to=reply_to,
    )
    db.session.add(message)
    db.session.flush()
    jobs.enqueue("mail.deliver")
    return message


def undeliverable(assembly_id: int) -> dict[str, str]:
    """Map each address whose mail from this assembly failed for good to the latest reason."""
    rows = db.session.execute(
        db.select(OutboxMessage.recipient, OutboxMessage.error)
        .where(OutboxMessage.assembly_id == assembly_id, OutboxMessage.error != "")
        .order_by(OutboxMessage.id)
    )
    return {recipient.lower(): error for recipient, error in rows}


def deliver_job() -> None:
    """Deliver what is due (the job "mail.deliver")."""
    deliver_outbox(current_app.config)


def open_body(message: OutboxMessage) -> str:
    """Return a message's text for delivery; raise UnreadableSecret if the key changed."""
    if message.sealed_body is None:
        raise UnreadableSecret("the message was sent or erased")
    return secret_sealing.unseal(message.sealed_body, _key(current_app.config))


def can_deliver(config) -> bool:
    """Tell whether mail has a way out: a mail server, or the console of a debug run."""
    # The console is for development only: with no mail server, the person running
    # `flask --debug run` reads the mail in their terminal. Never in production or tests,
    # where the console is a log.
    if config.get("MAIL_SERVER"):
        return True
    return bool(config.get("DEBUG") and not config.get("TESTING"))


def deliver_outbox(config, now: datetime | None = None) -> Delivery:
    """Send the messages that are due over SMTP (or to the debug console); erase what was sent."""
    if not can_deliver(config):
        return Delivery()  # no way out yet: the messages wait, sealed, for a mail server
    now = now or datetime.now(UTC)
    total = Delivery()
    while claimed := _claim(now):
        outgoing, outcomes = _compose(claimed, config)
        outcomes.update(_transmit(outgoing, config))
        done = _record(outcomes, now)
        total = Delivery(*(a + b for a, b in zip(total, done, strict=True)))
    return total


def _due(now: datetime) -> tuple:
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.error == "",
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
    )


def _claim(now: datetime) -> list[int]:
    """Take due messages for this sender and commit the claim before any is sent."""
    candidates = db.session.scalars(
        db.select(OutboxMessage.id)
        .where(*_due(now))
        .order_by(OutboxMessage.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)  # PostgreSQL: skip what another sender is claiming
    ).all()
    if not candidates:
        db.session.commit()
        return []
    # Still due? SQLite has no row locks: another sender may have claimed these since the
    # read. This write waits for its commit, then finds them no longer due.
    claimed = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates), *_due(now))
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + CLAIM_LEASE)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def _compose(ids: list[int], config) -> tuple[list[tuple[int, EmailMessage]], dict]:
    sender = config.get("MAIL_FROM", "facilitate@localhost")
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    outgoing, outcomes = [], {}
    messages = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
    )
    for message in messages:
        if message.attempts > MAX_ATTEMPTS:  # its last sender stopped before saying how it went
            outcomes[message.id] = TimeoutError("delivery was interrupted")
            continue
        try:
            email = EmailMessage()
            email["Message-ID"] = make_msgid(domain=domain)
            email["Date"] = format_datetime(datetime.now(UTC))
            email["From"] = sender
            email["To"] = message.recipient
            email["Subject"] = message.subject
            if reply_to := message.reply_to or config.get("MAIL_REPLY_TO"):
                email["Reply-To"] = reply_to
            email.set_content(open_body(message))
        except ValueError as error:  # an unreadable text or an impossible header: permanent
            outcomes[message.id] = error
        else:
            outgoing.append((message.id, email))
    db.session.commit()  # no transaction stays open while the mail server takes its time
    return outgoing, outcomes


def _transmit(outgoing: list[tuple[int, EmailMessage]], config) -> dict:
    """Send each message; map its id to None when sent, else to the error."""
    if not config.get("MAIL_SERVER"):
        for _, email in outgoing:
            current_app.logger.warning("Mail not sent (no MAIL_SERVER); debug copy:\n%s", email)
        return dict.fromkeys((message_id for message_id, _ in outgoing), None)
    if not outgoing:
        return {}
    try:
        smtp = _connect(config)
    except OSError as error:  # refused, timed out, TLS or login failed: all wait for later
        unreachable = ConnectionError(f"mail server unreachable: {_describe(error)}")
        return dict.fromkeys((message_id for message_id, _ in outgoing), unreachable)
    outcomes = {}
    try:
        for position, (message_id, email) in enumerate(outgoing):
            try:
                smtp.send_message(email)
            except smtplib.SMTPServerDisconnected as error:
                lost = error
            except smtplib.SMTPException as error:  # this message refused; the rest may pass
                outcomes[message_id] = error
                continue
            except OSError as error:  # a timeout or a reset: the connection is gone
                lost = error
            else:
                outcomes[message_id] = None
                continue
            outcomes.update(dict.fromkeys((i for i, _ in outgoing[position:]), lost))
            break
    finally:
        try:
            smtp.quit()
        except OSError:  # everything is recorded; a failed goodbye changes nothing
            smtp.close()
    return outcomes


def _connect(config) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 587)
    timeout = float(config.get("MAIL_TIMEOUT") or 20)
    username = config.get("MAIL_USERNAME")
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        use_tls = config.get("MAIL_USE_TLS")
        if use_tls is None:
            use_tls = bool(username)  # as before: a login is never sent in the clear
        if use_tls and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if username:
            smtp.login(username, config.get("MAIL_PASSWORD", ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


def _is_permanent(error: Exception) -> bool:
    """Tell a failure the server will not change its mind about (5xx) from a passing one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return False
    if isinstance(error, smtplib.SMTPException):
        return True  # refused without a reply code, e.g. an address the server cannot take
    return not isinstance(error, OSError)  # a timeout or a refused or dropped connection


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode(errors="replace")
        return f"{error.smtp_code} {reply}"
    return str(error) or type(error).__name__


def _record(outcomes: dict, now: datetime) -> Delivery:
    """Save what became of each claimed message."""
    sent = retried = failed = 0
    messages = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.id.in_(list(outcomes)))
    )
    for message in messages:
        error = outcomes[message.id]
        message.next_attempt_at = None
        if error is None:
            message.sent_at = datetime.now(UTC)
            message.sealed_body = None  # sent: the links in it are the recipient's alone
            sent += 1
        elif _is_permanent(error):
            message.error = _describe(error)[:500]
            failed += 1
        elif message.attempts >= MAX_ATTEMPTS:
            reason = f"gave up after {message.attempts} attempts: {_describe(error)}"
            message.error = reason[:500]
            failed += 1
        else:
            wait = BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES)) - 1]
            message.next_attempt_at = now + timedelta(minutes=wait)
            retried += 1
    db.session.commit()
    return Delivery(sent, retried, failed)
