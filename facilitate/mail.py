"""Email: every message goes to the outbox table; SMTP delivers it when configured."""

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage

from facilitate.extensions import db
from facilitate.models import OutboxMessage


def queue_email(
    recipient: str, subject: str, body: str, assembly_id: int | None = None
) -> OutboxMessage:
    """Put a message in the outbox; the caller commits, then calls deliver_outbox."""
    message = OutboxMessage(
        recipient=recipient, subject=subject[:300], body=body, assembly_id=assembly_id
    )
    db.session.add(message)
    db.session.flush()
    return message


def deliver_outbox(config) -> int:
    """Send unsent messages over SMTP when MAIL_SERVER is set; return how many were sent."""
    server = config.get("MAIL_SERVER")
    if not server:
        return 0  # development: the outbox page is the mailbox
    pending = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.error == "")
    ).all()
    sent = 0
    with smtplib.SMTP(server, int(config.get("MAIL_PORT", 587)), timeout=20) as smtp:
        if config.get("MAIL_USERNAME"):
            smtp.starttls()
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        for message in pending:
            email = EmailMessage()
            email["From"] = config.get("MAIL_FROM", "facilitate@localhost")
            email["To"] = message.recipient
            email["Subject"] = message.subject
            email.set_content(message.body)
            try:
                smtp.send_message(email)
            except smtplib.SMTPException as error:
                message.error = str(error)[:500]
            else:
                message.sent_at = datetime.now(UTC)
                sent += 1
    db.session.commit()
    return sent
