"""Public submissions, campaigns of near-identical texts, citations and the lobbying register."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class SubmitterType(enum.StrEnum):
    INDIVIDUAL = "individual"
    ORGANISATION = "organisation"
    PUBLIC_BODY = "public_body"
    COMPANY = "company"
    CAMPAIGN = "campaign"


SUBMITTER_TYPE_LABELS = {
    SubmitterType.INDIVIDUAL: _l("Individual"),
    SubmitterType.ORGANISATION: _l("Organisation or association"),
    SubmitterType.PUBLIC_BODY: _l("Public body"),
    SubmitterType.COMPANY: _l("Company"),
    SubmitterType.CAMPAIGN: _l("Campaign group"),
}


class Publication(enum.StrEnum):
    """What the submitter agreed the public may see."""

    NAMED = "named"
    ANONYMOUS = "anonymous"
    PRIVATE = "private"


PUBLICATION_LABELS = {
    Publication.NAMED: _l("Publish my submission with my name (or my organisation's)"),
    Publication.ANONYMOUS: _l("Publish my submission without any name"),
    Publication.PRIVATE: _l("Do not publish it: only the assembly may read it"),
}


class Stance(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    MIXED = "mixed"
    INFORMATION = "information"


STANCE_LABELS = {
    Stance.FOR: _l("In favour"),
    Stance.AGAINST: _l("Against"),
    Stance.MIXED: _l("Mixed"),
    Stance.INFORMATION: _l("Information only"),
}


class SubmissionStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    #: The submitter withdrew it through their private link; its content is erased.
    WITHDRAWN = "withdrawn"


SUBMISSION_STATUS_LABELS = {
    SubmissionStatus.PENDING: _l("Awaiting moderation"),
    SubmissionStatus.ACCEPTED: _l("Accepted"),
    SubmissionStatus.REJECTED: _l("Rejected"),
    SubmissionStatus.DUPLICATE: _l("Duplicate"),
    SubmissionStatus.WITHDRAWN: _l("Withdrawn by the submitter"),
}


class RejectionReason(enum.StrEnum):
    OFF_TOPIC = "off_topic"
    ABUSIVE = "abusive"
    PERSONAL_DATA = "personal_data"
    UNLAWFUL = "unlawful"
    COMMERCIAL = "commercial"
    SPAM = "spam"


REJECTION_REASON_LABELS = {
    RejectionReason.OFF_TOPIC: _l("Not about the assembly's question"),
    RejectionReason.ABUSIVE: _l("Abusive or discriminatory"),
    RejectionReason.PERSONAL_DATA: _l("Names or details of private people"),
    RejectionReason.UNLAWFUL: _l("Unlawful content"),
    RejectionReason.COMMERCIAL: _l("Advertising"),
    RejectionReason.SPAM: _l("Spam or automated"),
}


class EvidenceSettings(db.Model):
    """Whether, and until when, an assembly takes public submissions, and its themes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), unique=True
    )
    accepting: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The last day submissions are taken (inclusive); None means until switched off.
    closes_on: Mapped[date | None] = mapped_column(Date)
    #: One theme per line; submitters and members pick from them.
    themes: Mapped[str] = mapped_column(Text, default="")

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]


class Campaign(db.Model):
    """Many near-identical submissions, counted as one organised campaign."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: A short name organisers give it; its earliest submission stands for its text.
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Submission(db.Model):
    """Evidence sent by the public (through the form or imported from elsewhere)."""

    __table_args__ = (
        UniqueConstraint("assembly_id", "number"),
        Index("ix_submission_assembly_status", "assembly_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: Public reference within the assembly: submission 42.
    number: Mapped[int] = mapped_column(Integer)
    submitter_type: Mapped[SubmitterType] = mapped_column(string_enum(SubmitterType))
    #: The person who wrote (for organisations, their contact); shown only if NAMED.
    name: Mapped[str] = mapped_column(String(200), default="")
    #: For the acknowledgement only; never shown to the public or to members.
    email: Mapped[str] = mapped_column(String(254), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="", index=True)
    #: Who funds the organisation, as declared by it.
    funding: Mapped[str] = mapped_column(Text, default="")
    #: Whether the organisation lobbies on the assembly's topic (None: not asked).
    lobbies: Mapped[bool | None] = mapped_column(Boolean)
    publication: Mapped[Publication] = mapped_column(string_enum(Publication))
    theme: Mapped[str] = mapped_column(String(120), default="")
    stance: Mapped[Stance | None] = mapped_column(string_enum(Stance))
    #: Plain text or Markdown; always rendered through the sanitiser.
    text: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    #: The document itself; kept in the database so no upload touches the disk.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    #: "form" or "import".
    source: Mapped[str] = mapped_column(String(20), default="form")
    #: MinHash signature of the text (hex), computed once, for campaign grouping.
    signature: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SubmissionStatus] = mapped_column(
        string_enum(SubmissionStatus), default=SubmissionStatus.PENDING
    )
    reason: Mapped[RejectionReason | None] = mapped_column(string_enum(RejectionReason))
    #: The organisers' note on a decision (internal).
    moderation_note: Mapped[str] = mapped_column(Text, default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL")
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: SHA-256 of the submitter's private link token (None for imported submissions).
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    campaign: Mapped[Campaign | None] = relationship(foreign_keys=[campaign_id])
    duplicate_of: Mapped["Submission | None"] = relationship(remote_side="Submission.id")

    @property
    def has_document(self) -> bool:
        return bool(self.filename)

    @property
    def is_organised(self) -> bool:
        return self.submitter_type is not SubmitterType.INDIVIDUAL


class Citation(db.Model):
    """A recommendation (or a member's note) drawing on a submission or an item of evidence."""

    __table_args__ = (
        CheckConstraint(
            "(recommendation_id IS NOT NULL) OR (note_id IS NOT NULL)", name="cites_from"
        ),
        CheckConstraint(
            "(submission_id IS NOT NULL) OR (material_id IS NOT NULL)", name="cites_what"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("note.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    material_id: Mapped[int | None] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), index=True
    )
    #: How the evidence informed the text, in a line.
    comment: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    submission: Mapped[Submission | None] = relationship()
    material: Mapped["Material | None"] = relationship()  # noqa: F821
    recommendation: Mapped["Recommendation | None"] = relationship()  # noqa: F821
    note: Mapped["Note | None"] = relationship()  # noqa: F821


class ApproachChannel(enum.StrEnum):
    MEETING = "meeting"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    EVENT = "event"
    SOCIAL = "social"
    OTHER = "other"


APPROACH_CHANNEL_LABELS = {
    ApproachChannel.MEETING: _l("Meeting"),
    ApproachChannel.PHONE: _l("Phone call"),
    ApproachChannel.EMAIL: _l("Email"),
    ApproachChannel.LETTER: _l("Letter or leaflet"),
    ApproachChannel.EVENT: _l("At an event"),
    ApproachChannel.SOCIAL: _l("Social media or messaging"),
    ApproachChannel.OTHER: _l("Other"),
}


class Approach(db.Model):
    """An entry of the lobbying register: someone tried to influence the assembly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[ApproachChannel] = mapped_column(string_enum(ApproachChannel))
    #: The organisation that made contact (public).
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    #: Its representative who made contact (public: they act for an interest).
    representative: Mapped[str] = mapped_column(String(200), default="")
    #: The client, when a consultancy or agency acted for someone else.
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(Text)
    #: An organisers' meeting with an interest group, rather than an approach reported.
    is_meeting: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Who reported it: kept for corrections, NEVER shown in the public register.
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: The reporter's role (organiser, facilitator, member), which the register may show.
    reporter_role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
