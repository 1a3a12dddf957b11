"""The texts of an assembly or a council in its working languages: what needs translating,
and saving it. The two are "owners": one table, one queue, one gate and one reading serve both.

A translation is tied to the hash of the authoritative text it was made from; when that
text changes, the translation is outdated until a translator looks at the difference.
Functions flush, never commit.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.deliberation.diffs import Segment, diff_words
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.languages.council_sources import ballot_sources, council_sources
from facilitate.languages.source import Source, source_hash
from facilitate.models import (
    Assembly,
    AuthorityResponse,
    Recommendation,
    RecommendationStatus,
    User,
)
from facilitate.models.ballots import Ballot, BallotItem
from facilitate.models.council import Council, CouncilBallot
from facilitate.models.experts import Expert
from facilitate.models.recommendations import AmendmentStatus
from facilitate.models.sittings import Sitting
from facilitate.models.sittings_content import Material
from facilitate.models.translations import ContentTranslation, TranslationStatus
from facilitate.refusals import Refused

MISSING, DRAFT, CURRENT, OUTDATED = "missing", "draft", "current", "outdated"

#: Most urgent first: the queue shows what readers cannot read before what needs a look.
URGENCY = {MISSING: 0, OUTDATED: 1, DRAFT: 2, CURRENT: 3}

STATUS_LABELS = {
    MISSING: _l("missing"),
    DRAFT: _l("draft"),
    CURRENT: _l("current"),
    OUTDATED: _l("outdated"),
}

#: Recommendations still being worked on or adopted; merged and withdrawn ones are not read.
LIVE = (RecommendationStatus.DRAFT, RecommendationStatus.FINAL)


class TranslationRefused(Refused):
    """A translation that cannot be saved, for reasons shown to the translator."""


#: Whose texts: an assembly or a council (both have `language` and `working_languages`).
Owner = Assembly | Council

__all__ = ["Source", "source_hash"]


def owner_key(owner: Owner) -> dict[str, int]:
    """Return the column that ties a translation to its owner, as keyword arguments."""
    if isinstance(owner, Council):
        return {"council_id": owner.id}
    return {"assembly_id": owner.id}


@dataclass
class Version:
    """A source's text in one language and where it stands."""

    source: Source
    language: str
    status: str
    translation: ContentTranslation | None = None
    #: Word differences from the source it was translated from to today's (when outdated).
    diff: list[Segment] = field(default_factory=list)


def recommendation_sources(recommendation: Recommendation) -> list[Source]:
    """Return the title and text of the recommendation's current version."""
    current = recommendation.current
    name = str(_l("Recommendation %(n)s", n=recommendation.number))
    # Outside the f-strings: the message extractor does not look inside them.
    title, text = _l("Title"), _l("Text")
    return [
        Source("recommendation", recommendation.id, "title", f"{name} · {title}", current.title),
        Source("recommendation", recommendation.id, "text", f"{name} · {text}", current.text),
    ]


def item_sources(item: BallotItem) -> list[Source]:
    """Return the ballot item's own wording (its recommendations have theirs)."""
    label = str(_l("Ballot item %(title)s", title=item.title))
    return [Source("ballot_item", item.id, "title", label, item.title)]


def recommendations_of(assembly: Assembly) -> list[Recommendation]:
    """Return the recommendations still read: drafts and final ones, by number."""
    return list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.assembly_id == assembly.id, Recommendation.status.in_(LIVE))
            .order_by(Recommendation.number)
        )
    )


def remit_source(assembly: Assembly) -> Source:
    """Return the question put to the assembly, as a text to translate."""
    return Source("remit", assembly.id, "text", str(_l("Remit")), assembly.remit)


def page_sources(assembly: Assembly) -> list[Source]:
    """Return the assembly's own texts on its public page: the remit and the description."""
    found = [remit_source(assembly)]
    if assembly.description.strip():
        label = str(_l("Public description"))
        found.append(Source("assembly", assembly.id, "description", label, assembly.description))
    return found


def question_sources(assembly: Assembly) -> list[Source]:
    """Return the wording of the assembly's own registration questions and their options."""
    found = []
    for question in assembly.registration_questions:
        name = str(_l("Registration question: %(q)s", q=question.label))
        found.append(Source("question", question.id, "label", name, question.label))
        if question.options.strip():
            # Translated line by line: a resident's answer is kept in the source's wording.
            label = str(_l("Options of: %(q)s", q=question.label))
            found.append(Source("question", question.id, "options", label, question.options))
    return found


