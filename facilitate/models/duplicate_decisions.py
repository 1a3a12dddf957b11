"""Organisers' answer that two registrations flagged alike are two different people."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class DuplicateDecision(db.Model):
    """Two registrations kept both: the pair is not offered as a possible duplicate again."""

    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        # One row per pair, whichever order the organiser saw them in.
        CheckConstraint("first_id < second_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: The pair's registrant ids, the lower first.
    first_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), index=True
    )
    #: Why they are two people; kept in the audit log too, so facts, not personal details.
    reason: Mapped[str] = mapped_column(String(500), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
