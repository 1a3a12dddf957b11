"""Find organised campaigns: near-identical texts grouped by MinHash and banded LSH.

Pure standard library and deterministic: the hash functions come from a fixed seed, so the
same texts always give the same groups (organisers can rerun it and get the same answer).
"""

import hashlib
import random
import re
from collections import defaultdict

#: Words per shingle: three keep word order without letting one changed word break a match.
SHINGLE_WORDS = 3
PERMUTATIONS = 64
#: 16 bands of 4 rows: pairs above ~0.6 similarity almost always meet in some band.
BANDS = 16
ROWS = PERMUTATIONS // BANDS
#: Estimated Jaccard similarity above which two texts count as the same text.
THRESHOLD = 0.6
#: Each "permutation" XORs the 64-bit shingle hashes with a fixed random mask: the hashes are
#: already uniform, and `min(map(mask.__xor__, …))` runs at C speed (~0.3 ms a text).
_MASKS = [
    mask
    for rng in [random.Random(20240610)]
    for mask in (rng.getrandbits(64) for _ in range(PERMUTATIONS))
]
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[int]:
    """Return the hashed word shingles of `text`, ignoring case, punctuation and spacing."""
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 2)]
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest()) for g in grams}


def signature(text: str) -> tuple[int, ...]:
    """Return the MinHash signature of `text` (empty for a text without words)."""
    hashed = shingles(text)
    if not hashed:
        return ()
    return tuple(min(map(mask.__xor__, hashed)) for mask in _MASKS)


def encode(sig: tuple[int, ...]) -> str:
    return "".join(f"{value:016x}" for value in sig)


def decode(text: str) -> tuple[int, ...]:
    return tuple(int(text[i : i + 16], 16) for i in range(0, len(text), 16))


def similarity(left: tuple[int, ...], right: tuple[int, ...]) -> float:
    """Estimate the Jaccard similarity of two texts from their signatures."""
    if not left or len(left) != len(right):
        return 0.0
    return sum(a == b for a, b in zip(left, right, strict=True)) / len(left)


def group(signatures: dict[int, tuple[int, ...]], threshold: float = THRESHOLD) -> list[list[int]]:
    """Return groups (of two or more ids) whose texts are near-identical, largest first."""
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for key in sorted(signatures):
        sig = signatures[key]
        if len(sig) != PERMUTATIONS:
            continue
        for band in range(BANDS):
            buckets[(band, *sig[band * ROWS : (band + 1) * ROWS])].append(key)
    parent = {key: key for key in signatures}

    def find(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        first = members[0]
        # Comparing each with the bucket's first keeps large campaigns linear, not quadratic.
        for other in members[1:]:
            pair = (first, other)
            if pair in checked or find(first) == find(other):
                continue
            checked.add(pair)
            if similarity(signatures[first], signatures[other]) >= threshold:
                low, high = sorted((find(first), find(other)))
                parent[high] = low
    groups: dict[int, list[int]] = defaultdict(list)
    for key in sorted(signatures):
        groups[find(key)].append(key)
    found = [members for members in groups.values() if len(members) > 1]
    return sorted(found, key=lambda members: (-len(members), members[0]))
