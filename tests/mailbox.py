"""Read queued mail as delivery does, for tests that follow a link from an email.

The outbox keeps message text sealed and no page shows it; a test stands in for the
recipient's mailbox by opening the message with the app's key, as `deliver_outbox` would.
Tests of delivery itself talk to a real SMTP server on localhost (`smtp_server`).
"""

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from facilitate.extensions import db
from facilitate.mail import open_body
from facilitate.models import OutboxMessage


def last_body(recipient: str | None = None) -> str:
    """Return the text of the latest message (to `recipient` when given)."""
    query = db.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if recipient is not None:
        query = query.filter_by(recipient=recipient)
    return open_body(db.session.scalars(query).first())


class Recorder:
    """An aiosmtpd handler: keeps what it receives, and refuses whom it is told to."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        #: Every recipient a client asked for, accepted or not.
        self.asked: list[str] = []
        #: Recipient → the reply that refuses them, e.g. "451 4.3.0 Try again later".
        self.refuse: dict[str, str] = {}
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.asked.append(address)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """Return a local port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server():
    """Run a real SMTP server on 127.0.0.1 for the block; yield its Recorder."""
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    recorder.port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=recorder.port)
    controller.start()
    try:
        yield recorder
    finally:
        controller.stop()
