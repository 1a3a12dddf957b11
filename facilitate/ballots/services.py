"""Prepare, open, cast, close and publish ballots. Functions flush; the view commits once."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from facilitate.audit.services import record_action
from facilitate.ballots import papers
from facilitate.extensions import db
from facilitate.languages.services import item_gaps
from facilitate.models import (
    Assembly,
    Member,
    MemberStatus,
    Recommendation,
    RecommendationStatus,
    User,
)
from facilitate.models.ballots import (
    Ballot,
    BallotItem,
    BallotMode,
    BallotOption,
    BallotPaper,
    BallotStatus,
    ItemMethod,
    ItemStatus,
    MinorityStatement,
    Threshold,
    Voter,
)
from facilitate.refusals import Refused

#: The audit actor for what the deadline does: no one (logged as "system"), and never the
#: person whose page view happened to trigger the close.


class BallotError(Refused):
    """A refusal with a message fit to show the user."""


def create_ballot(
    assembly: Assembly, title: str, mode: str, closes_at: datetime | None, user
) -> Ballot:
    """Start preparing a ballot."""
    ballot = Ballot(
        assembly_id=assembly.id,
        title=title.strip(),
        mode=BallotMode(mode),
        closes_at=closes_at,
        created_by_id=user.id if user else None,
    )
    db.session.add(ballot)
    db.session.flush()
    return ballot


def votable_recommendations(assembly: Assembly) -> list[Recommendation]:
    """Return the recommendations a ballot may put to the vote."""
    return list(
        db.session.scalars(
            db.select(Recommendation)
            .filter(
                Recommendation.assembly_id == assembly.id,
                Recommendation.status.in_([RecommendationStatus.DRAFT, RecommendationStatus.FINAL]),
            )
            .order_by(Recommendation.number)
        )
    )


def add_item(
    ballot: Ballot,
    method: str,
    threshold: str,
    recommendation_ids: list[int],
    title: str = "",
) -> BallotItem:
    """Add a question to a ballot still being prepared."""
    if ballot.status != BallotStatus.DRAFT:
        raise BallotError(_l("Items can only be added before the ballot opens."))
    method = ItemMethod(method)
    allowed = {r.id: r for r in votable_recommendations(_assembly_of(ballot))}
    chosen = [allowed[i] for i in dict.fromkeys(recommendation_ids) if i in allowed]
    if len(chosen) != len(set(recommendation_ids)):
        raise BallotError(_l("Choose recommendations of this assembly that are still open."))
    decision = method in (ItemMethod.YES_NO, ItemMethod.SCALE)
    if decision and len(chosen) != 1:
        raise BallotError(_l("A yes/no or support-scale item is about exactly one recommendation."))
    if not decision and len(chosen) < 2:
        raise BallotError(_l("Approval and ranking items need at least two recommendations."))
    title = title or ""
    if not title.strip():
        title = _label(chosen[0]) if decision else str(_l("Priorities"))
    item = BallotItem(
        position=len(ballot.items) + 1,
        title=title.strip()[:300],
        method=method,
        threshold=Threshold(threshold),
        recommendation_id=chosen[0].id if decision else None,
        options=[]
        if decision
        else [
            BallotOption(position=n, label=_label(r), recommendation_id=r.id)
            for n, r in enumerate(chosen, start=1)
        ],
    )
    ballot.items.append(item)
    db.session.add(item)
    db.session.flush()
    return item


def _label(recommendation: Recommendation) -> str:
    return f"{recommendation.number}. {recommendation.current.title}"[:300]


def _assembly_of(ballot: Ballot) -> Assembly:
    return db.session.get(Assembly, ballot.assembly_id)


def remove_item(item: BallotItem) -> None:
    """Take an item off a ballot still being prepared, renumbering the rest."""
    ballot = item.ballot
    if ballot.status != BallotStatus.DRAFT:
        raise BallotError(_l("Items can only be removed before the ballot opens."))
    ballot.items.remove(item)
    db.session.flush()
    for position, other in enumerate(ballot.items, start=1):
        other.position = -position  # dodge the unique (ballot, position) while renumbering
    db.session.flush()
    for other in ballot.items:
        other.position = -other.position
    db.session.flush()


def open_ballot(ballot: Ballot, now: datetime, actor: User | None) -> None:
    """Open the ballot: its first item if sequential, else every item."""
    if ballot.status != BallotStatus.DRAFT:
        raise BallotError(_l("This ballot has already been opened."))
    if not ballot.items:
        raise BallotError(_l("Add at least one item before opening the ballot."))
    # Members vote on what they can read: every working language's text must be current.
    gaps = item_gaps(_assembly_of(ballot), ballot)
    if gaps:
        raise BallotError(gaps)
    ballot.status = BallotStatus.OPEN
    ballot.opened_at = now
    first_only = ballot.mode == BallotMode.SEQUENTIAL
    for item in ballot.items[:1] if first_only else ballot.items:
        _open_item(item, now)
    record_action(actor, "ballot.open", ballot.assembly_id, f"ballot:{ballot.id}")
    db.session.flush()


def _open_item(item: BallotItem, now: datetime) -> None:
    item.status = ItemStatus.OPEN
    item.opened_at = now


def eligible_members(assembly_id: int) -> int:
    """Count the confirmed members with an account, who may vote."""
    return db.session.scalar(
        db.select(db.func.count(Member.id)).filter(
            Member.assembly_id == assembly_id,
            Member.status == MemberStatus.CONFIRMED,
            Member.user_id.is_not(None),
        )
    )


def lock_ballot(ballot: Ballot, shared: bool = False) -> None:
    """Reload the ballot and its items under a row lock held until the caller's commit.

    Closes take it exclusively and votes share it, so two closes never both see the ballot
    open, and a vote either commits before a close or sees the ballot closed.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a write takes the database lock, so touch the row first.
        db.session.execute(
            update(Ballot)
            .where(Ballot.id == ballot.id)
            .values(status=Ballot.status)
            .execution_options(synchronize_session=False)
        )
    db.session.scalars(
        select(Ballot)
        .where(Ballot.id == ballot.id)
        .options(selectinload(Ballot.items))
        .with_for_update(read=shared, of=Ballot)
        .execution_options(populate_existing=True)
    ).one()


