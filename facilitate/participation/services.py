"""Who took part: the make-up of a sitting's attendees and a ballot's voters against the quotas.

Counts come from voter rows (who voted), never from papers (what they chose), so nothing
here can tie a member to a paper. Public tables go through `disclosure.protect`.
"""

from datetime import UTC, datetime

from sqlalchemy import Select, func, select

from facilitate.disclosure import protect
from facilitate.extensions import db
from facilitate.models import Assembly, Member, PanelSeat, RegistrantAnswer, Sitting
from facilitate.models.ballots import Ballot, BallotItem, Voter
from facilitate.models.sittings import Attendance


def attendee_ids(sitting: Sitting) -> Select:
    """Select the members checked in at a sitting."""
    return select(Attendance.member_id).where(Attendance.sitting_id == sitting.id)


def voter_ids(ballot: Ballot) -> Select:
    """Select the members who voted on at least one item of a ballot."""
    return (
        select(Voter.member_id)
        .join(BallotItem, BallotItem.id == Voter.item_id)
        .where(BallotItem.ballot_id == ballot.id)
        .distinct()
    )


def compose_participants(assembly: Assembly, member_ids: Select, *, public: bool) -> dict:
    """Count the given members per quota value beside the seated panel and the quota window.

    With `public`, each category's counts are protected as one row whose total is public.
    """
    ids = member_ids.subquery()
    taking_part = _value_counts(
        select(RegistrantAnswer.value_id, func.count())
        .join(PanelSeat, PanelSeat.registrant_id == RegistrantAnswer.registrant_id)
        .join(Member, Member.seat_id == PanelSeat.id)
        .where(Member.assembly_id == assembly.id, Member.id.in_(select(ids.c[0])))
    )
    panel = _value_counts(
        select(RegistrantAnswer.value_id, func.count())
        .join(PanelSeat, PanelSeat.registrant_id == RegistrantAnswer.registrant_id)
        .where(PanelSeat.assembly_id == assembly.id, PanelSeat.dropped_at.is_(None))
    )
    total = db.session.scalar(
        select(func.count())
        .select_from(Member)
        .where(Member.assembly_id == assembly.id, Member.id.in_(select(ids.c[0])))
    )
    groups = []
    for category in assembly.categories:
        counts = [taking_part.get(value.id, 0) for value in category.values]
        shown = protect(counts) if public else counts
        groups.append(
            {
                "category": category.name,
                "rows": [
                    {
                        "value": value.name,
                        "count": count,
                        "pct": round(100 * count / total, 1)
                        if total and count is not None
                        else None,
                        "panel": None if public else panel.get(value.id, 0),
                        "min": value.min_seats,
                        "max": value.max_seats,
                        "population_share": value.population_share,
                    }
                    for value, count in zip(category.values, shown, strict=True)
                ],
            }
        )
    return {"total": total, "groups": groups}


def _value_counts(query: Select) -> dict[int, int]:
    return dict(db.session.execute(query.group_by(RegistrantAnswer.value_id)).all())


def public_participation(assembly: Assembly, now: datetime | None = None) -> dict:
    """The protected make-up of attendees at past sittings and voters in published ballots."""
    now = now or datetime.now(UTC)
    sittings = db.session.scalars(
        select(Sitting)
        .where(
            Sitting.assembly_id == assembly.id,
            Sitting.ends_at < now,
            Sitting.cancelled_at.is_(None),
        )
        .order_by(Sitting.starts_at)
    ).all()
    ballots = db.session.scalars(
        select(Ballot)
        .where(Ballot.assembly_id == assembly.id, Ballot.published_at.is_not(None))
        .order_by(Ballot.published_at)
    ).all()
    return {
        "sittings": [
            (s, compose_participants(assembly, attendee_ids(s), public=True)) for s in sittings
        ],
        "ballots": [
            (b, compose_participants(assembly, voter_ids(b), public=True)) for b in ballots
        ],
    }
