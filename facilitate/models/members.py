"""The panel's members after the draw, and the sittings where they meet."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class MemberStatus(enum.StrEnum):
    """Where a drawn person stands between the draw and the first sitting."""

    SELECTED = "selected"
    CONTACTED = "contacted"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


MEMBER_STATUS_LABELS = {
    MemberStatus.SELECTED: _l("Selected"),
    MemberStatus.CONTACTED: _l("Contacted"),
    MemberStatus.CONFIRMED: _l("Confirmed"),
    MemberStatus.DECLINED: _l("Declined"),
    MemberStatus.WITHDRAWN: _l("Withdrawn"),
}


def _enum(kind):
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Member(db.Model):
    """A drawn person on the panel: one row per panel seat, linked to an account once confirmed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    seat_id: Mapped[int] = mapped_column(
        ForeignKey("panel_seat.id", ondelete="CASCADE"), unique=True
    )
    registrant_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), unique=True
    )
    #: The member's account, created when they accept.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus), default=MemberStatus.SELECTED)
    #: SHA-256 of the one-time link in the invitation email.
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Secret part of the member's private calendar feed URL.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Members may agree to be named in public (e.g. presenting to parliament).
    public_name_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registrant: Mapped["Registrant"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821


class SittingKind(enum.StrEnum):
    PLENARY = "plenary"
    LEARNING = "learning"
    HEARING = "hearing"
    DELIBERATION = "deliberation"
    DECISION = "decision"


SITTING_KIND_LABELS = {
    SittingKind.PLENARY: _l("Plenary"),
    SittingKind.LEARNING: _l("Learning"),
    SittingKind.HEARING: _l("Expert hearing"),
    SittingKind.DELIBERATION: _l("Small-group deliberation"),
    SittingKind.DECISION: _l("Decision"),
}


class Sitting(db.Model):
    """A meeting of the assembly (named so to keep clear of Flask's and SQLAlchemy's 'session')."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SittingKind] = mapped_column(_enum(SittingKind), default=SittingKind.PLENARY)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: Short code members type to check themselves in.
    checkin_code: Mapped[str] = mapped_column(String(12), default="")
    #: Bumped on every change so calendar programs update the event.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
