"""Word-level differences between two texts, as segments a template escapes and marks up."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    #: "equal", "insert" or "delete".
    op: str
    text: str


def diff_words(old: str, new: str) -> list[Segment]:
    """Return the segments that turn `old` into `new`, word by word."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
    return segments


def changed(old: str, new: str) -> bool:
    return (old or "") != (new or "")