def close_item(item: BallotItem, now: datetime, actor: User | None) -> BallotItem | None:
    """Close an open item; in a sequential ballot open the next. Return the next item."""
    ballot = item.ballot
    lock_ballot(ballot)
    if item.status != ItemStatus.OPEN or ballot.status != BallotStatus.OPEN:
        raise BallotError(_l("Only an open item can be closed."))
    _close(item, now, eligible_members(ballot.assembly_id))
    record_action(actor, "ballot.close_item", ballot.assembly_id, f"ballot_item:{item.id}")
    following = next((i for i in ballot.items if i.status == ItemStatus.WAITING), None)
    if ballot.mode == BallotMode.SEQUENTIAL and following is not None:
        _open_item(following, now)
    elif all(i.status == ItemStatus.CLOSED for i in ballot.items):
        _end(ballot, now, actor, "organiser")
    db.session.flush()
    return following if ballot.mode == BallotMode.SEQUENTIAL else None


def close_ballot(ballot: Ballot, now: datetime, actor: User | None, by: str = "organiser") -> None:
    """Close every item that is still open or waiting, ending the ballot.

    The deadline passes actor=None (no person) and by="deadline".
    """
    lock_ballot(ballot)
    if ballot.status != BallotStatus.OPEN:
        raise BallotError(_l("Only an open ballot can be closed."))
    eligible = eligible_members(ballot.assembly_id)
    for item in ballot.items:
        if item.status != ItemStatus.CLOSED:
            item.opened_at = item.opened_at or now
            _close(item, now, eligible)
    _end(ballot, now, actor, by)
    db.session.flush()


def _close(item: BallotItem, now: datetime, eligible: int) -> None:
    item.status = ItemStatus.CLOSED
    item.closed_at = now
    item.eligible_count = eligible
    # Once more in random order, then the table is compacted: what stays is what is counted.
    papers.reshuffle(BallotPaper, item.id, compact=True)


def _end(ballot: Ballot, now: datetime, actor, by: str) -> None:
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = now
    after = {"by": by, "closed_at": now}
    record_action(actor, "ballot.close", ballot.assembly_id, f"ballot:{ballot.id}", after=after)


