"""LEXIMIN over types by column generation: raise the lowest probability, fix it, repeat."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .agent_types import TypeSpace
from .panels import Panel, PanelProgram
from .solver import INF, add_columns, add_rows, new_highs
from .swaps import SwapWalker, climb, random_walk

#: Probability tolerance: every level ends within this of its optimum.
TOLERANCE = 1e-7
#: Duals above this mark a type whose probability cannot rise any further.
FIX_DUAL = 1e-9


@dataclass
class Distribution:
    """A lottery over panels of types, with each type's per-person selection probability."""

    panels: list[Panel]
    weights: list[float]
    type_probability: list[float]
    stats: dict = field(default_factory=dict)


class Master:
    """The restricted master LP: maximise z, every free type at least z, fixed types kept."""

    def __init__(self, sizes: list[int]):
        self.sizes = sizes
        self.n = len(sizes)
        self.h = h = new_highs()
        add_columns(h, [(-1.0, 0.0, 1.0, {})])
        add_rows(h, [(0.0, INF, {0: -1.0}) for _ in range(self.n)])
        add_rows(h, [(1.0, 1.0, {})])
        self.panels: list[Panel] = []
        self.known: set[Panel] = set()

    def add(self, panels) -> int:
        """Add new panels as columns; return how many were new."""
        fresh = [p for p in panels if p not in self.known]
        if not fresh:
            return 0
        self.known.update(fresh)
        self.panels.extend(fresh)
        cols = []
        for p in fresh:
            coefs = {t: c / self.sizes[t] for t, c in p}
            coefs[self.n] = 1.0
            cols.append((0.0, 0.0, INF, coefs))
        add_columns(self.h, cols)
        return len(fresh)

    def fix(self, t: int, probability: float) -> None:
        """Hold type t at (at least) a probability found at an earlier level."""
        self.h.changeCoeff(t, 0, 0.0)
        self.h.changeRowBounds(t, max(0.0, probability), INF)

    def solve(self):
        """Solve; return (z, type duals, threshold a new panel's value must beat)."""
        h = self.h
        h.run()
        sol = h.getSolution()
        z = sol.col_value[0]
        duals = sol.row_dual
        # HiGHS minimises -z; its duals of these >= rows are non-negative (clip round-off).
        y = [max(0.0, d) for d in duals[: self.n]]
        return z, y, duals[self.n]

    def weights(self) -> list[float]:
        """Return the current lottery weights of the panels."""
        return list(self.h.getSolution().col_value[1:])


def leximin(space: TypeSpace, rng: random.Random, initial: int = 300) -> Distribution:
    """Compute a LEXIMIN distribution over panels for the types of a feasible instance."""
    sizes = space.sizes
    n = len(sizes)
    program = PanelProgram(space)
    walker = SwapWalker(space)
    stats = {"mip_calls": 0, "levels": 0, "master_solves": 0, "heuristic_columns": 0}
    bound, first = program.solve([1.0 / s for s in sizes])
    stats["mip_calls"] += 1
    if not first:
        raise ValueError("no panel meets the quotas")
    person_types = [t for t, s in enumerate(sizes) for _ in range(s)]
    k = space.instance.panel_size
    master = Master(sizes)
    master.add([first[0]])
    master.add(random_walk(walker, first[0], rng, initial, max(5, k), person_types))
    free = set(range(n))
    fixed_at = [0.0] * n
    while free:
        stats["levels"] += 1
        z, y = _raise_level(master, program, walker, sizes, stats)
        tight = [t for t in free if y[t] > FIX_DUAL]
        if not tight:
            tight = [max(free, key=lambda t: y[t])]
        for t in tight:
            fixed_at[t] = z
            master.fix(t, z)
            free.discard(t)
    master.solve()
    weights = master.weights()
    keep = [(p, w) for p, w in zip(master.panels, weights, strict=True) if w > 1e-12]
    total = sum(w for _, w in keep)
    panels = [p for p, _ in keep]
    weights = [w / total for _, w in keep]
    probability = [0.0] * n
    for p, w in zip(panels, weights, strict=True):
        for t, c in p:
            probability[t] += w * c / sizes[t]
    stats["columns"] = len(master.panels)
    return Distribution(panels, weights, probability, stats)


def _raise_level(master: Master, program: PanelProgram, walker: SwapWalker, sizes, stats):
    """Generate columns until no panel can raise the current level; return (z, duals)."""
    while True:
        z, y, conv = master.solve()
        stats["master_solves"] += 1
        threshold = -conv
        weights = [y[t] / sizes[t] for t in range(len(sizes))]
        order = sorted((t for t in range(len(sizes)) if weights[t] > 0), key=lambda t: -weights[t])
        found = _heuristic_columns(master, walker, weights, order, threshold)
        if found:
            stats["heuristic_columns"] += found
            continue
        best, panels = program.solve(weights)
        stats["mip_calls"] += 1
        improving = [p for p in panels if _value(p, weights) > threshold + TOLERANCE / 10]
        if best <= threshold + TOLERANCE or not improving:
            return z, y
        master.add(improving)
        master.add(_neighbours(walker, improving[0], weights, order, threshold))


def _value(panel: Panel, weights) -> float:
    return sum(weights[t] * c for t, c in panel)


def _heuristic_columns(master, walker, weights, order, threshold, starts: int = 8) -> int:
    """Climb from the heaviest panels in use; add those that now beat the threshold."""
    in_use = master.weights()
    ranked = sorted(range(len(in_use)), key=lambda i: -in_use[i])[:starts]
    new = []
    for i in ranked:
        panel = climb(walker, master.panels[i], weights, order, 50)
        if _value(panel, weights) > threshold + TOLERANCE:
            new.append(panel)
    return master.add(new)


def _neighbours(walker, panel, weights, order, threshold, limit: int = 20) -> list[Panel]:
    """Return improving panels one swap away from a good one."""
    walker.load(panel)
    base = _value(panel, weights)
    out = []
    seated = list(walker.count)
    for b in order[:50]:
        for a in seated:
            if base + weights[b] - weights[a] > threshold + TOLERANCE and walker.can_swap(a, b):
                walker.swap(a, b)
                out.append(walker.panel())
                walker.load(panel)
                if len(out) >= limit:
                    return out
    return out
