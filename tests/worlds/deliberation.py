"""Notes, recommendations and ballots of assembly `b` for the route walk, and their factories."""

from datetime import UTC, datetime, timedelta

from facilitate.extensions import db
from facilitate.models import (
    Member,
    Membership,
    MemberStatus,
    Recommendation,
    RecommendationVersion,
    Role,
    Sitting,
)
from tests import factories


def member(assembly, user=None):
    """Seat a confirmed member with an account (user + Membership(MEMBER) + Member)."""
    user = user or factories.user(name="Panel Member")
    if not any(m.assembly_id == assembly.id and m.role == Role.MEMBER for m in user.memberships):
        db.session.add(Membership(user_id=user.id, assembly_id=assembly.id, role=Role.MEMBER))
    seat = factories.seat_panel(assembly, size=1)[0]
    made = Member(
        assembly_id=assembly.id,
        seat_id=seat.id,
        registrant_id=seat.registrant_id,
        user_id=user.id,
        status=MemberStatus.CONFIRMED,
    )
    db.session.add(made)
    db.session.commit()
    return user, made


def sitting(assembly, title="Second weekend", days=0):
    start = datetime(2027, 3, 6, 9, tzinfo=UTC) + timedelta(days=days)
    made = Sitting(
        assembly_id=assembly.id, title=title, starts_at=start, ends_at=start + timedelta(hours=7)
    )
    db.session.add(made)
    db.session.commit()
    return made


def recommendation(assembly, title="Insulate every school", number=None, table=1, author=None):
    number = number or 1 + len(
        db.session.scalars(db.select(Recommendation).filter_by(assembly_id=assembly.id)).all()
    )
    made = Recommendation(
        assembly_id=assembly.id,
        number=number,
        table_number=table,
        created_by_id=author.id if author else None,
    )
    made.versions = [
        RecommendationVersion(
            number=1,
            title=title,
            text="The council should **insulate** every school by 2030.",
            rationale="Schools lose heat.",
            change_note="drafted",
            created_by_id=author.id if author else None,
        )
    ]
    db.session.add(made)
    db.session.commit()
    return made


def extend(b, values: dict) -> None:
    from facilitate.ballots import services as ballot_services
    from facilitate.deliberation import note_services, services
    from facilitate.models import User

    member_b = db.session.scalar(
        db.select(User)
        .join(Membership)
        .filter(Membership.assembly_id == b.id, Membership.role == Role.MEMBER)
    )
    place = sitting(b)
    rec = recommendation(b, author=member_b)
    other = recommendation(b, title="Plant trees", author=member_b)
    amendment = services.propose_amendment(
        rec, member_b, "Insulate schools", "Text", "Why", "Shorter"
    )
    note = note_services.write_note(place, member_b, "plenary", "Heard from *experts*.", None)
    ballot = ballot_services.create_ballot(b, "Final vote", "sequential", None, None)
    item = ballot_services.add_item(ballot, "yes_no", "four_fifths", [rec.id])
    ballot_services.add_item(ballot, "ranking", "simple", [rec.id, other.id])
    db.session.commit()
    values.update(
        sitting_id=place.id,
        note_id=note.id,
        recommendation_id=rec.id,
        amendment_id=amendment.id,
        ballot_id=ballot.id,
        ballot_item_id=item.id,
    )
