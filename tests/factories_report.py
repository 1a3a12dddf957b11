"""An assembly with every part the printable report shows, and personal data it must not."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from facilitate.ballots import services as ballots
from facilitate.extensions import db
from facilitate.models import (
    Member,
    Membership,
    MemberStatus,
    PanelSeat,
    Recommendation,
    Registrant,
    Role,
    Sitting,
)
from facilitate.models.base import utcnow
from facilitate.models.evidence import Approach, ApproachChannel, Publication, SubmissionStatus
from facilitate.models.experts import Expert, ExpertAssignment
from facilitate.models.sittings import Attendance
from tests import factories, factories_public
from tests.worlds.evidence import submission

DISSENT = "We dissent: the budget is far too small."


def _letters(assembly, registrants):
    """Twenty letters, four of them answered by a registration."""
    letters = factories.letters(assembly, 20, prefix="REPORT")
    for person, letter in zip(registrants[:4], letters, strict=False):
        person.letter_id = letter.id
    db.session.commit()


def _members(assembly):
    """Five confirmed members with accounts; the sixth withdrew and a replacement took the seat."""
    panel = db.session.scalars(
        select(PanelSeat).where(PanelSeat.assembly_id == assembly.id).order_by(PanelSeat.id)
    ).all()
    members = []
    for i, seat in enumerate(panel):
        user = factories.user(name=f"Memberuser Private{i}", email=f"member{i}@private.example")
        db.session.add(Membership(user_id=user.id, assembly_id=assembly.id, role=Role.MEMBER))
        status = MemberStatus.WITHDRAWN if i == 5 else MemberStatus.CONFIRMED
        members.append(
            (
                user,
                Member(
                    assembly_id=assembly.id,
                    seat_id=seat.id,
                    registrant_id=seat.registrant_id,
                    user_id=user.id,
                    status=status,
                ),
            )
        )
    db.session.add_all(m for _u, m in members)
    panel[5].dropped_at = utcnow()
    panel[5].drop_reason = "withdrew"
    replacement = factories.seat_panel(assembly, size=1)[0]
    replacement.run.kind = "replacement"
    replacement.replaces_id = panel[5].id
    db.session.commit()
    return members[:5]


def _sitting(assembly, members):
    """A past sitting all five attended, with a published and an unpublished expert."""
    start = datetime.now(UTC) - timedelta(days=20)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="Learning weekend",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        place="Town hall",
    )
    shown = Expert(
        assembly_id=assembly.id,
        name="Dr Published Expert",
        affiliation="Institute of Heat",
        perspective="Research",
        email="published.expert@private.example",
        interests_funding="Funded by the Heat Foundation",
        interests_employment="Professor",
        interests_advocacy="None",
        published=True,
    )
    hidden = Expert(
        assembly_id=assembly.id, name="Dr Hidden Expert", interests_funding="Secret money"
    )
    db.session.add_all([sitting, shown, hidden])
    db.session.flush()
    db.session.add_all(
        ExpertAssignment(sitting_id=sitting.id, expert_id=e.id) for e in (shown, hidden)
    )
    db.session.add_all(Attendance(sitting_id=sitting.id, member_id=m.id) for _u, m in members)
    db.session.commit()


def _vote(assembly, members):
    """A published yes/no vote on recommendation 1, four to one, with a minority statement."""
    first = db.session.scalar(select(Recommendation).filter_by(assembly_id=assembly.id, number=1))
    ballot = ballots.create_ballot(assembly, "Final vote", "together", None, None)
    item = ballots.add_item(ballot, "yes_no", "simple", [first.id])
    ballots.open_ballot(ballot, utcnow(), None)
    for (_user, member), choice in zip(members, ["yes", "yes", "yes", "yes", "no"], strict=True):
        ballots.cast_ballot(item, member, [choice], date.today())
    ballots.close_ballot(ballot, utcnow(), None)
    user, member = members[4]
    ballots.add_statement(item, member, user, DISSENT)
    ballots.publish_results(ballot, utcnow(), None)
    db.session.commit()


def _evidence(assembly, members):
    submission(
        assembly,
        "Heat pumps in every school would pay for themselves.",
        submitter_type="organisation",
        organisation="Green Homes Network",
        name="Nadia Namedcontact",
        email="nadia@private.example",
        status=SubmissionStatus.ACCEPTED,
        published=True,
    )
    submission(
        assembly,
        "Please keep the old boilers.",
        name="Anonymous Writer",
        email="anon@private.example",
        publication=Publication.ANONYMOUS.value,
        status=SubmissionStatus.ACCEPTED,
        published=True,
    )
    submission(
        assembly,
        "Unpublished pending text.",
        name="Pending Person",
        email="pending@private.example",
    )
    db.session.add(
        Approach(
            assembly_id=assembly.id,
            occurred_on=date(2026, 1, 3),
            channel=ApproachChannel.EMAIL,
            organisation="Gas Forever Association",
            representative="Rita Representative",
            subject="Invitation to a dinner",
            reporter_role="member",
            reported_by_id=members[0][0].id,
        )
    )
    db.session.commit()


def report_assembly(slug="open-report"):
    """Published, with letters, a panel that lost and replaced a member, a past sitting with a
    published and an unpublished expert, a published vote with a minority statement, evidence,
    a lobbying entry and the authority's answers."""
    assembly = factories_public.published_assembly(slug, recommendations=3)
    registrants = db.session.scalars(
        select(Registrant).where(Registrant.assembly_id == assembly.id).order_by(Registrant.id)
    ).all()
    _letters(assembly, registrants)
    members = _members(assembly)
    _sitting(assembly, members)
    _vote(assembly, members)
    _evidence(assembly, members)
    return assembly
