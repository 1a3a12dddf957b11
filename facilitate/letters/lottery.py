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

A later wave (``draw_wave``) sends more letters where the first drew few responses:

6. Rows already sent a letter are left out (their numbers are recorded with the draw). Each
   stratum has a recorded weight, a decimal such as "2.5", read exactly as a fraction. The
   strata are taken in sorted order; each gets ``count × available × weight ÷ Σ(available ×
   weight)`` letters, where ``available`` is its rows not left out. A stratum whose share
   reaches its available rows gets them all and the rest is shared again among the others;
   then shares are rounded down and the missing letters go by largest remainder as in step 4.
   Then, stratum by stratum in sorted order, ``rng.sample(available_rows, allocated)``.

Two-stage sampling (``draw_two_stage``) for a region or a country, by places:

7. Stage 1 draws ``places`` places by systematic sampling with probability proportional to
   size (PPS; Madow 1949), a place's size being its rows in the file. A place whose size is
   at least ``total ÷ places`` is taken with certainty; this is repeated on the rest until
   none is that large. The other places, in sorted order of their labels, lie end to end on a
   line of length ``n × total`` (n places still to draw, total their rows), each as long as
   ``n × size``; ``start = rng.randrange(total)`` and the points ``start + j × total`` for
   j = 0 … n−1 each fall in one place, which is drawn. Each such place has the chance
   ``n × size ÷ total``, exactly.
