"""Members' requests for experts, perspectives or evidence, their support and the answers.

The member who proposed a request is kept for moderation and accountability only: no page
but the organisers' shows it, and the public page never does.
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class RequestKind(enum.StrEnum):
    EXPERT = "expert"
    PERSPECTIVE = "perspective"
    EVIDENCE = "evidence"


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


REQUEST_KIND_LABELS = {
    RequestKind.EXPERT: _l("An expert"),
    RequestKind.PERSPECTIVE: _l("A perspective"),
    RequestKind.EVIDENCE: _l("Evidence"),
}
REQUEST_STATUS_LABELS = {
    RequestStatus.OPEN: _l("Waiting for an answer"),
    RequestStatus.ACCEPTED: _l("Accepted"),
    RequestStatus.DECLINED: _l("Declined"),
}


class EvidenceRequest(db.Model):
    """Something the members want to hear, proposed by one of them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RequestKind] = mapped_column(string_enum(RequestKind))
    text: Mapped[str] = mapped_column(Text)
    #: The proposing member, shown to organisers only; kept when the seat is erased as none.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[RequestStatus] = mapped_column(
        string_enum(RequestStatus), default=RequestStatus.OPEN
    )
    #: The organisers' answer: what will happen, or why not.
    answer: Mapped[str | None] = mapped_column(Text)
    #: When an accepted request will be heard.
    planned_on: Mapped[date | None] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Shown on the public page, with its answer and support count (never its author).
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    #: For the organisers' page only (see the module's docstring).
    author: Mapped["Member | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    supports: Mapped[list["EvidenceRequestSupport"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", passive_deletes=True
    )


class EvidenceRequestSupport(db.Model):
    """One member's support for a request; a member supports a request once."""

    __table_args__ = (UniqueConstraint("request_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_request.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[EvidenceRequest] = relationship(back_populates="supports")