def sitting_sources(sitting: Sitting, materials: list[Material]) -> list[Source]:
    """Return what a sitting's page says: its title and description, agenda and materials."""
    name = str(_l("Sitting: %(t)s", t=sitting.title))
    found = [Source("sitting", sitting.id, "title", name, sitting.title)]
    if sitting.description.strip():
        label = str(_l("Sitting: %(t)s · description", t=sitting.title))
        found.append(Source("sitting", sitting.id, "description", label, sitting.description))
    for item in sitting.agenda:
        label = str(_l("Agenda of %(s)s: %(t)s", s=sitting.title, t=item.title))
        found.append(Source("agenda", item.id, "title", label, item.title))
        if item.note.strip():
            found.append(Source("agenda", item.id, "note", label, item.note))
    return found + material_sources(materials)


def expert_sources(experts: list[Expert]) -> list[Source]:
    """Return the biographies of experts the public reads (declared interests stay as given)."""
    return [
        Source("expert", e.id, "bio", str(_l("Expert: %(n)s", n=e.name)), e.bio)
        for e in experts
        if e.bio.strip()
    ]


def public_sitting_sources(rows: list[dict]) -> list[Source]:
    """Return what the public page says of the sittings: titles, experts, materials."""
    found = []
    for row in rows:
        sitting = row["sitting"]
        name = str(_l("Sitting: %(t)s", t=sitting.title))
        found.append(Source("sitting", sitting.id, "title", name, sitting.title))
        found += expert_sources(row["experts"]) + material_sources(row["materials"])
    return found


def material_sources(materials: list[Material]) -> list[Source]:
    """Return the titles and summaries of materials of the evidence library."""
    found = []
    for material in materials:
        label = str(_l("Material: %(t)s", t=material.title))
        found.append(Source("material", material.id, "title", label, material.title))
        if material.summary.strip():
            found.append(Source("material", material.id, "summary", label, material.summary))
    return found


def sources(owner: Owner) -> list[Source]:
    """List every text of the assembly or council that has a version per working language."""
    if isinstance(owner, Council):
        return council_sources(owner)
    assembly = owner
    found = page_sources(assembly) + question_sources(assembly)
    for sitting in db.session.scalars(
        select(Sitting).where(Sitting.assembly_id == assembly.id).order_by(Sitting.starts_at)
    ):
        found += sitting_sources(sitting, _sitting_materials(sitting))
    found += expert_sources(
        db.session.scalars(
            select(Expert)
            .where(Expert.assembly_id == assembly.id, Expert.published.is_(True))
            .order_by(Expert.name)
        ).all()
    )
    recommendations = recommendations_of(assembly)
    for recommendation in recommendations:
        found += recommendation_sources(recommendation)
    items = db.session.scalars(
        select(BallotItem)
        .join(Ballot)
        .where(Ballot.assembly_id == assembly.id)
        .order_by(Ballot.id, BallotItem.position)
    )
    for item in items:
        found += item_sources(item)
    for recommendation in recommendations:
        for amendment in recommendation.amendments:
            # Members decide proposed amendments, so each must read them in their language.
            if amendment.status == AmendmentStatus.PROPOSED:
                label = str(_l("Amendment %(n)d", n=amendment.id))
                found.append(Source("amendment", amendment.id, "text", label, amendment.text))
        found += answer_sources(recommendation)
    return found


def answer_sources(recommendation: Recommendation) -> list[Source]:
    """Return the authority's answer to a recommendation and its implementation updates."""
    response: AuthorityResponse | None = recommendation.response
    if response is None:
        return []
    label = str(_l("Answer to recommendation %(n)s", n=recommendation.number))
    found = []
    if response.justification:
        found.append(Source("response", response.id, "text", label, response.justification))
    for update in response.updates:
        if update.text.strip():
            found.append(Source("update", update.id, "text", label, update.text))
    return found


def _sitting_materials(sitting: Sitting) -> list[Material]:
    return list(
        db.session.scalars(
            select(Material).where(Material.sitting_id == sitting.id).order_by(Material.id)
        )
    )


def _rows(owner: Owner, language: str) -> dict[tuple[str, int, str], ContentTranslation]:
    rows = db.session.scalars(
        select(ContentTranslation).filter_by(**owner_key(owner), language=language)
    )
    return {(r.kind, r.object_id, r.field): r for r in rows}


