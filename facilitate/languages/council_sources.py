"""The texts of a council that members and the public read, as sources to translate.

Labels name the text, never a person: the translator sees what to translate and nothing else.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.languages.source import Source
from facilitate.models.council import Council, CouncilBallot, CouncilMeeting, CouncilTopic


def _unless_blank(kind: str, object_id: int, field: str, label: str, text: str) -> list[Source]:
    return [Source(kind, object_id, field, label, text)] if (text or "").strip() else []


def council_page_sources(council: Council) -> list[Source]:
    """Return the council's own text on its public page: its description."""
    label = str(_l("Public description"))
    return _unless_blank("council", council.id, "description", label, council.description)


def topic_sources(topic: CouncilTopic) -> list[Source]:
    """Return a topic's title, description and, once written, the council's mandate."""
    name = str(_l("Topic: %(t)s", t=topic.title))
    found = [Source("council_topic", topic.id, "title", name, topic.title)]
    for field in ("description", "mandate"):
        found += _unless_blank("council_topic", topic.id, field, name, getattr(topic, field))
    return found


def meeting_sources(meeting: CouncilMeeting) -> list[Source]:
    """Return a meeting's title, agenda and, once published, its minutes."""
    name = str(_l("Council meeting: %(t)s", t=meeting.title))
    found = [Source("council_meeting", meeting.id, "title", name, meeting.title)]
    found += _unless_blank("council_meeting", meeting.id, "agenda", name, meeting.agenda)
    if meeting.minutes_published:
        found += _unless_blank("council_meeting", meeting.id, "minutes", name, meeting.minutes)
    return found


def ballot_sources(ballot: CouncilBallot) -> list[Source]:
    """Return a ballot's question and the titles of the topics its options carry.

    Yes, No and Abstain are the interface's own words, translated with it.
    """
    label = str(_l("Council ballot: %(q)s", q=ballot.question))
    found = [Source("council_ballot", ballot.id, "question", label, ballot.question)]
    for option in ballot.options:
        topic = db.session.get(CouncilTopic, option.topic_id) if option.topic_id else None
        if topic is not None and option.key.startswith("t"):
            found.append(topic_sources(topic)[0])
    return found


def council_sources(council: Council) -> list[Source]:
    """List every text of the council that has a version per working language."""
    found = council_page_sources(council)
    for topic in db.session.scalars(
        select(CouncilTopic).filter_by(council_id=council.id).order_by(CouncilTopic.id)
    ):
        found += topic_sources(topic)
    for meeting in db.session.scalars(
        select(CouncilMeeting).filter_by(council_id=council.id).order_by(CouncilMeeting.held_on)
    ):
        found += meeting_sources(meeting)
    for ballot in db.session.scalars(
        select(CouncilBallot).filter_by(council_id=council.id).order_by(CouncilBallot.id)
    ):
        # Topic titles already come with their topics.
        found += ballot_sources(ballot)[:1]
    return found
