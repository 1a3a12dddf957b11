"""Normalised addresses: the same home written two ways gets the same key."""

import hashlib
import re
import unicodedata
from functools import lru_cache

_ABBREVIATIONS = {
    "street": "st", "strasse": "str", "road": "rd", "avenue": "av",
    "rue": "r", "chaussee": "ch", "chaussée": "ch", "platz": "pl", "place": "pl",
}  # fmt: skip


def normalise_address(address: str, postcode: str = "") -> str:
    """Lower-case, strip accents and punctuation, abbreviate common street words."""
    text = unicodedata.normalize("NFKD", f"{address} {postcode}".lower().replace("ß", "ss"))
    if not text.isascii():  # ASCII has no combining marks: most addresses skip the loop
        text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


@lru_cache(maxsize=65_536)
def address_key(address: str, postcode: str = "") -> str:
    """Return a stable hash of the normalised address ('' when there is no address).

    Cached: a household's members, and an import's rows, repeat the same address."""
    normal = normalise_address(address, postcode)
    if not normal:
        return ""
    return hashlib.sha256(normal.encode()).hexdigest()[:32]
