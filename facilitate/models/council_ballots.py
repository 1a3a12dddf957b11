"""The council's ballots: the options, who voted (a roll call), and secret papers."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.ballots import YES_NO_LABELS, SecretPaper, Threshold
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class CouncilBallot(db.Model):
    """A decision put to the council's sitting members, open or secret.

    Its options are Yes, No and Abstain for a question (the Yes of "Take up X?" carries the
    topic), or one per topic plus Abstain for a choice between topics.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_meeting.id", ondelete="CASCADE")
    )
    question: Mapped[str] = mapped_column(String(300))
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    #: How much of yes + no a question needs (abstentions left out); see ballots/tally.py.
    threshold: Mapped[Threshold] = mapped_column(string_enum(Threshold), default=Threshold.SIMPLE)
    #: The council's quorum when the ballot opened; None on ballots from before quorums.
    quorum_percent: Mapped[int | None] = mapped_column(Integer)
    #: Members sitting when the ballot closed, for the quorum and the turnout.
    eligible_count: Mapped[int | None] = mapped_column(Integer)
    #: None while it waits for its texts in every working language; members vote once set.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped["CouncilMeeting | None"] = relationship(  # noqa: F821
        back_populates="ballots"
    )
    options: Mapped[list["CouncilBallotOption"]] = relationship(
        cascade="all, delete-orphan", order_by="CouncilBallotOption.id"
    )
    participations: Mapped[list["CouncilBallotParticipation"]] = relationship(
        cascade="all, delete-orphan"
    )

    @property
    def outcome(self) -> "CouncilBallotOption | None":
        return next((o for o in self.options if o.won), None)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    @property
    def is_question(self) -> bool:
        """Yes / no / abstain, rather than a choice between topics."""
        return any(o.key == "yes" for o in self.options)


class CouncilBallotOption(db.Model):
    """One answer a member may give: yes, no, abstain, or a topic."""

    __table_args__ = (
        Index("ix_council_ballot_option_ballot_key", "ballot_id", "key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("council_ballot.id", ondelete="CASCADE"), index=True
    )
    #: What a paper records: "yes", "no", "abstain", or "t<topic id>".
    key: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200))
    #: Choosing this option chooses the topic.
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_topic.id", ondelete="SET NULL")
    )
    #: Set when the ballot closes on a decision (never on a tie or without a quorum).
    won: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def title(self) -> str:
        """Yes, No or Abstain in the reader's language; a topic's title as it was."""
        return str(YES_NO_LABELS[self.key]) if self.key in YES_NO_LABELS else self.label


class CouncilBallotParticipation(db.Model):
    """That a member voted (one per member per ballot); what they chose is on a paper."""

    __table_args__ = (UniqueConstraint("ballot_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("council_ballot.id", ondelete="CASCADE"), index=True
    )
    term_id: Mapped[int] = mapped_column(ForeignKey("council_term.id", ondelete="CASCADE"))
    #: Only for open ballots: the public roll call. Counts always come from the papers.
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_ballot_option.id", ondelete="CASCADE")
    )

    term: Mapped["CouncilTerm"] = relationship()  # noqa: F821


class CouncilBallotPaper(SecretPaper, db.Model):
    """What was chosen in a council ballot, with no trace of who chose it."""

    #: The box a paper belongs to (see ballots/papers.py).
    __box__ = "ballot_id"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("council_ballot.id", ondelete="CASCADE"), index=True
    )
