"""A standing citizens' council: seats and terms, its pool, topics, ballots, meetings, follow-up."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from facilitate.extensions import db
from facilitate.local_time import default_zone_name, is_valid
from facilitate.models.base import UTCDateTime, string_enum, utcnow
from facilitate.models.selection import ACTIVE, RUN_STATUS_TYPE, RunStatus
from facilitate.models.translations import WorkingLanguages


class Council(WorkingLanguages, db.Model):
    """A standing body of drawn members, configured by data (Ost-Belgien's defaults)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Markdown, shown on the public page.
    description: Mapped[str] = mapped_column(Text, default="")
    #: The authoritative language: translations are made from its texts.
    language: Mapped[str] = mapped_column(String(5), default="en")
    #: IANA zone its meetings and deadlines are given in; the database keeps UTC.
    time_zone: Mapped[str] = mapped_column(String(64), default=default_zone_name)
    seats: Mapped[int] = mapped_column(Integer, default=24)
    term_months: Mapped[int] = mapped_column(Integer, default=18)
    #: Every this many months the longest-serving members leave (a third, with the defaults).
    rotation_interval_months: Mapped[int] = mapped_column(Integer, default=6)
    #: When the pool is too small, members whose term ended may stay until the next rotation.
    allow_overstay: Mapped[bool] = mapped_column(Boolean, default=False)
    #: {"gender": [["female", 50.5], ["male", 49.5]], …}: population shares in percent.
    quota_rules: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Seats either side of the proportional number, for rotations and assemblies.
    quota_tolerance: Mapped[int] = mapped_column(Integer, default=1)
    assemblies_per_year: Mapped[int] = mapped_column(Integer, default=3)
    min_panel_size: Mapped[int] = mapped_column(Integer, default=25)
    max_panel_size: Mapped[int] = mapped_column(Integer, default=50)
    min_meetings: Mapped[int] = mapped_column(Integer, default=3)
    #: The meetings of an assembly fall within this many months.
    meeting_window_months: Mapped[int] = mapped_column(Integer, default=3)
    #: No assembly meets this many months before an election.
    election_blackout_months: Mapped[int] = mapped_column(Integer, default=6)
    support_threshold: Mapped[int] = mapped_column(Integer, default=100)
    min_member_proposers: Mapped[int] = mapped_column(Integer, default=2)
    handover_within_days: Mapped[int] = mapped_column(Integer, default=30)
    response_within_months: Mapped[int] = mapped_column(Integer, default=3)
    review_within_months: Mapped[int] = mapped_column(Integer, default=12)
    #: A ballot decides only if more than this share (%) of the sitting members voted,
    #: abstentions included: 50 asks for a majority of them.
    quorum_percent: Mapped[int] = mapped_column(Integer, default=50)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    terms: Mapped[list["CouncilTerm"]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilTerm.starts_on"
    )
    elections: Mapped[list["CouncilElection"]] = relationship(
        cascade="all, delete-orphan", order_by="CouncilElection.held_on"
    )
    staff: Mapped[list["CouncilStaff"]] = relationship(cascade="all, delete-orphan")

    @validates("time_zone")
    def _known_zone(self, _key, name: str) -> str:
        if not is_valid(name):
            raise ValueError(f"unknown time zone {name!r}")
        return name

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"


class StaffRole(enum.StrEnum):
    #: Manages rotations, topics, meetings, convening.
    SECRETARIAT = "secretariat"
    #: Keeps the council's texts in its working languages, and sees nothing else.
    TRANSLATOR = "translator"


STAFF_ROLE_LABELS = {
    StaffRole.SECRETARIAT: _l("Secretariat"),
    StaffRole.TRANSLATOR: _l("Translator"),
}


class CouncilStaff(db.Model):
    """Someone who works for the council: its secretariat, or a translator of its texts."""

    __table_args__ = (UniqueConstraint("council_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[StaffRole] = mapped_column(
        string_enum(StaffRole),
        default=StaffRole.SECRETARIAT,
        server_default=StaffRole.SECRETARIAT.value,
    )

    user: Mapped["User"] = relationship()  # noqa: F821


class CouncilElection(db.Model):
    """An election date; assemblies may not meet in the blackout before it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")


class CandidateSource(enum.StrEnum):
    ASSEMBLY = "assembly"
    PILOT = "pilot"
    PARLIAMENTARY_GROUP = "parliamentary_group"
    LOTTERY = "lottery"


CANDIDATE_SOURCE_LABELS = {
    CandidateSource.ASSEMBLY: _l("Member of a past assembly"),
    CandidateSource.PILOT: _l("Pilot participant"),
    CandidateSource.PARLIAMENTARY_GROUP: _l("Named by a parliamentary group"),
    CandidateSource.LOTTERY: _l("Resident drawn by lot"),
}


class CouncilCandidate(db.Model):
    """Someone who agreed to serve on the council: the rotation pool."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    #: {"gender": "female", "age": "30-44", …}: one value per quota category.
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[CandidateSource] = mapped_column(
        string_enum(CandidateSource, 30), default=CandidateSource.ASSEMBLY
    )
    source_assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assembly.id", ondelete="SET NULL")
    )
    #: Appointments serve in the first composition without a draw.
    appointed: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_in_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    #: The account used to vote once seated.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    source_assembly: Mapped["Assembly | None"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821


class CouncilRotation(db.Model):
    """One draw for the council on one date, with the selection engine's audit record."""

    __table_args__ = (UniqueConstraint("council_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    #: "first" (first composition) or "rotation" (scheduled, and any vacancies).
    kind: Mapped[str] = mapped_column(String(20), default="rotation")
    leaving: Mapped[int] = mapped_column(Integer, default=0)
    drawn: Mapped[int] = mapped_column(Integer, default=0)
    #: Plain words: why quotas were relaxed or seats left empty ("" when all went to plan).
    explanation: Mapped[str] = mapped_column(Text, default="")
    #: The bounds used: [[category, value, min, max], …].
    quotas_used: Mapped[list] = mapped_column(JSON, default=list)
    record: Mapped[dict | None] = mapped_column(JSON)
    run_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CouncilDraw(db.Model):
    """A rotation draw as a background job, like an assembly's SelectionRun, and its decision.

    The job either seats the drawn members (a CouncilRotation) or, when the quotas cannot be
    met, stops with a proposed relaxation that waits for the secretariat before anyone is
    drawn; accepting it queues the draw again with the relaxed bounds.
    """

    __table_args__ = (
        # As for selection runs, the database keeps one active draw per council.
        Index(
            "uq_council_draw_one_active",
            "council_id",
            unique=True,
            sqlite_where=text(ACTIVE),
            postgresql_where=text(ACTIVE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    seed: Mapped[str] = mapped_column(String(80))
    status: Mapped[RunStatus] = mapped_column(RUN_STATUS_TYPE, default=RunStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(500), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    #: {"changes": [{category, value, old_min, old_max, new_min, new_max}…],
    #: "without_quotas": bool, "why": text}: what the job asks a person to accept.
    proposal: Mapped[dict | None] = mapped_column(JSON)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: The seats it changed, once it has; None while queued, waiting or failed.
    rotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_rotation.id", ondelete="SET NULL")
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    rotation: Mapped["CouncilRotation | None"] = relationship()

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def waiting(self) -> bool:
        """The job proposed a relaxation that nobody has accepted yet; no seat has changed."""
        return (
            self.status is RunStatus.SUCCEEDED
            and self.rotation_id is None
            and self.proposal is not None
            and self.accepted_at is None
        )


class CouncilTerm(db.Model):
    """One person holding one seat from a start date to an end date."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("council_candidate.id", ondelete="CASCADE")
    )
    rotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_rotation.id", ondelete="SET NULL")
    )
    seat: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    #: The planned end; the cohort is everyone with the same end date.
    ends_on: Mapped[date] = mapped_column(Date)
    #: The actual end (None while sitting).
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str] = mapped_column(String(200), default="")

    council: Mapped[Council] = relationship(back_populates="terms")
    candidate: Mapped[CouncilCandidate] = relationship()

    def sits_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.left_on is None or day < self.left_on)


class TopicSource(enum.StrEnum):
    RESIDENTS = "residents"
    PARLIAMENTARY_GROUP = "parliamentary_group"
    GOVERNMENT = "government"
    COUNCIL_MEMBERS = "council_members"


TOPIC_SOURCE_LABELS = {
    TopicSource.RESIDENTS: _l("Residents"),
    TopicSource.PARLIAMENTARY_GROUP: _l("A parliamentary group"),
    TopicSource.GOVERNMENT: _l("The government"),
    TopicSource.COUNCIL_MEMBERS: _l("Council members"),
}


class TopicStatus(enum.StrEnum):
    #: Residents' proposals gather supporters; members' proposals wait for co-signers.
    GATHERING = "gathering"
    SUBMITTED = "submitted"
    CHOSEN = "chosen"
    CONVENED = "convened"
    DECLINED = "declined"


TOPIC_STATUS_LABELS = {
    TopicStatus.GATHERING: _l("Gathering support"),
    TopicStatus.SUBMITTED: _l("Before the council"),
    TopicStatus.CHOSEN: _l("Chosen by the council"),
    TopicStatus.CONVENED: _l("Assembly convened"),
    TopicStatus.DECLINED: _l("Not taken up"),
}


class CouncilTopic(db.Model):
    """A proposed subject for an assembly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    #: Markdown.
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[TopicSource] = mapped_column(string_enum(TopicSource, 30))
    proposed_by: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[TopicStatus] = mapped_column(
        string_enum(TopicStatus, 30), default=TopicStatus.GATHERING
    )
    #: The council's mandate to the assembly (Markdown), written once the topic is chosen.
    mandate: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    supports: Mapped[list["CouncilTopicSupport"]] = relationship(cascade="all, delete-orphan")
    cosigners: Mapped[list["CouncilTopicCosigner"]] = relationship(cascade="all, delete-orphan")

    @property
    def confirmed_supports(self) -> int:
        return sum(1 for s in self.supports if s.confirmed_at is not None)


class CouncilTopicSupport(db.Model):
    """A resident's support for a topic, counted once the emailed link is followed."""

    __table_args__ = (UniqueConstraint("topic_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("council_topic.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: SHA-256 of the confirmation token; the token is only in the email.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CouncilTopicCosigner(db.Model):
    """A council member who proposes a topic (several together)."""

    __table_args__ = (UniqueConstraint("topic_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("council_topic.id", ondelete="CASCADE"), index=True
    )
    term_id: Mapped[int] = mapped_column(ForeignKey("council_term.id", ondelete="CASCADE"))

    term: Mapped[CouncilTerm] = relationship()


class CouncilMeeting(db.Model):
    """A meeting of the council: agenda before, minutes after (both Markdown)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_published: Mapped[bool] = mapped_column(Boolean, default=False)

    ballots: Mapped[list["CouncilBallot"]] = relationship(
        back_populates="meeting", order_by="CouncilBallot.id", cascade="all, delete-orphan"
    )


class CouncilAssembly(db.Model):
    """An assembly the council convened on a topic, with its planned meetings."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), unique=True
    )
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_topic.id", ondelete="SET NULL")
    )
    convened_on: Mapped[date] = mapped_column(Date)
    #: ISO dates of the planned meetings, in order.
    meeting_dates: Mapped[list] = mapped_column(JSON, default=list)

    assembly: Mapped["Assembly"] = relationship()  # noqa: F821
    topic: Mapped[CouncilTopic | None] = relationship()
    steps: Mapped[list["CouncilFollowUp"]] = relationship(
        cascade="all, delete-orphan", order_by="CouncilFollowUp.due_on"
    )


class StepKind(enum.StrEnum):
    HANDOVER = "handover"
    RESPONSE = "response"
    REVIEW = "review"


STEP_KIND_LABELS = {
    StepKind.HANDOVER: _l("Hand-over to the committee"),
    StepKind.RESPONSE: _l("Response session"),
    StepKind.REVIEW: _l("Implementation review"),
}


class CouncilFollowUp(db.Model):
    """A follow-up meeting with its deadline; overdue when the deadline passed undone."""

    __table_args__ = (UniqueConstraint("convened_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convened_id: Mapped[int] = mapped_column(
        ForeignKey("council_assembly.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StepKind] = mapped_column(string_enum(StepKind, 30))
    due_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    def overdue_on(self, today: date) -> bool:
        return self.held_on is None and self.due_on < today


# The council's ballots are their own module; importing them here registers their tables
# with the rest of the council and keeps `facilitate.models.council` the one place to import.
from facilitate.models.council_ballots import (  # noqa: E402, F401
    CouncilBallot,
    CouncilBallotOption,
    CouncilBallotPaper,
    CouncilBallotParticipation,
)
