"""Demo data: a standing council with two years of draws, two past assemblies and follow-up."""

import random
from datetime import UTC, date, datetime, time, timedelta

from facilitate.council import ballots as ballot_services
from facilitate.council import convening, services
from facilitate.council import topics as topic_services
from facilitate.extensions import db
from facilitate.languages import services as language_services
from facilitate.models import (
    AssemblyStatus,
    AuthorityResponse,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
    ResponseStatus,
)
from facilitate.models.council import CandidateSource, Council, TopicSource
from facilitate.months import add_months

RULES = {
    "gender": [["female", 50.6], ["male", 49.4]],
    "age": [["16-29", 19.0], ["30-44", 24.0], ["45-59", 26.0], ["60+", 31.0]],
    "area": [["Eupen", 38.0], ["St. Vith", 20.0], ["Kelmis", 14.0], ["other", 28.0]],
}
GERMAN_DESCRIPTION = (
    "Vierundzwanzig ausgeloste Einwohnerinnen und Einwohner wählen die Themen unserer "
    "**Bürgerdialoge** und verfolgen, was aus ihren Empfehlungen wird. Alle sechs Monate wird "
    "ein Drittel der Sitze neu ausgelost."
)
FRENCH_PROPOSAL = "Les enfants devraient pouvoir aller à l'école à vélo en toute sécurité."
NAMES = ("Anna", "Luc", "Marie", "Jonas", "Sofia", "Paul", "Lea", "Noah", "Emma", "Elias")
SURNAMES = ("Schmitz", "Lambert", "Kessler", "Dubois", "Meyer", "Renard", "Jansen", "Weber")
PAST = (
    (
        "Care for older people",
        "How can older people in our Community be cared for well, at home and in homes?",
        ((ResponseStatus.ACCEPTED, ""), (ResponseStatus.ACCEPTED_IN_PART, "Funded from 2026.")),
    ),
    (
        "Affordable housing",
        "What should the Community do so that everyone can find an affordable home?",
        ((ResponseStatus.REJECTED, "The Community has no power over rents."), (None, "")),
    ),
)


def _people(council, count, on, rng, source, appointed=False, assembly=None):
    for n in range(count):
        services.add_candidate(
            council,
            {
                "name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                "values": {c: rng.choice([v for v, _s in vs]) for c, vs in RULES.items()},
                "source": source,
                "appointed": appointed and n < 24,
                "source_assembly_id": assembly.id if assembly else None,
                "opted_in_on": on,
            },
        )


