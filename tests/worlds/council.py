"""A council whose secretariat is beta's organiser, with one of every council object.

`seated_council` builds, for the council's own tests, a council whose 24 seats are filled by
members with accounts.
"""

import hashlib
from datetime import date, timedelta

from facilitate.council import services
from facilitate.extensions import db
from facilitate.models import Membership, Role, RunStatus
from facilitate.models.council import (
    CandidateSource,
    Council,
    CouncilAssembly,
    CouncilBallot,
    CouncilBallotOption,
    CouncilCandidate,
    CouncilDraw,
    CouncilFollowUp,
    CouncilMeeting,
    CouncilRotation,
    CouncilStaff,
    CouncilTerm,
    CouncilTopic,
    CouncilTopicSupport,
    StepKind,
    TopicSource,
)
from tests import factories

RULES = {"gender": [["female", 50.0], ["male", 50.0]]}


def seated_council(slug: str = "rat", **settings) -> Council:
    """Create a council and seat 24 members with accounts (seat<n>@example.org)."""
    admin = factories.user(is_admin=True)
    made = services.create_council(
        {"slug": slug, "name": "Rat", "quota_rules": RULES, **settings}, admin
    )
    for n in range(24):
        person = factories.user(email=f"seat{n}@example.org")
        services.add_candidate(
            made,
            {
                "name": f"Member {n}",
                "email": person.email,
                "values": {"gender": ("female", "male")[n % 2]},
                "source": CandidateSource.PILOT,
                "appointed": True,
                "opted_in_on": date.today() - timedelta(days=30),
            },
        )
    services.run_rotation(made, date.today() - timedelta(days=10), seed=1, user=admin)
    db.session.commit()
    return made


def extend(b, values: dict) -> None:
    organiser = db.session.scalar(
        db.select(Membership).filter_by(assembly_id=b.id, role=Role.ORGANISER)
    )
    today = date.today()
    council = Council(slug="world-council", name="World council", quota_rules={})
    # In the languages world's two languages, so its `language` serves the council's routes.
    council.language = b.language
    council.working_languages = [b.language, "fr" if b.language != "fr" else "de"]
    db.session.add(council)
    db.session.flush()
    db.session.add(CouncilStaff(council_id=council.id, user_id=organiser.user_id))
    candidate = CouncilCandidate(council_id=council.id, name="Sitting", opted_in_on=today)
    db.session.add(candidate)
    db.session.flush()
    rotation = CouncilRotation(council_id=council.id, held_on=today, record={"kind": "selection"})
    db.session.add(rotation)
    db.session.flush()
    term = CouncilTerm(
        council_id=council.id,
        candidate_id=candidate.id,
        rotation_id=rotation.id,
        seat=1,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    topic = CouncilTopic(council_id=council.id, title="Topic", source=TopicSource.RESIDENTS)
    meeting = CouncilMeeting(council_id=council.id, held_on=today, title="Meeting")
    db.session.add_all([term, topic, meeting])
    db.session.flush()
    support = CouncilTopicSupport(
        topic_id=topic.id,
        name="Supporter",
        email="supporter@example.org",
        token_hash=hashlib.sha256(b"world-support-token").hexdigest(),
    )
    ballot = CouncilBallot(council_id=council.id, meeting_id=meeting.id, question="Yes?")
    ballot.options = [
        CouncilBallotOption(key=key, label=key.title()) for key in ("yes", "no", "abstain")
    ]
    convened = CouncilAssembly(
        council_id=council.id, assembly_id=b.id, topic_id=topic.id, convened_on=today
    )
    convened.steps = [CouncilFollowUp(kind=StepKind.HANDOVER, due_on=today)]
    draw = CouncilDraw(
        council_id=council.id,
        held_on=today + timedelta(days=1),
        seed="1",
        status=RunStatus.SUCCEEDED,
        proposal={"changes": [], "without_quotas": True, "why": "World"},
    )
    db.session.add_all([support, ballot, convened, draw])
    db.session.commit()
    values.update(
        council_slug=council.slug,
        council_draw_id=draw.id,
        council_term_id=term.id,
        council_candidate_id=candidate.id,
        council_topic_id=topic.id,
        council_meeting_id=meeting.id,
        council_ballot_id=ballot.id,
        council_rotation_id=rotation.id,
        council_step_id=convened.steps[0].id,
        council_source_kind="council_topic",
        council_source_id=topic.id,
        council_source_field="title",
        support_token="world-support-token",
    )
