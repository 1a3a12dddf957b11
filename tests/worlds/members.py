"""Objects of assembly `b` for the members, sittings and experts routes."""

from datetime import UTC, datetime, time, timedelta

from facilitate.extensions import db
from facilitate.models import Member, MemberStatus, PanelSeat, Sitting, SittingKind
from facilitate.models.experts import Expert, ExpertAssignment
from facilitate.models.sittings import AgendaItem
from facilitate.models.sittings_content import Material, Question
from facilitate.tokens import token_hash
from tests import factories


def extend(b, values: dict) -> None:
    seat = factories.seat_panel(b, size=1)[0]
    member = Member(
        assembly_id=b.id,
        seat_id=seat.id,
        registrant_id=seat.registrant_id,
        status=MemberStatus.CONTACTED,
        invite_token_hash=token_hash("world-invite"),
        calendar_token="world-feed",
        signin_token_hash=token_hash("world-signin"),
    )
    start = datetime.now(UTC) + timedelta(days=7)
    sitting = Sitting(
        assembly_id=b.id,
        title="Beta sitting",
        kind=SittingKind.DELIBERATION,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        checkin_code="BETA42",
    )
    expert = Expert(assembly_id=b.id, name="Beta expert", perspective="neutral")
    db.session.add_all([member, sitting, expert])
    db.session.flush()
    item = AgendaItem(sitting_id=sitting.id, at=time(10, 0), title="Welcome")
    material = Material(
        assembly_id=b.id,
        sitting_id=sitting.id,
        title="Briefing",
        summary="What we know.",
        filename="briefing.txt",
        content_type="text/plain; charset=utf-8",
        content=b"hello",
        size=5,
    )
    question = Question(sitting_id=sitting.id, body="Why?")
    db.session.add_all(
        [item, material, question, ExpertAssignment(sitting_id=sitting.id, expert_id=expert.id)]
    )
    db.session.commit()
    assert db.session.get(PanelSeat, seat.id) is not None
    values.update(
        member_id=member.id,
        invite_token="world-invite",
        feed_token="world-feed",
        signin_token="world-signin",
        sitting_id=sitting.id,
        item_id=item.id,
        material_id=material.id,
        question_id=question.id,
        expert_id=expert.id,
        direction="up",
    )
