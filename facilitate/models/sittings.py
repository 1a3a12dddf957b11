"""Sittings: the assembly's meetings, their agendas and who attended."""

import enum
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


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


class SittingMode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


SITTING_MODE_LABELS = {
    SittingMode.IN_PERSON: _l("In person"),
    SittingMode.ONLINE: _l("Online"),
    SittingMode.HYBRID: _l("Hybrid (in person and online)"),
}


class AttendanceMode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


ATTENDANCE_MODE_LABELS = {
    AttendanceMode.IN_PERSON: _l("in person"),
    AttendanceMode.ONLINE: _l("online"),
}


class MediaKind(enum.StrEnum):
    RECORDING = "recording"
    LIVESTREAM = "livestream"
    SLIDES = "slides"


MEDIA_KIND_LABELS = {
    MediaKind.RECORDING: _l("Recording"),
    MediaKind.LIVESTREAM: _l("Livestream"),
    MediaKind.SLIDES: _l("Slides"),
}


class Sitting(db.Model):
    """A meeting of the assembly (named so to keep clear of Flask's and SQLAlchemy's 'session')."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SittingKind] = mapped_column(string_enum(SittingKind), default=SittingKind.PLENARY)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    #: Whether members meet in a room, online, or both.
    mode: Mapped[SittingMode] = mapped_column(
        string_enum(SittingMode), default=SittingMode.IN_PERSON, server_default="in_person"
    )
    #: The online room members join (https only); shown to members and the team, never public.
    online_url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: Short code members type to check themselves in.
    checkin_code: Mapped[str] = mapped_column(String(12), default="")
    #: Bumped on every change so calendar programs update the event.
    sequence: Mapped[int] = mapped_column(default=0)
    #: The topic it covers, for the balance of experts per topic.
    topic: Mapped[str] = mapped_column(String(120), default="")
    #: Paid to each member who attends, in cents.
    allowance_cents: Mapped[int] = mapped_column(default=0)
    #: Seats per small-group table for deliberation sittings.
    table_size: Mapped[int] = mapped_column(default=7)
    #: The languages spoken at the sitting, comma-separated ("de,fr"); empty means the
    #: assembly's working languages (see `working_languages`).
    languages_csv: Mapped[str] = mapped_column(
        "languages", String(40), default="", server_default=""
    )
    #: A cancelled sitting stays in the feeds as CANCELLED so calendars remove it.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="sitting",
        cascade="all, delete-orphan",
        order_by="AgendaItem.at, AgendaItem.id",
    )

    @property
    def own_languages(self) -> list[str]:
        """Return the languages set for this sitting alone; empty when it follows the assembly."""
        return [code for code in self.languages_csv.split(",") if code]

    @own_languages.setter
    def own_languages(self, codes) -> None:
        self.languages_csv = ",".join(dict.fromkeys(c for c in codes or () if c))


class AgendaItem(db.Model):
    """One item of a sitting's agenda, with its start time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[time] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")

    sitting: Mapped[Sitting] = relationship(back_populates="agenda")


class Attendance(db.Model):
    """A member checked in at a sitting."""

    __table_args__ = (UniqueConstraint("sitting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who checked them in; None when the member used the sitting's code.
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: How the member took part; a hybrid sitting counts both.
    mode: Mapped[AttendanceMode] = mapped_column(
        string_enum(AttendanceMode), default=AttendanceMode.IN_PERSON, server_default="in_person"
    )
    #: When the sitting's allowance was paid to this member.
    allowance_paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sitting: Mapped[Sitting] = relationship()
    member: Mapped["Member"] = relationship()  # noqa: F821


class SittingMedia(db.Model):
    """A recording, livestream or slides of an expert session, public once the expert agrees."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    #: The expert whose session it is; their agreement is what publication needs.
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("expert.id", ondelete="SET NULL"))
    kind: Mapped[MediaKind] = mapped_column(string_enum(MediaKind))
    title: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(500))
    #: Set by an organiser once the expert agreed to publication; None keeps it off public pages.
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sitting: Mapped[Sitting] = relationship()
    expert: Mapped["Expert | None"] = relationship()  # noqa: F821
