"""Disclosure control: which published counts to hide so that no small count can be worked out.

Pure Python, used by every public output that counts people by group (pages, API, feeds,
downloads), so that they all hide the same cells.
"""

from collections.abc import Sequence

#: Below this many people a count could point to someone.
SMALLEST_SHOWN = 5


def protect(counts: Sequence[int], smallest: int = SMALLEST_SHOWN) -> list[int | None]:
    """Return one row of counts with None for each hidden count; the row's total is public.

    Counts from 1 to `smallest` - 1 are hidden. Subtracting the shown counts from the
    total then gives the hidden counts' sum, so the smallest shown counts are hidden as
    well until no hidden count can be narrowed below "1 to `smallest` - 1": at least two
    are hidden and their sum leaves each of them room to be `smallest` - 1. Zeros stay
    shown (they point to no one); a row that cannot be protected so is hidden whole.
    """
    hidden = {i for i, n in enumerate(counts) if 0 < n < smallest}
    if not hidden:
        return list(counts)
    spare = sorted((n, i) for i, n in enumerate(counts) if n > 0 and i not in hidden)
    while not _covered([counts[i] for i in hidden], smallest, floor=1):
        if not spare:
            return [None] * len(counts)
        hidden.add(spare.pop(0)[1])
    return [None if i in hidden else n for i, n in enumerate(counts)]


def _covered(values: list[int], smallest: int, floor: int) -> bool:
    """Whether each hidden value, knowing only their sum and floor, could be `smallest` - 1."""
    largest_possible = sum(values) - floor * (len(values) - 1)
    return len(values) >= 2 and largest_possible >= smallest - 1