def publish_results(ballot: Ballot, now: datetime, actor: User | None) -> None:
    """Let observers and members see the results of a closed ballot."""
    if ballot.status != BallotStatus.CLOSED:
        raise BallotError(_l("Close the ballot before publishing its results."))
    if ballot.published_at is None:
        ballot.published_at = now
        record_action(actor, "ballot.publish", ballot.assembly_id, f"ballot:{ballot.id}")
    db.session.flush()


def normalise_choice(item: BallotItem, values: list[str]) -> str:
    """Check the submitted values against the item's method and return the stored choice."""
    values = [v.strip() for v in values if v and v.strip()]
    if item.method == ItemMethod.YES_NO:
        if len(values) == 1 and values[0] in ("yes", "no", "abstain"):
            return values[0]
        raise BallotError(_l("Choose yes, no or abstain."))
    if item.method == ItemMethod.SCALE:
        if len(values) == 1 and values[0] in ("1", "2", "3", "4", "5"):
            return values[0]
        raise BallotError(_l("Choose one point on the scale."))
    keys = [str(o.id) for o in item.options]
    if item.method == ItemMethod.APPROVAL:
        if len(set(values)) == len(values) and set(values) <= set(keys):
            return ",".join(k for k in keys if k in values)  # option order: no trace of clicks
        raise BallotError(_l("Choose among the listed recommendations."))
    if sorted(values) == sorted(keys):
        return ",".join(values)
    raise BallotError(_l("Give every recommendation a different rank."))


def ranking_from_positions(item: BallotItem, ranks: dict[int, str]) -> list[str]:
    """Turn {option id: rank typed by the member} into option ids in rank order."""
    try:
        numbers = {oid: int(rank) for oid, rank in ranks.items()}
    except ValueError:
        raise BallotError(_l("Give every recommendation a different rank.")) from None
    expected = set(range(1, len(item.options) + 1))
    if set(numbers.values()) != expected or len(numbers) != len(item.options):
        raise BallotError(_l("Give every recommendation a different rank."))
    return [str(oid) for oid, _r in sorted(numbers.items(), key=lambda pair: pair[1])]


def has_voted(item: BallotItem, member: Member) -> bool:
    """Say whether this member already voted on this item."""
    return (
        db.session.scalar(db.select(Voter.id).filter_by(item_id=item.id, member_id=member.id))
        is not None
    )


def cast_ballot(item: BallotItem, member: Member, values: list[str], today: date) -> str:
    """Record that `member` voted and, separately, what they chose; return the receipt code.

    The voter row is flushed first so the unique (item, member) constraint refuses a second
    ballot before any paper is written; both rows live or die in the caller's one commit, and
    the paper goes into a box rewritten in random order (papers.py), so nothing pairs them.
    """
    ballot = item.ballot
    if member.assembly_id != ballot.assembly_id or member.status != MemberStatus.CONFIRMED:
        raise BallotError(_l("Only confirmed members of this assembly can vote."))
    lock_ballot(ballot, shared=True)
    # The deadline first: once it passes the ballot may already be closed by it, and the
    # member should still be told why.
    if ballot.closes_at is not None and datetime.now(ballot.closes_at.tzinfo) > ballot.closes_at:
        raise BallotError(_l("The deadline for this ballot has passed."))
    if item.status != ItemStatus.OPEN or ballot.status != BallotStatus.OPEN:
        raise BallotError(_l("This item is not open for voting."))
    choice = normalise_choice(item, values)
    if has_voted(item, member):
        raise BallotError(_l("You have already voted on this item. Your first ballot counts."))
    db.session.add(Voter(item_id=item.id, member_id=member.id, voted_on=today))
    db.session.flush()
    return papers.cast(BallotPaper, item.id, choice, today)


def add_statement(item: BallotItem, member: Member, user, text: str) -> MinorityStatement:
    """Add a member's minority statement to a closed item before results are published."""
    if member.assembly_id != item.ballot.assembly_id:
        raise BallotError(_l("Only members of this assembly can add a statement."))
    if item.status != ItemStatus.CLOSED or item.ballot.published_at is not None:
        raise BallotError(
            _l("Statements can be added after the item closes and before results are published.")
        )
    text = text.strip()
    if not text:
        raise BallotError(_l("Write the statement first."))
    statement = MinorityStatement(item=item, author_id=user.id, text=text[:5000])
    db.session.add(statement)
    db.session.flush()
    return statement
