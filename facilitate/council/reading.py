"""The council's pages as a reader reads them: every text in their language, or every one in
the council's authoritative language with a note (languages/reading.py), never a mix."""

from facilitate.languages.council_sources import (
    ballot_sources,
    council_page_sources,
    meeting_sources,
    topic_sources,
)
from facilitate.languages.reading import Reading, read_keyed
from facilitate.languages.services import answer_sources, recommendation_sources
from facilitate.models.council import (
    Council,
    CouncilBallot,
    CouncilBallotOption,
    CouncilMeeting,
    CouncilTopic,
)


def _titles(topics: list[CouncilTopic]) -> list:
    return [topic_sources(t)[0] for t in topics]


def _ballots(ballots: list[CouncilBallot]) -> list:
    return [s for b in ballots for s in ballot_sources(b)]


def overview_in(
    council: Council, topics: list[CouncilTopic], meetings: list[CouncilMeeting], language: str
) -> Reading:
    """Return the public page's texts: the description, topic titles and meeting titles."""
    texts = council_page_sources(council) + _titles(topics)
    texts += [meeting_sources(m)[0] for m in meetings]
    return read_keyed(council, texts, language)


def topic_in(council: Council, topic: CouncilTopic, language: str) -> Reading:
    """Return a topic's title, description and mandate."""
    return read_keyed(council, topic_sources(topic), language)


def meeting_in(council: Council, meeting: CouncilMeeting, language: str) -> Reading:
    """Return a meeting's title, agenda and published minutes, and its ballots' questions."""
    # A ballot waiting for its translations is not shown, so it does not hold the page back.
    opened = [b for b in meeting.ballots if b.opened_at is not None]
    return read_keyed(council, meeting_sources(meeting) + _ballots(opened), language)


def members_in(
    council: Council, ballots: list[CouncilBallot], drafts: list[CouncilTopic], language: str
) -> Reading:
    """Return the members' page texts: ballot questions and options, proposals' titles."""
    return read_keyed(council, _ballots(ballots) + _titles(drafts), language)


def convened_in(convened: list[tuple], language: str) -> list[tuple]:
    """Return each convened assembly with its recommendations and their texts as read.

    Each assembly's recommendation titles and answers are its own texts, in its own working
    languages: all of one assembly's in the reader's language, or all of them in its own.
    """
    found = []
    for entry, recommendations in convened:
        texts = []
        for rec in recommendations:
            if rec.versions:
                texts.append(recommendation_sources(rec)[0])
            texts += [s for s in answer_sources(rec) if s.kind == "response"]
        found.append((entry, recommendations, read_keyed(entry.assembly, texts, language)))
    return found


def option_title(texts: Reading, option: CouncilBallotOption) -> str:
    """Return an option as read: Yes, No, Abstain in the interface's words, a topic as read."""
    if option.topic_id and option.key.startswith("t"):
        return texts.of("council_topic", option.topic_id, "title", option.title)
    return option.title
