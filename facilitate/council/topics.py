"""CouncilTopic proposals, residents' support and meetings; they flush, never commit."""

import secrets
from datetime import UTC, datetime

from flask_babel import gettext as _

from facilitate.audit.services import record_action
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.models.council import (
    Council,
    CouncilMeeting,
    CouncilTerm,
    CouncilTopic,
    CouncilTopicCosigner,
    CouncilTopicSupport,
    TopicSource,
    TopicStatus,
)
from facilitate.tokens import token_hash


def propose_topic(council: Council, data: dict) -> CouncilTopic:
    """Record a proposal; the secretariat's (groups, government) go straight before the council."""
    source = data["source"]
    topic = CouncilTopic(
        council_id=council.id,
        title=data["title"].strip(),
        description=data.get("description", ""),
        source=source,
        proposed_by=data.get("proposed_by", "").strip()[:200],
        status=(
            TopicStatus.SUBMITTED
            if source in (TopicSource.PARLIAMENTARY_GROUP, TopicSource.GOVERNMENT)
            else TopicStatus.GATHERING
        ),
    )
    db.session.add(topic)
    db.session.flush()
    return topic


def propose_as_member(council: Council, term: CouncilTerm, data: dict) -> CouncilTopic:
    """Record a proposal by a sitting member; it goes before the council once co-signed."""
    topic = propose_topic(
        council, {**data, "source": TopicSource.COUNCIL_MEMBERS, "proposed_by": ""}
    )
    cosign_topic(topic, council, term)
    return topic


def cosign_topic(topic: CouncilTopic, council: Council, term: CouncilTerm) -> None:
    """Add a member's signature; enough signatures put the topic before the council."""
    if topic.source is not TopicSource.COUNCIL_MEMBERS or topic.status is not TopicStatus.GATHERING:
        raise CouncilRefused([_("This proposal does not take signatures now.")])
    if any(c.term_id == term.id for c in topic.cosigners):
        raise CouncilRefused([_("You have already signed this proposal.")])
    topic.cosigners.append(CouncilTopicCosigner(term_id=term.id))
    if len(topic.cosigners) >= council.min_member_proposers:
        topic.status = TopicStatus.SUBMITTED
    topic.proposed_by = ", ".join(c.term.candidate.name for c in topic.cosigners if c.term)[:200]
    db.session.flush()


def request_support(topic: CouncilTopic, council: Council, name: str, email: str, link) -> bool:
    """Send a confirmation link to a supporter; return False when the address already supports.

    `link(token)` builds the confirmation address, so the service never sees the request.
    """
    if topic.status is not TopicStatus.GATHERING or topic.source is not TopicSource.RESIDENTS:
        raise CouncilRefused([_("This proposal is not gathering support.")])
    email = email.strip().lower()
    if db.session.scalar(
        db.select(CouncilTopicSupport.id).filter_by(topic_id=topic.id, email=email)
    ):
        return False
    token = secrets.token_urlsafe(24)
    topic.supports.append(
        CouncilTopicSupport(name=name.strip()[:200], email=email, token_hash=token_hash(token))
    )
    db.session.flush()
    queue_email(
        email,
        _("Confirm your support for “%(t)s”", t=topic.title),
        _(
            "Hello %(n)s,\n\nplease confirm that you support the proposal “%(t)s” to %(c)s "
            "by opening this link:\n\n%(l)s\n\nIf you did not ask for this, ignore this message.",
            n=name.strip(),
            t=topic.title,
            c=council.name,
            l=link(token),
        ),
    )
    return True


def support_for_token(token: str) -> CouncilTopicSupport | None:
    """Return the support this confirmation token belongs to."""
    return db.session.scalar(db.select(CouncilTopicSupport).filter_by(token_hash=token_hash(token)))


def confirm_support(support: CouncilTopicSupport, council: Council) -> CouncilTopic:
    """Count a support; reaching the threshold puts the topic before the council."""
    topic = db.session.get(CouncilTopic, support.topic_id)
    if support.confirmed_at is None:
        support.confirmed_at = datetime.now(UTC)
        db.session.flush()
    if topic.status is TopicStatus.GATHERING and topic.confirmed_supports >= (
        council.support_threshold
    ):
        topic.status = TopicStatus.SUBMITTED
    db.session.flush()
    return topic


def decline_topic(topic: CouncilTopic) -> None:
    """Record that the council did not take a topic up."""
    topic.status = TopicStatus.DECLINED
    db.session.flush()


def write_mandate(topic: CouncilTopic, mandate: str, actor) -> None:
    """Write the council's mandate to the assembly on a chosen topic."""
    if topic.status is not TopicStatus.CHOSEN:
        raise CouncilRefused([_("Only a topic the council has chosen gets a mandate.")])
    before = topic.mandate
    topic.mandate = mandate.strip()
    record_action(
        actor,
        "council.mandate",
        target=f"council:{topic.council_id}/topic:{topic.id}",
        before={"mandate": before},
        after={"mandate": topic.mandate},
    )
    db.session.flush()


def schedule_meeting(council: Council, data: dict) -> CouncilMeeting:
    """Add a council meeting with its agenda."""
    meeting = CouncilMeeting(council_id=council.id)
    update_meeting(meeting, data)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: CouncilMeeting, data: dict) -> None:
    """Change a meeting's date, title, agenda, minutes or publication."""
    for field in ("held_on", "title", "agenda", "minutes", "minutes_published"):
        if field in data:
            setattr(meeting, field, data[field])
    db.session.flush()
