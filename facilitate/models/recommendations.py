"""Recommendations, their versions, and the authority's response to each."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class RecommendationStatus(enum.StrEnum):
    DRAFT = "draft"
    FINAL = "final"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


RECOMMENDATION_STATUS_LABELS = {
    RecommendationStatus.DRAFT: _l("Draft"),
    RecommendationStatus.FINAL: _l("Final"),
    RecommendationStatus.MERGED: _l("Merged"),
    RecommendationStatus.WITHDRAWN: _l("Withdrawn"),
}

#: The sittings whose work informed a recommendation.
recommendation_sitting = Table(
    "recommendation_sitting",
    db.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("sitting_id", ForeignKey("sitting.id", ondelete="CASCADE"), primary_key=True),
)


class Recommendation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: The drafting table (small group), if one drafted it.
    table_number: Mapped[int | None] = mapped_column(Integer)
    #: Short public number, e.g. 7 for "Recommendation 7".
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[RecommendationStatus] = mapped_column(
        string_enum(RecommendationStatus, 30), default=RecommendationStatus.DRAFT
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Evidence that informed it (Markdown: links to expert input, documents…).
    evidence: Mapped[str] = mapped_column(Text, default="")

    sittings: Mapped[list["Sitting"]] = relationship(  # noqa: F821
        secondary=recommendation_sitting, order_by="Sitting.starts_at"
    )
    amendments: Mapped[list["Amendment"]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="Amendment.id"
    )
    events: Mapped[list["RecommendationEvent"]] = relationship(
        cascade="all, delete-orphan", order_by="RecommendationEvent.id"
    )
    merged_into: Mapped["Recommendation | None"] = relationship(remote_side="Recommendation.id")
    versions: Mapped[list["RecommendationVersion"]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="RecommendationVersion.number",
    )
    response: Mapped["AuthorityResponse | None"] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", uselist=False
    )

    @property
    def current(self) -> "RecommendationVersion":
        return self.versions[-1]


class RecommendationVersion(db.Model):
    """Every text a recommendation has had; the newest is the current one."""

    __table_args__ = (UniqueConstraint("recommendation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    #: Why this version exists: "drafted", "amendment 3 accepted", "merged with 5"…
    change_note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="versions")


class AmendmentStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


AMENDMENT_STATUS_LABELS = {
    AmendmentStatus.PROPOSED: _l("Proposed"),
    AmendmentStatus.ACCEPTED: _l("Accepted"),
    AmendmentStatus.REJECTED: _l("Rejected"),
}


class Amendment(db.Model):
    """A member's proposed new text for a recommendation, decided by its table or the plenary."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    #: The version the proposal was written against, so the diff shows what it changes.
    base_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AmendmentStatus] = mapped_column(
        string_enum(AmendmentStatus, 30), default=AmendmentStatus.PROPOSED
    )
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "table" (the drafting table) or "plenary".
    decided_by_body: Mapped[str | None] = mapped_column(String(20))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recommendation: Mapped[Recommendation] = relationship(back_populates="amendments")


class RecommendationEvent(db.Model):
    """One line of a recommendation's visible history: drafted, amended, merged, withdrawn…"""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    #: drafted, edited, amendment_accepted, amendment_rejected, merged, absorbed, withdrawn, final
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User | None"] = relationship()  # noqa: F821


class ResponseStatus(enum.StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    REJECTED = "rejected"
    UNDER_CONSIDERATION = "under_consideration"


RESPONSE_STATUS_LABELS = {
    ResponseStatus.ACCEPTED: _l("Accepted"),
    ResponseStatus.ACCEPTED_IN_PART: _l("Accepted in part"),
    ResponseStatus.REJECTED: _l("Rejected"),
    ResponseStatus.UNDER_CONSIDERATION: _l("Under consideration"),
}


class AuthorityResponse(db.Model):
    """What the authority answered to one recommendation (a rejection needs a justification)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[ResponseStatus] = mapped_column(string_enum(ResponseStatus, 30))
    justification: Mapped[str] = mapped_column(Text, default="")
    responded_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="response")
    updates: Mapped[list["ImplementationUpdate"]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        order_by="ImplementationUpdate.on",
    )


class ImplementationUpdate(db.Model):
    """A dated entry on how the authority is carrying out its answer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("authority_response.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(40), default="in_progress")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[AuthorityResponse] = relationship(back_populates="updates")
