"""Read queued mail as delivery does, for tests that follow a link from an email.

The outbox keeps message text sealed and no page shows it; a test stands in for the
recipient's mailbox by opening the message with the app's key, as `deliver_outbox` would.
"""

from facilitate.extensions import db
from facilitate.mail import open_body
from facilitate.models import OutboxMessage


def last_body(recipient: str | None = None) -> str:
    """Return the text of the latest message (to `recipient` when given)."""
    query = db.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if recipient is not None:
        query = query.filter_by(recipient=recipient)
    return open_body(db.session.scalars(query).first())