def status_of(source: Source, language: str, row: ContentTranslation | None) -> Version:
    """Say where the source's text in `language` stands, with the difference when outdated."""
    if row is None:
        return Version(source, language, MISSING)
    if row.source_hash != source_hash(source.text):
        return Version(source, language, OUTDATED, row, diff_words(row.source_text, source.text))
    status = CURRENT if row.status == TranslationStatus.CURRENT else DRAFT
    return Version(source, language, status, row)


def versions(owner: Owner, language: str, of: list[Source] | None = None) -> list[Version]:
    """Return the version in `language` of each source (all the owner's by default)."""
    rows = _rows(owner, language)
    return [status_of(s, language, rows.get(s.key)) for s in (of or sources(owner))]


def queue(owner: Owner, language: str) -> list[Version]:
    """Return the texts to translate into `language`, missing and outdated first."""
    found = versions(owner, language)
    return sorted(found, key=lambda v: URGENCY[v.status])


def translatable_languages(owner: Owner) -> list[str]:
    """Return the working languages other than the authoritative one."""
    return owner.working_languages[1:]


def find_source(owner: Owner, kind: str, object_id: int, field_name: str) -> Source | None:
    """Return the owner's source with this key, or None."""
    return next((s for s in sources(owner) if s.key == (kind, object_id, field_name)), None)


def save(
    owner: Owner,
    source: Source,
    language: str,
    text: str,
    *,
    current: bool,
    actor: User | None,
) -> ContentTranslation:
    """Keep a translation of `source` as a draft or as current, tied to the source's text now."""
    if language not in translatable_languages(owner):
        raise TranslationRefused(_l("This is not one of the working languages."))
    if current and not text.strip():
        raise TranslationRefused(_l("Write the translation before marking it current."))
    row = _rows(owner, language).get(source.key)
    before = None if row is None else {"status": row.status, "source_hash": row.source_hash}
    if row is None:
        kind, object_id, field_name = source.key
        row = ContentTranslation(
            **owner_key(owner),
            kind=kind,
            object_id=object_id,
            field=field_name,
            language=language,
        )
        db.session.add(row)
    row.text = text
    row.source_text = source.text
    row.source_hash = source_hash(source.text)
    row.status = TranslationStatus.CURRENT if current else TranslationStatus.DRAFT
    row.translator_id = actor.id if actor is not None else None
    db.session.flush()
    # A council's entries name it in the target: the log's assembly column is for assemblies.
    scope = "" if isinstance(owner, Assembly) else f"council:{owner.id}/"
    record_action(
        actor,
        "translation.save",
        owner if isinstance(owner, Assembly) else None,
        f"{scope}translation:{source.kind}:{source.object_id}:{source.field}:{language}",
        before,
        {"status": row.status, "source_hash": row.source_hash},
    )
    return row


def item_gaps(assembly: Assembly, ballot: Ballot) -> list[str]:
    """Return why the ballot's texts cannot be read in every working language (empty if they can).

    Only a current translation is shown to members, so a draft is a gap as much as a missing
    or outdated one.
    """
    reasons = []
    for item in ballot.items:
        recommendations = [item.recommendation] if item.recommendation else []
        recommendations += [
            db.session.get(Recommendation, o.recommendation_id)
            for o in item.options
            if o.recommendation_id
        ]
        texts = item_sources(item)
        for recommendation in recommendations:
            texts += recommendation_sources(recommendation)
        reasons += gaps(assembly, item.title, texts)
    return reasons


def council_ballot_gaps(council: Council, ballot: CouncilBallot) -> list[str]:
    """Return why a council ballot's question and options cannot be read in every working
    language (empty if they can): the gate a ballot passes before it opens."""
    return gaps(council, ballot.question, ballot_sources(ballot))


def gaps(owner: Owner, name: str, texts: list[Source]) -> list[str]:
    """Return, for the ballot (item) called `name`, each text not current in a working language.

    Only a current translation is shown to members, so a draft is a gap as much as a missing
    or outdated one.
    """
    reasons = []
    for language in translatable_languages(owner):
        for version in versions(owner, language, texts):
            if version.status != CURRENT:
                reasons.append(
                    _l(
                        "Ballot item “%(item)s”: %(text)s is %(status)s in %(language)s.",
                        item=name,
                        text=version.source.label,
                        status=STATUS_LABELS[version.status],
                        language=LANGUAGE_NAMES[language],
                    )
                )
    return reasons
