"""Outgoing email, kept so that production has a record of what was sent to whom."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: The organiser's mailing this message belongs to, if any (facilitate/messaging).
    mailing_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailing.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    #: Where the recipient's reply goes; empty means the MAIL_REPLY_TO setting (or none).
    reply_to: Mapped[str] = mapped_column(String(254), default="", server_default="")
    subject: Mapped[str] = mapped_column(String(300))
    #: The text, Fernet-sealed (facilitate/mail.py): it carries one-time links meant for the
    #: recipient alone. Opened only to deliver it; None once sent or erased.
    sealed_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set on a permanent failure (a 5xx reply, an unreadable text, or too many retries): the
    #: message is never tried again.
    error: Mapped[str] = mapped_column(String(500), default="")
    #: Delivery attempts so far, counted when a sender claims the message.
    attempts: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    #: Not to be tried before this time: the backoff after a temporary failure, or the lease of
    #: a sender that claimed it (should that sender die, the message is tried again after it).
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
