"""Outgoing email, kept so that production has a record of what was sent to whom."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    #: The text, Fernet-sealed (facilitate/mail.py): it carries one-time links meant for the
    #: recipient alone. Opened only to deliver it; None once sent or erased.
    sealed_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(String(500), default="")
