"""The expert register: who speaks to the assembly, from which perspective, with what interests."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow

#: The declared interests, each of which must be answered ("none" is an answer).
INTEREST_FIELDS = ("interests_funding", "interests_employment", "interests_advocacy")


class Expert(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    #: Free text; the balance view groups experts by it, ignoring case.
    perspective: Mapped[str] = mapped_column(String(80), default="")
    proposed_by: Mapped[str] = mapped_column(String(200), default="")
    #: Where an expert account is invited; they sign in with it.
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    interests_funding: Mapped[str] = mapped_column(Text, default="")
    interests_employment: Mapped[str] = mapped_column(Text, default="")
    interests_advocacy: Mapped[str] = mapped_column(Text, default="")
    interests_other: Mapped[str] = mapped_column(Text, default="")
    #: Set when every declaration was filled in; publishing requires it.
    interests_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assignments: Mapped[list["ExpertAssignment"]] = relationship(
        back_populates="expert", cascade="all, delete-orphan"
    )

    @property
    def interests_complete(self) -> bool:
        return all(getattr(self, name).strip() for name in INTEREST_FIELDS)


class ExpertAssignment(db.Model):
    """An expert speaking at a sitting."""

    __table_args__ = (UniqueConstraint("sitting_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    expert: Mapped[Expert] = relationship(back_populates="assignments")
    sitting: Mapped["Sitting"] = relationship()  # noqa: F821
