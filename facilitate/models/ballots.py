"""Ballots on recommendations, kept secret: who voted is stored apart from what was voted.

`Voter` records that a member took part in an item; `BallotPaper` records a choice. The two
share nothing but the item: a paper has a random id, no member, and only the day it was cast,
so no query, export or log line can join a member to a choice.
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class BallotMode(enum.StrEnum):
    #: One item at a time; closing an item opens the next (live votes in the room).
    SEQUENTIAL = "sequential"
    #: Every item open together, for days if need be.
    TOGETHER = "together"


class BallotStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ItemMethod(enum.StrEnum):
    YES_NO = "yes_no"
    SCALE = "scale"
    APPROVAL = "approval"
    RANKING = "ranking"


class Threshold(enum.StrEnum):
    SIMPLE = "simple"
    TWO_THIRDS = "two_thirds"
    FOUR_FIFTHS = "four_fifths"


class ItemStatus(enum.StrEnum):
    WAITING = "waiting"
    OPEN = "open"
    CLOSED = "closed"


BALLOT_MODE_LABELS = {
    BallotMode.SEQUENTIAL: _l("One item at a time (live in the room)"),
    BallotMode.TOGETHER: _l("All items open together"),
}
BALLOT_STATUS_LABELS = {
    BallotStatus.DRAFT: _l("Being prepared"),
    BallotStatus.OPEN: _l("Open"),
    BallotStatus.CLOSED: _l("Closed"),
}
ITEM_METHOD_LABELS = {
    ItemMethod.YES_NO: _l("Yes / no / abstain"),
    ItemMethod.SCALE: _l("Support scale"),
    ItemMethod.APPROVAL: _l("Approval (choose any number)"),
    ItemMethod.RANKING: _l("Ranking (order of priority)"),
}
THRESHOLD_LABELS = {
    Threshold.SIMPLE: _l("Simple majority (more than half)"),
    Threshold.TWO_THIRDS: _l("Two thirds"),
    Threshold.FOUR_FIFTHS: _l("Four fifths"),
}
ITEM_STATUS_LABELS = {
    ItemStatus.WAITING: _l("Waiting"),
    ItemStatus.OPEN: _l("Open"),
    ItemStatus.CLOSED: _l("Closed"),
}
#: The support scale, from 1 to 5; 3 counts like an abstention when the threshold is applied.
SCALE_LABELS = {
    "1": _l("Strongly oppose"),
    "2": _l("Oppose"),
    "3": _l("Neutral"),
    "4": _l("Support"),
    "5": _l("Strongly support"),
}
YES_NO_LABELS = {"yes": _l("Yes"), "no": _l("No"), "abstain": _l("Abstain")}


class Ballot(db.Model):
    """A vote the organiser opens on one or more recommendations."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    mode: Mapped[BallotMode] = mapped_column(string_enum(BallotMode), default=BallotMode.SEQUENTIAL)
    status: Mapped[BallotStatus] = mapped_column(
        string_enum(BallotStatus), default=BallotStatus.DRAFT
    )
    #: Announced deadline for ballots open for days; voting is refused after it.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Observers see the results only from this moment.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list["BallotItem"]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan", order_by="BallotItem.position"
    )


class BallotItem(db.Model):
    """One question on a ballot, with its method and, for decisions, its threshold."""

    __table_args__ = (UniqueConstraint("ballot_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    method: Mapped[ItemMethod] = mapped_column(string_enum(ItemMethod))
    threshold: Mapped[Threshold] = mapped_column(string_enum(Threshold), default=Threshold.SIMPLE)
    #: The recommendation decided on (yes/no and scale items).
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL")
    )
    status: Mapped[ItemStatus] = mapped_column(string_enum(ItemStatus), default=ItemStatus.WAITING)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Members entitled to vote when the item closed, for the turnout.
    eligible_count: Mapped[int | None] = mapped_column(Integer)

    ballot: Mapped[Ballot] = relationship(back_populates="items")
    recommendation: Mapped["Recommendation | None"] = relationship()  # noqa: F821
    options: Mapped[list["BallotOption"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="BallotOption.position"
    )
    statements: Mapped[list["MinorityStatement"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="MinorityStatement.id"
    )


class BallotOption(db.Model):
    """A recommendation to approve or rank in a priority item."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("ballot_item.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL")
    )

    item: Mapped[BallotItem] = relationship(back_populates="options")


class Voter(db.Model):
    """That a member has voted on an item — never what they chose."""

    __table_args__ = (UniqueConstraint("item_id", "member_id", name="uq_voter_item_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("ballot_item.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    #: The day only, like the paper, so times cannot pair a voter with a paper.
    voted_on: Mapped[date] = mapped_column(Date)


class SecretPaper:
    """The columns of a secret ballot paper: a choice, the day, a receipt — never a voter.

    Papers are rewritten in random order on every vote (ballots/papers.py), so neither their
    ids, their physical order nor their transaction say when, or by whom, they were cast.
    """

    #: Random, so the order of ids says nothing about the order of voting.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: What was chosen: "yes"/"no"/"abstain", "1".."5", or option ids joined by commas.
    choice: Mapped[str] = mapped_column(String(500))
    #: The day only: a time would pair the paper with its voter.
    cast_on: Mapped[date] = mapped_column(Date)
    #: SHA-256 of the receipt code the voter saw once; published with the results.
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)


class BallotPaper(SecretPaper, db.Model):
    """What was chosen on one item, with no trace of who chose it."""

    #: The box a paper belongs to (see ballots/papers.py).
    __box__ = "item_id"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("ballot_item.id", ondelete="CASCADE"), index=True
    )


class MinorityStatement(db.Model):
    """A dissent a member adds to a closed item, published with its result."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("ballot_item.id", ondelete="CASCADE"), index=True
    )
    #: The author, shown to organisers only; a statement says nothing about a paper.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[BallotItem] = relationship(back_populates="statements")
