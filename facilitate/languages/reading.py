"""Texts as a reader sees them: the current translation in their language, else the
authoritative text with the fact that it fell back."""

from dataclasses import dataclass

from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.languages.services import (
    CURRENT,
    Owner,
    Source,
    item_sources,
    page_sources,
    recommendation_sources,
    translatable_languages,
    versions,
)
from facilitate.models import Assembly, Recommendation
from facilitate.models.ballots import BallotItem


@dataclass(frozen=True)
class Reading:
    """The texts of one object in the language they are shown in."""

    #: Field name -> text ("title", "text").
    texts: dict[str, str]
    #: The language shown, and the one asked for.
    language: str
    requested: str
    authoritative: str

    @property
    def fell_back(self) -> bool:
        return self.language != self.requested

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def requested_name(self) -> str:
        return LANGUAGE_NAMES.get(self.requested, self.requested)

    def __getitem__(self, name: str) -> str:
        return self.texts[name]

    def get(self, name: str, default: str = "") -> str:
        return self.texts.get(name, default)

    def of(self, kind: str, object_id: int, field: str, default: str = "") -> str:
        """Return the text of one source of a keyed reading (`read_keyed`), else `default`."""
        return self.texts.get(f"{kind}:{object_id}:{field}", default)


def read(owner: Owner, texts: list[Source], language: str) -> Reading:
    """Return `texts` in `language` when every one has a current translation, else the
    authoritative texts: a half-translated page would mix languages without saying so."""
    authoritative = {s.field: s.text for s in texts}
    if language in translatable_languages(owner):
        found = versions(owner, language, texts)
        if all(v.status == CURRENT for v in found):
            shown = {v.source.field: v.translation.text for v in found}
            return Reading(shown, language, language, owner.language)
    return Reading(authoritative, owner.language, language, owner.language)


def read_keyed(owner: Owner, texts: list[Source], language: str) -> Reading:
    """Like `read`, for a page of many objects: texts keyed "kind:id:field" (see Reading.of).

    An assembly's or a council's page alike: every text translated, or every one authoritative.
    """

    def key(source: Source) -> str:
        return f"{source.kind}:{source.object_id}:{source.field}"

    if not owner.is_multilingual:
        # Every text is its own: the page's defaults (`Reading.of`) are the texts themselves.
        return Reading({}, owner.language, language, owner.language)
    if language in translatable_languages(owner):
        found = versions(owner, language, texts)
        if all(v.status == CURRENT for v in found):
            shown = {key(v.source): v.translation.text for v in found}
            return Reading(shown, language, language, owner.language)
    shown = {key(s): s.text for s in texts}
    return Reading(shown, owner.language, language, owner.language)


def recommendation_in(assembly: Assembly, recommendation: Recommendation, language: str) -> Reading:
    """Return the recommendation's current title and text as read in `language`."""
    return read(assembly, recommendation_sources(recommendation), language)


def language_versions(assembly: Assembly, recommendation: Recommendation) -> list[dict]:
    """List the recommendation's language versions: which is authoritative, which is ready."""
    texts = recommendation_sources(recommendation)
    found = [{"language": assembly.language, "authoritative": True, "available": True}]
    for language in translatable_languages(assembly):
        ready = all(v.status == CURRENT for v in versions(assembly, language, texts))
        found.append({"language": language, "authoritative": False, "available": ready})
    for entry in found:
        entry["name"] = LANGUAGE_NAMES.get(entry["language"], entry["language"])
    return found


def item_in(assembly: Assembly, item: BallotItem, language: str) -> Reading:
    """Return a ballot item as a member reads it: its title, its recommendation's text, and
    each option's label ("3. title"), all in `language` or all authoritative."""
    texts = item_sources(item)
    if item.recommendation is not None:
        texts += [s for s in recommendation_sources(item.recommendation) if s.field == "text"]
    reading = read(assembly, texts, language)
    shown = dict(reading.texts)
    shown.setdefault("text", "")
    for option in item.options:
        label = option.label
        recommendation = db.session.get(Recommendation, option.recommendation_id or 0)
        if recommendation is not None and reading.language != assembly.language:
            title = recommendation_in(assembly, recommendation, reading.language)
            if not title.fell_back:
                label = f"{recommendation.number}. {title['title']}"
        shown[f"option-{option.id}"] = label
    return Reading(shown, reading.language, reading.requested, reading.authoritative)


def page_in(assembly: Assembly, language: str) -> Reading:
    """Return the assembly's remit ("text") and description as read in `language`."""
    reading = read(assembly, page_sources(assembly), language)
    reading.texts.setdefault("description", "")
    return reading
