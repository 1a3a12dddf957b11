"""What a sitting lacks for its members: interpretation, and materials in the formats they need.

Members say what they need when they register: a language to interpret into (free text, in
their own words: "Turkish", "Türkisch", "sign language") and anything else ("I need easy-read
papers"). Their account's language says what they read. Set against the languages spoken at a
sitting and the formats each material exists in, that gives the gaps organisers must close.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from babel import Locale, UnknownLocaleError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models import Assembly, Member, MemberStatus, Sitting
from facilitate.models.sittings_content import Material, MaterialFormat
from facilitate.recipient_language import language_for
from facilitate.registration.questions import barriers_by_registrant

#: Words members use for a format, in the interface languages; matched in lower case.
FORMAT_WORDS = {
    MaterialFormat.EASY_READ: (
        "easy read", "easy-read", "easy to read", "plain language",
        "leichte sprache", "einfache sprache",
        "facile à lire", "falc",
        "makkelijk lezen", "eenvoudige taal",
        "facile da leggere", "linguaggio semplice",
    ),
    MaterialFormat.AUDIO: (
        "audio", "read aloud", "read to me",
        "hörfassung", "vorlesen", "vorgelesen",
        "lu à voix haute", "version audio",
        "voorlezen", "voorgelezen", "luisterversie",
        "ad alta voce",
    ),
    MaterialFormat.LARGE_PRINT: (
        "large print", "large font", "big print",
        "großdruck", "grossdruck", "große schrift", "grosse schrift",
        "gros caractères",
        "grote letters", "grootletter",
        "caratteri grandi", "stampa grande",
    ),
    MaterialFormat.BRAILLE: ("braille", "brail"),
}  # fmt: skip


@dataclass
class LanguageCount:
    #: A language code ("tr") where the words were recognised, else the words as written.
    key: str
    name: str
    members: int


@dataclass
class MaterialGap:
    material: Material
    #: Format → how many members asked for it, for the formats the material lacks.
    missing: dict[MaterialFormat, int]


@dataclass
class AccessGaps:
    members: int
    languages: list[LanguageCount]
    sitting_languages: list[LanguageCount]
    interpretation: list[LanguageCount]
    format_needs: dict[MaterialFormat, int]
    materials: list[MaterialGap] = field(default_factory=list)


@cache
def _language_codes() -> dict[str, str]:
    """Map language names in every interface language (lower case) and codes to codes."""
    codes: dict[str, str] = {}
    for ui in LANGUAGE_NAMES:
        for code, name in Locale.parse(ui).languages.items():
            if "_" not in code:
                codes.setdefault(name.lower(), code)
                codes.setdefault(code.lower(), code)
    return codes


def language_key(words: str) -> str:
    """Return the code of a language a member named ("Türkisch" → "tr"), else their words."""
    cleaned = " ".join(words.split())
    return _language_codes().get(cleaned.lower(), cleaned)


def language_name(key: str, locale: str) -> str:
    """Name a language code in the reader's language; words a member wrote stay as written."""
    try:
        return Locale.parse(locale).languages.get(key, key)
    except (ValueError, UnknownLocaleError):
        return key


def formats_asked(text: str) -> set[MaterialFormat]:
    """Return the formats a member's own words ask for."""
    lowered = text.lower()
    return {kind for kind, words in FORMAT_WORDS.items() if any(w in lowered for w in words)}


def confirmed_members(assembly: Assembly) -> list[Member]:
    """Return the members who confirmed their place."""
    return list(
        db.session.scalars(
            select(Member)
            .where(Member.assembly_id == assembly.id, Member.status == MemberStatus.CONFIRMED)
            .options(selectinload(Member.registrant), selectinload(Member.user))
        )
    )


def sitting_languages(sitting: Sitting, assembly: Assembly) -> list[str]:
    """Return the languages spoken at a sitting: its own, else the assembly's working ones."""
    return sitting.own_languages or list(assembly.working_languages)


def _counted(counter: Counter, locale: str) -> list[LanguageCount]:
    return [
        LanguageCount(key, language_name(key, locale), n)
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def access_gaps(sitting: Sitting, assembly: Assembly, locale: str) -> AccessGaps:
    """Return what the confirmed members read and need against what the sitting offers."""
    members = confirmed_members(assembly)
    barriers = barriers_by_registrant([m.registrant_id for m in members])
    reads: Counter = Counter()
    needs: Counter = Counter()
    for member in members:
        person = member.registrant
        own = {language_for(assembly, member.registrant, member.user)}
        if person.needs_interpreting.strip():
            own.add(language_key(person.needs_interpreting))
        reads.update(own)
        said = " ".join(
            [person.other_needs, person.needs_interpreting, *(d for _k, d in barriers[person.id])]
        )
        needs.update(formats_asked(said))
    spoken = sitting_languages(sitting, assembly)
    lacking = Counter({key: n for key, n in reads.items() if key not in spoken})
    return AccessGaps(
        members=len(members),
        languages=_counted(reads, locale),
        sitting_languages=[LanguageCount(c, language_name(c, locale), 0) for c in spoken],
        interpretation=_counted(lacking, locale),
        format_needs={kind: needs[kind] for kind in MaterialFormat if needs[kind]},
        materials=_material_gaps(sitting, needs),
    )


def _material_gaps(sitting: Sitting, needs: Counter) -> list[MaterialGap]:
    rows = db.session.scalars(
        select(Material).filter_by(sitting_id=sitting.id).order_by(Material.id)
    )
    gaps = []
    for material in rows:
        missing = {k: n for k, n in needs.items() if n and k not in material.formats}
        if missing:
            ordered = {k: missing[k] for k in MaterialFormat if k in missing}
            gaps.append(MaterialGap(material, ordered))
    return gaps


def set_material_formats(material: Material, formats) -> None:
    """Record the formats a material exists in (a recording may exist in audio alone)."""
    material.formats = formats
    db.session.flush()
