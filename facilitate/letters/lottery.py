"""The lottery that picks which rows of an address file receive an invitation letter.

Pure standard library, no Flask and no database, so that anyone holding the file, the seed
and this module can run the draw again and get the same letters. The procedure:

1. The rows are the data rows of the file in file order (the header and blank lines are
   left out), numbered 0, 1, 2, …
2. One generator, ``random.Random(seed)``, is made from the recorded seed string; nothing
   else touches it and the global generator is never used.
3. Without strata: ``rng.sample(range(rows), count)``; every row has the same chance.
4. With strata (a label per row, e.g. the district, trimmed of spaces): the strata are taken
   in sorted order of their labels; each gets ``count × size ÷ rows`` letters rounded down,
   and the letters still missing go one each to the strata with the largest remainders
   (ties: sorted label order), so the total is exact. Then, stratum by stratum in that
   order, ``rng.sample(rows_of_the_stratum, allocated)`` with the same generator.
5. The drawn row numbers are returned sorted.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from facilitate.refusals import Refused


class LotteryError(Refused):
    """The draw cannot be made as asked (nothing to draw, or more than there is)."""


@dataclass(frozen=True)
class Drawn:
    #: Row numbers (0-based, in file order) that receive a letter, sorted.
    rows: list[int]
    #: Per stratum label: {"size": rows in the file, "drawn": letters drawn}; empty unstratified.
    strata: dict[str, dict[str, int]] = field(default_factory=dict)


def allocate(sizes: dict[str, int], count: int) -> dict[str, int]:
    """Share `count` among strata in proportion to their sizes by largest remainder."""
    total = sum(sizes.values())
    if not 0 <= count <= total:
        raise LotteryError(f"cannot share {count} letters among {total} rows")
    labels = sorted(sizes)
    # Integer arithmetic: count × size = floor × total + remainder, exactly.
    shares = {label: divmod(count * sizes[label], total) for label in labels}
    allocation = {label: shares[label][0] for label in labels}
    missing = count - sum(allocation.values())
    by_remainder = sorted(labels, key=lambda label: -shares[label][1])  # stable: ties by label
    for label in by_remainder[:missing]:
        allocation[label] += 1
    return allocation


def draw_rows(size: int, count: int, seed: str, strata: Sequence[str] | None = None) -> Drawn:
    """Draw `count` of `size` rows uniformly with `random.Random(seed)`, optionally stratified.

    `strata`, when given, holds one label per row; each stratum then gets letters in
    proportion to its size (see the module's documentation for the exact procedure).
    """
    if count <= 0:
        raise LotteryError("the number of letters must be at least 1")
    if count > size:
        raise LotteryError(f"cannot draw {count} letters from {size} rows")
    if strata is not None and len(strata) != size:
        raise LotteryError(f"{len(strata)} stratum labels for {size} rows")
    rng = random.Random(seed)
    if strata is None:
        return Drawn(sorted(rng.sample(range(size), count)))
    members: dict[str, list[int]] = {}
    for row, label in enumerate(strata):
        members.setdefault(label.strip(), []).append(row)
    allocation = allocate({label: len(rows) for label, rows in members.items()}, count)
    chosen: list[int] = []
    for label in sorted(members):
        chosen.extend(rng.sample(members[label], allocation[label]))
    record = {
        label: {"size": len(members[label]), "drawn": allocation[label]}
        for label in sorted(members)
    }
    return Drawn(sorted(chosen), record)