8. Stage 2 shares the letters so that every address has the same chance: a certain place gets
   a share in proportion to its size, any other drawn place ``total ÷ n`` (shares rounded
   down, largest remainder, capped at the place's rows, as in step 6). Then, place by place
   in sorted order, ``rng.sample(rows_of_the_place, allocated)`` with the same generator.
"""

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from facilitate.refusals import Refused


class LotteryError(Refused):
    """The draw cannot be made as asked (nothing to draw, or more than there is)."""


@dataclass(frozen=True)
class Drawn:
    #: Row numbers (0-based, in file order) that receive a letter, sorted.
    rows: list[int]
    #: Per stratum label: {"size": rows in the file, "drawn": letters drawn}; empty unstratified.
    strata: dict[str, dict[str, int]] = field(default_factory=dict)
    #: What a wave or a two-stage draw adds to its record (stage 1's places, its start…).
    design: dict = field(default_factory=dict)


def allocate(sizes: dict[str, int], count: int) -> dict[str, int]:
    """Share `count` among strata in proportion to their sizes by largest remainder."""
    total = sum(sizes.values())
    if not 0 <= count <= total:
        raise LotteryError(f"cannot share {count} letters among {total} rows")
    return apportion(sizes, count, sizes)


def apportion(
    weights: Mapping[str, Fraction | int], count: int, caps: Mapping[str, int]
) -> dict[str, int]:
    """Share `count` in proportion to `weights`, none above its cap, by largest remainder."""
    if not 0 <= count <= sum(caps.get(label, 0) for label in weights):
        raise LotteryError(f"cannot share {count} letters among these rows")
    labels = sorted(weights)
    allocation = {label: 0 for label in labels}
    open_ = [label for label in labels if weights[label] > 0 and caps.get(label, 0) > 0]
    left = count
    ideal = {label: Fraction(0) for label in open_}
    while left:
        total = sum(Fraction(weights[label]) for label in open_)
        if not total:
            raise LotteryError("no stratum with a weight above 0 has rows left")
        ideal = {label: left * Fraction(weights[label]) / total for label in open_}
        full = [label for label in open_ if ideal[label] >= caps[label]]
        if not full:
            break
        for label in full:
            allocation[label] = caps[label]
            left -= caps[label]
            open_.remove(label)
            del ideal[label]
    if not left:
        ideal = {label: Fraction(0) for label in open_}
    for label in open_:
        allocation[label] = int(ideal[label])  # floor: ideal is never negative
    missing = left - sum(allocation[label] for label in open_)
    # Stable sort: equal remainders keep the labels' sorted order.
    by_remainder = sorted(open_, key=lambda label: -(ideal[label] - int(ideal[label])))
    for label in by_remainder[:missing]:
        allocation[label] += 1
    return allocation


def _group(strata: Sequence[str], excluded: Collection[int] = ()) -> dict[str, list[int]]:
    members: dict[str, list[int]] = {}
    for row, label in enumerate(strata):
        members.setdefault(label.strip(), [])
        if row not in excluded:
            members[label.strip()].append(row)
    return members


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
    members = _group(strata)
    allocation = allocate({label: len(rows) for label, rows in members.items()}, count)
    chosen: list[int] = []
    for label in sorted(members):
        chosen.extend(rng.sample(members[label], allocation[label]))
    record = {
        label: {"size": len(members[label]), "drawn": allocation[label]}
        for label in sorted(members)
    }
    return Drawn(sorted(chosen), record)


def draw_wave(
    strata: Sequence[str],
    count: int,
    seed: str,
    weights: Mapping[str, str],
    excluded: Collection[int] = (),
) -> Drawn:
    """Draw a later wave: rows not `excluded`, letters ∝ available rows × the stratum's weight."""
    if count <= 0:
        raise LotteryError("the number of letters must be at least 1")
    excluded = frozenset(excluded)
    members = _group(strata, excluded)
    unknown = sorted(set(members) - set(weights))
    if unknown:
        raise LotteryError(f"no weight for the strata {unknown}")
    exact = {label: Fraction(weights[label]) for label in members}
    if any(weight < 0 for weight in exact.values()):
        raise LotteryError("a weight is below 0")
    available = {label: len(rows) for label, rows in members.items()}
    allocation = apportion(
        {label: available[label] * exact[label] for label in members}, count, available
    )
    rng = random.Random(seed)
    chosen: list[int] = []
    for label in sorted(members):
        chosen.extend(rng.sample(members[label], allocation[label]))
    sizes = {label: sum(1 for row in strata if row.strip() == label) for label in members}
    record = {
        label: {
            "size": sizes[label],
            "available": available[label],
            "weight": weights[label],
            "drawn": allocation[label],
        }
        for label in sorted(members)
    }
    return Drawn(sorted(chosen), record, {"excluded": sorted(excluded)})


def draw_places(sizes: Mapping[str, int], places: int, rng: random.Random) -> dict[str, dict]:
    """Draw `places` places by systematic PPS (step 7); return each place's chance and outcome."""
    if not 0 < places <= sum(1 for size in sizes.values() if size > 0):
        raise LotteryError(f"cannot draw {places} places of {len(sizes)}")
    left = {label: size for label, size in sizes.items() if size > 0}
    certain: list[str] = []
    n = places
    while n:
        total = sum(left.values())
        big = [label for label in sorted(left) if n * left[label] >= total]
        if not big:
            break
        for label in big:
            certain.append(label)
            del left[label]
        n -= len(big)
    total = sum(left.values())
    start = rng.randrange(total) if n else 0
    points = [start + j * total for j in range(n)]
    drawn: set[str] = set()
    end = 0
    for label in sorted(left):
        low, end = end, end + n * left[label]
        if any(low <= point < end for point in points):
            drawn.add(label)
    outcome = {}
    for label in sorted(sizes):
        chance = Fraction(1) if label in certain else Fraction(n * left.get(label, 0), total or 1)
        outcome[label] = {
            "size": sizes[label],
            "chance": str(chance),
            "certain": label in certain,
            "drawn": label in certain or label in drawn,
        }
    outcome_meta = {"start": start, "line": n * total, "interval": total, "systematic": n}
    return {"places": outcome, "stage1": outcome_meta}


def draw_two_stage(strata: Sequence[str], places: int, count: int, seed: str) -> Drawn:
    """Draw places with probability ∝ size, then addresses in them (steps 7 and 8)."""
    if count <= 0:
        raise LotteryError("the number of letters must be at least 1")
    members = _group(strata)
    rng = random.Random(seed)
    stage1 = draw_places({label: len(rows) for label, rows in members.items()}, places, rng)
    outcome = stage1["places"]
    meta = stage1["stage1"]
    shares = {}
    for label, place in outcome.items():
        if place["certain"]:
            shares[label] = Fraction(place["size"])
        elif place["drawn"]:
            shares[label] = Fraction(meta["interval"], meta["systematic"])
    caps = {label: len(members[label]) for label in shares}
    if count > sum(caps.values()):
        raise LotteryError(f"cannot draw {count} letters from {sum(caps.values())} rows")
    allocation = apportion(shares, count, caps)
    chosen: list[int] = []
    for label in sorted(shares):
        chosen.extend(rng.sample(members[label], allocation[label]))
    record = {label: {"size": caps[label], "drawn": allocation[label]} for label in sorted(shares)}
    return Drawn(sorted(chosen), record, {"places": outcome, **meta})
