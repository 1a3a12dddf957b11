"""The panel's members after the draw, and the sittings where they meet."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


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
    status: Mapped[MemberStatus] = mapped_column(
        string_enum(MemberStatus), default=MemberStatus.SELECTED
    )
    #: SHA-256 of the one-time link in the invitation email.
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Secret part of the member's private calendar feed URL.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Members may agree to be named in public (e.g. presenting to parliament).
    public_name_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    #: SHA-256 of a short-lived sign-in link sent by email (members without a password).
    signin_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    signin_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registrant: Mapped["Registrant"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821
    seat: Mapped["PanelSeat"] = relationship()  # noqa: F821
    notes: Mapped[list["MemberNote"]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="MemberNote.id.desc()"
    )

    @property
    def name(self) -> str:
        return self.registrant.display_name or self.registrant.reference

    @property
    def is_active(self) -> bool:
        """Still on the panel: neither declined nor withdrawn."""
        return self.status not in (MemberStatus.DECLINED, MemberStatus.WITHDRAWN)


CONTACT_CHANNELS = {
    "phone": _l("Phone call"),
    "email": _l("Email"),
    "letter": _l("Letter"),
    "visit": _l("In person"),
    "other": _l("Other"),
}


class MemberNote(db.Model):
    """A dated record of contact with a member (most confirmations happen by phone)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    contacted_on: Mapped[date] = mapped_column(Date)
    #: A key of CONTACT_CHANNELS.
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    body: Mapped[str] = mapped_column(Text, default="")
    #: The status set with this note, if it changed one.
    new_status: Mapped[MemberStatus | None] = mapped_column(string_enum(MemberStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship(back_populates="notes")
    author: Mapped["User | None"] = relationship()  # noqa: F821


class TravelClaim(db.Model):
    """Travel costs a member claims back, with whether they were paid."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    sitting_id: Mapped[int | None] = mapped_column(ForeignKey("sitting.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(200), default="")
    amount_cents: Mapped[int]
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship()
    sitting: Mapped["Sitting | None"] = relationship()  # noqa: F821


# The other tables of this aggregate live in their own modules; importing them here puts
# them in the metadata wherever the models are loaded.
from facilitate.models import experts, sittings, sittings_content  # noqa: E402,F401
