"""An assembly, its lifecycle state and the record of every change of state."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from facilitate.extensions import db
from facilitate.local_time import default_zone_name, is_valid
from facilitate.models.base import UTCDateTime, string_enum, utcnow
from facilitate.models.translations import WorkingLanguages


class AssemblyStatus(enum.StrEnum):
    """The stages an assembly passes through, in order."""

    DRAFT = "draft"
    RECRUITING = "recruiting"
    SELECTING = "selecting"
    SITTING = "sitting"
    VOTING = "voting"
    PUBLISHED = "published"
    ANSWERED = "answered"
    CLOSED = "closed"


STATUS_TYPE = string_enum(AssemblyStatus)

#: Stages in which the public may see the assembly's page.
PUBLIC_STATUSES = tuple(s for s in AssemblyStatus if s is not AssemblyStatus.DRAFT)


class Assembly(WorkingLanguages, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The question put to the assembly.
    remit: Mapped[str] = mapped_column(Text)
    #: Markdown; rendered through the sanitiser, never trusted as HTML.
    description: Mapped[str] = mapped_column(Text, default="")
    #: The authoritative language: translations are made from its texts.
    language: Mapped[str] = mapped_column(String(5), default="en")
    panel_size: Mapped[int] = mapped_column(Integer)
    status: Mapped[AssemblyStatus] = mapped_column(STATUS_TYPE, default=AssemblyStatus.DRAFT)
    #: IANA zone its times are entered and shown in; the database keeps UTC (local_time.py).
    time_zone: Mapped[str] = mapped_column(String(64), default=default_zone_name)

    recruitment_opens_on: Mapped[date | None] = mapped_column(Date)
    recruitment_closes_on: Mapped[date | None] = mapped_column(Date)
    selection_on: Mapped[date | None] = mapped_column(Date)
    first_sitting_on: Mapped[date | None] = mapped_column(Date)
    last_sitting_on: Mapped[date | None] = mapped_column(Date)
    handover_on: Mapped[date | None] = mapped_column(Date)

    #: Recruitment: whether registering needs a code from an invitation letter.
    invitation_only: Mapped[bool] = mapped_column(Boolean, default=False)
    #: How many people of one household may register with the same code.
    registrations_per_code: Mapped[int] = mapped_column(Integer, default=1)
    #: Eligibility: 16 as in Ost-Belgien's Citizens' Dialogue.
    minimum_age: Mapped[int] = mapped_column(Integer, default=16)
    #: The area residents must live in, as named to them ("the city of Eupen").
    residence_area: Mapped[str] = mapped_column(String(120), default="")
    #: Offices whose holders may not take part (e.g. members of parliament).
    excluded_offices: Mapped[str] = mapped_column(String(500), default="")
    privacy_notice: Mapped[str] = mapped_column(Text, default="")
    privacy_notice_version: Mapped[str] = mapped_column(String(20), default="1")

    #: Follow-up: the authority answers within this many days of the hand-over (about 2 months
    #: in Ost-Belgien) and reviews implementation within this many months (12 there).
    response_due_days: Mapped[int] = mapped_column(Integer, default=60)
    review_due_months: Mapped[int] = mapped_column(Integer, default=12)

    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="assembly", cascade="all, delete-orphan"
    )
    status_changes: Mapped[list["StatusChange"]] = relationship(
        back_populates="assembly",
        cascade="all, delete-orphan",
        order_by="StatusChange.id",
    )
    categories: Mapped[list["QuotaCategory"]] = relationship(  # noqa: F821
        back_populates="assembly",
        cascade="all, delete-orphan",
        order_by="QuotaCategory.position, QuotaCategory.id",
    )

    @validates("time_zone")
    def _known_zone(self, _key, name: str) -> str:
        if not is_valid(name):
            raise ValueError(f"unknown time zone {name!r}")
        return name

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def __repr__(self) -> str:
        return f"<Assembly {self.slug}>"


class StatusChange(db.Model):
    """Who moved an assembly from one stage to another, and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[AssemblyStatus | None] = mapped_column(STATUS_TYPE)
    to_status: Mapped[AssemblyStatus] = mapped_column(STATUS_TYPE)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")

    assembly: Mapped[Assembly] = relationship(back_populates="status_changes")
    changed_by: Mapped["User | None"] = relationship()  # noqa: F821