def seed_council(admin, organiser, member, today: date | None = None) -> Council | None:
    """Create the demo council unless it exists; return it."""
    if db.session.scalar(db.select(Council.id).filter_by(slug="buergerrat")) is not None:
        return None
    today = today or date.today()
    rng = random.Random(2019)  # demo data only: the same history every time
    start = add_months(date(today.year, today.month, 1), -25)
    council = services.create_council(
        {
            "slug": "buergerrat",
            "name": "Citizens' Council",
            "description": (
                "Twenty-four residents drawn by lot choose the topics of our **citizens' "
                "assemblies** and follow what becomes of their recommendations. A third of "
                "the seats is drawn anew every six months."
            ),
            "quota_rules": RULES,
        },
        admin,
    )
    services.add_staff(council, organiser)
    services.add_election(council, add_months(today, 30), "Community election")
    _people(council, 24, start, rng, CandidateSource.PILOT, appointed=True)
    _people(council, 30, start, rng, CandidateSource.LOTTERY)
    services.run_rotation(council, start, seed=1, user=admin)
    due = [add_months(start, 6)]

    def rotate_until(day: date) -> None:
        while due[0] <= day:
            services.run_rotation(council, due[0], seed=due[0].toordinal(), user=admin)
            due[0] = add_months(due[0], 6)

    for k, (title, mandate, answers) in enumerate(PAST):
        decided = add_months(start, 2 + 8 * k)
        rotate_until(decided)
        topic = topic_services.propose_topic(
            council,
            {"title": title, "description": mandate, "source": TopicSource.GOVERNMENT},
        )
        meeting = topic_services.schedule_meeting(
            council,
            {
                "held_on": decided,
                "title": f"Council meeting {decided:%B %Y}",
                "agenda": f"1. Topics before the council\n2. Vote on “{title}”",
                "minutes": f"The council chose **{title}** by secret ballot.",
                "minutes_published": True,
            },
        )
        ballot = ballot_services.open_ballot(
            council,
            meeting,
            {"question": f"Take up “{title}”?", "secret": True, "topics": [topic]},
            None,
        )
        # Most of the council takes part; a few say no or abstain.
        choices = ["yes"] * 13 + ["no"] * 3 + ["abstain"] * 2
        for term, choice in zip(services.sitting_terms(council, decided), choices, strict=False):
            ballot_services.cast_vote(ballot, term, choice, decided)
        ballot_services.close_ballot(ballot, datetime.combine(decided, time(20), UTC), None)
        topic_services.write_mandate(topic, mandate, None)
        first = decided + timedelta(weeks=10)
        convened = convening.convene_assembly(
            council,
            topic,
            30,
            [first, first + timedelta(weeks=5), first + timedelta(weeks=10)],
            decided,
            organiser,
        )
        convened.assembly.status = AssemblyStatus.ANSWERED
        _recommendations(convened.assembly, answers, first + timedelta(weeks=20))
        for step in convened.steps:
            if step.due_on < today - timedelta(days=60) or step.kind.value == "handover":
                convening.record_step(step, step.due_on - timedelta(days=5), "Held in public.")
        _people(
            council,
            12,
            first + timedelta(weeks=11),
            rng,
            CandidateSource.ASSEMBLY,
            False,
            convened.assembly,
        )

    rotate_until(today)
    # The demo member sits on the council (drawn last), so a newcomer can sign in and vote.
    newest = max(services.sitting_terms(council, today), key=lambda t: t.starts_on)
    newest.candidate.user_id = member.id
    newest.candidate.name = member.name

    gathering = topic_services.propose_topic(
        council,
        {
            "title": "Safe cycling to school",
            "description": "Children should be able to cycle to school safely.",
            "source": TopicSource.RESIDENTS,
            "proposed_by": "Parents' association Eupen",
        },
    )
    for n in range(37):
        topic_services.request_support(
            gathering, council, f"Supporter {n}", f"supporter{n}@example.org", lambda t: t
        )
    for support in gathering.supports[:31]:
        topic_services.confirm_support(support, council)
    topic_services.propose_topic(
        council,
        {
            "title": "Digital public services",
            "description": "How should the Community's services work online?",
            "source": TopicSource.PARLIAMENTARY_GROUP,
            "proposed_by": "Group ProDG",
        },
    )
    meeting = topic_services.schedule_meeting(
        council,
        {
            "held_on": today + timedelta(days=14),
            "title": "Next council meeting",
            "agenda": "1. Digital public services\n2. Follow-up on housing",
        },
    )
    ballot_services.open_ballot(
        council, meeting, {"question": "Invite the housing minister to report in person?"}, None
    )
    _working_languages(council, gathering, organiser)
    db.session.flush()
    return council


def _working_languages(council, topic, translator) -> None:
    """Keep the council's texts in German and French too, from now on: its description is
    translated into German, and the cycling proposal's French text predates an amendment."""
    council.working_languages = ["en", "de", "fr"]
    description = language_services.find_source(council, "council", council.id, "description")
    language_services.save(
        council, description, "de", GERMAN_DESCRIPTION, current=True, actor=translator
    )
    proposal = language_services.find_source(council, "council_topic", topic.id, "description")
    language_services.save(council, proposal, "fr", FRENCH_PROPOSAL, current=True, actor=translator)
    topic.description += " And walk there, too."


def _recommendations(assembly, answers, responded_on: date) -> None:
    """Give a past assembly two recommendations and what the authority answered."""
    for number, (status, justification) in enumerate(answers, start=1):
        rec = Recommendation(
            assembly_id=assembly.id, number=number, status=RecommendationStatus.FINAL
        )
        rec.versions = [
            RecommendationVersion(
                number=1, title=f"Recommendation {number} on {assembly.title.lower()}", text="…"
            )
        ]
        if status is not None:
            rec.response = AuthorityResponse(
                status=status, justification=justification, responded_on=responded_on
            )
        db.session.add(rec)
    db.session.flush()
