"""Read the language column of an import: a code ("fr", "fr-CH") or a name as organisers write
it ("Français", "French", "Französisch"), for the assembly's working languages only."""

import re

from facilitate.pool.duplicates import normalise_name

#: Header spellings of the column (compared folded to lower case, as the importer does).
HEADERS = (
    "language",
    "lang",
    "locale",
    "preferred language",
    "preferred_language",
    "correspondence language",
    "sprache",
    "korrespondenzsprache",
    "langue",
    "langue de correspondance",
    "taal",
    "voertaal",
    "lingua",
    "lingua di corrispondenza",
)
#: Names organisers give each interface language: its own, and in the others. Written out, not
#: taken from Babel: loading five locales' data cost an import of 100,000 rows 8 MB.
NAMES = {
    "en": ("english", "englisch", "anglais", "engels", "inglese"),
    "de": ("deutsch", "german", "allemand", "duits", "tedesco"),
    "fr": ("français", "french", "französisch", "frans", "francese"),
    "nl": ("nederlands", "dutch", "niederländisch", "néerlandais", "neerlandese", "vlaams"),
    "it": ("italiano", "italian", "italienisch", "italien", "italiaans"),
}
_REGION = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.IGNORECASE)


def fold(text: str) -> str:
    """Fold a cell so "fr-CH", "FR" and "fr" meet, and "Français" meets "francais"."""
    text = text.strip()
    if match := _REGION.match(text):
        return match[1].lower()
    return normalise_name(text)


def spellings(codes: list[str]) -> dict[str, str]:
    """Map every accepted spelling of each code, folded, to the code."""
    found = {fold(name): code for code in codes for name in NAMES.get(code, ())}
    # Codes last, so a code always wins over a name that happens to fold the same.
    found.update({code.lower(): code for code in codes})
    return found
