"""An authoritative text that has a version in every working language, and its fingerprint."""

import hashlib
from dataclasses import dataclass


def source_hash(text: str) -> str:
    """Return the SHA-256 of a source text, the fingerprint a translation keeps."""
    return hashlib.sha256((text or "").encode()).hexdigest()


@dataclass(frozen=True)
class Source:
    """One authoritative text that has a version in every working language."""

    kind: str
    object_id: int
    field: str
    #: How the queue names it ("Recommendation 3 · title").
    label: str
    text: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.object_id, self.field)
