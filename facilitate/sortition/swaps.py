"""Move between quota-feasible panels by swapping one seat at a time: cheap new columns."""

from __future__ import annotations

import bisect
import itertools

from .agent_types import TypeSpace
from .panels import Panel


class SwapWalker:
    """A mutable panel over types that only accepts swaps keeping the quotas and households."""

    def __init__(self, space: TypeSpace, bounds=None):
        quotas = space.instance.quotas
        bounds = bounds or [(q.min, q.max) for q in quotas]
        self.lo = [b[0] for b in bounds]
        self.hi = [b[1] for b in bounds]
        self.tq = space.quota_index
        self.sizes = space.sizes
        self.group = [-1] * len(space)
        for g, types in enumerate(space.households):
            for t in types:
                self.group[t] = g
        self.count: dict[int, int] = {}
        self.qcount = [0] * len(quotas)
        self.used_groups: set[int] = set()

    def load(self, panel: Panel) -> None:
        """Start from a panel."""
        self.count = dict(panel)
        self.qcount = [0] * len(self.lo)
        self.used_groups = set()
        for t, c in panel:
            for q in self.tq[t]:
                self.qcount[q] += c
            if self.group[t] >= 0:
                self.used_groups.add(self.group[t])

    def panel(self) -> Panel:
        """Return the current panel."""
        return tuple(sorted((t, c) for t, c in self.count.items() if c))

    def can_swap(self, out: int, into: int) -> bool:
        """Tell whether one seat can pass from type `out` to type `into`."""
        if out == into or self.count.get(into, 0) >= self.sizes[into]:
            return False
        g = self.group[into]
        if g >= 0 and g in self.used_groups and self.group[out] != g:
            return False
        qc, lo, hi = self.qcount, self.lo, self.hi
        for qa, qb in zip(self.tq[out], self.tq[into], strict=True):
            if qa != qb and (qc[qb] >= hi[qb] or qc[qa] <= lo[qa]):
                return False
        return True

    def swap(self, out: int, into: int) -> None:
        """Pass one seat from type `out` to type `into` (checked by can_swap)."""
        left = self.count[out] - 1
        if left:
            self.count[out] = left
        else:
            del self.count[out]
        self.count[into] = self.count.get(into, 0) + 1
        for q in self.tq[out]:
            self.qcount[q] -= 1
        for q in self.tq[into]:
            self.qcount[q] += 1
        if self.group[out] >= 0:
            self.used_groups.discard(self.group[out])
        if self.group[into] >= 0:
            self.used_groups.add(self.group[into])


def random_walk(
    walker: SwapWalker, start: Panel, rng, panels: int, steps: int, weights: list[float]
) -> list[Panel]:
    """Return distinct panels visited by a random walk of feasible swaps.

    A seat enters type t with chance proportional to weights[t]: weighting by the seats each
    type should hold on average makes the panels visited cover the types in those proportions.
    """
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    walker.load(start)
    seen, out = {start}, []
    for _ in range(panels):
        for _ in range(steps):
            seats = list(walker.count)
            a = seats[rng.randrange(len(seats))]
            b = bisect.bisect_right(cumulative, rng.random() * total)
            if b < len(cumulative) and walker.can_swap(a, b):
                walker.swap(a, b)
        panel = walker.panel()
        if panel not in seen:
            seen.add(panel)
            out.append(panel)
    return out


def cover(walker: SwapWalker, panels: list[Panel], types: int, rng, tries: int = 20) -> list[Panel]:
    """Return panels that seat the types no given panel seats, made by swaps from given panels.

    A type absent from every column has probability 0 in the master, which holds the level at 0
    until pricing happens to seat it; swapping such types into copies of known panels, as many
    per copy as the quotas allow, is far cheaper than those rounds.
    """
    seated = {t for p in panels for t, _ in p}
    missing = [t for t in range(types) if t not in seated]
    out = []
    failures = 0
    while missing and failures < tries:
        start = panels[rng.randrange(len(panels))]
        walker.load(start)
        # Seats of the copied panel may each give way once; the types swapped in stay.
        spare = [a for a, c in start for _ in range(c)]
        rng.shuffle(spare)
        left = []
        for b in missing:
            a = next((i for i, a in enumerate(spare) if walker.can_swap(a, b)), None)
            if a is None:
                left.append(b)
                continue
            walker.swap(spare.pop(a), b)
        if len(left) == len(missing):
            failures += 1
            continue
        out.append(walker.panel())
        missing = left
    return out
