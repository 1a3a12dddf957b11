"""LEXIMIN over types by column generation: raise the lowest probability, fix it, repeat.

The master LP chooses weights for known panels; pricing looks for a panel worth more than the
master's duals allow. Pricing tries the LP relaxation first (exact whenever its optimum is
integral, and a valid bound always), perturbed LPs whose fractional vertices are rounded to
panels, a small MIP over the types those LPs used, and the full MIP only when all else finds
nothing. The LEXIMIN point of the relaxation (relaxation.py) tells each level where to stop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .agent_types import TypeSpace
from .panels import Panel, PanelProgram
from .relaxation import relaxed_leximin
from .solver import INF, add_columns, add_rows, new_highs
from .swaps import SwapWalker, cover, random_walk

#: Probability tolerance: every level ends within this of its optimum.
TOLERANCE = 1e-7
#: Duals above this mark a type whose probability cannot rise any further.
FIX_DUAL = 1e-9
#: Types whose relaxed probabilities differ by less than this share a level.
BOUND_MATCH = 1e-9


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
        # Added columns keep the basis primal feasible, so primal simplex restarts cheaply.
        h.setOptionValue("simplex_strategy", 4)
        # Devex pricing: on this small, degenerate LP steepest edge costs more than it saves.
        h.setOptionValue("simplex_primal_edge_weight_strategy", 1)
        add_columns(h, [(-1.0, 0.0, 1.0, {})])
        add_rows(h, [(0.0, INF, {0: -1.0}) for _ in range(self.n)])
        add_rows(h, [(1.0, 1.0, {})])
        self.panels: list[Panel] = []
        self.known: set[Panel] = set()
        self.fixed: dict[int, float] = {}

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
        self.fixed[t] = probability
        self.h.changeCoeff(t, 0, 0.0)
        # A hair below the level found, so round-off cannot make the next level infeasible.
        self.h.changeRowBounds(t, max(0.0, probability - 1e-10), INF)

    def bound(self, y, priced: float) -> float:
        """Return the upper bound on this level that duals y prove, given their best panel value."""
        return priced - sum(y[t] * p for t, p in self.fixed.items())

    def solve(self):
        """Solve; return (z, type duals, dual of the "weights sum to 1" row)."""
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

    def purge(self, keep: int) -> None:
        """Drop unused panels with the worst reduced costs, keeping at most `keep` unused ones."""
        sol = self.h.getSolution()
        used = sol.col_value[1:]
        cost = sol.col_dual[1:]
        idle = sorted((i for i, w in enumerate(used) if w <= 0.0), key=lambda i: cost[i])
        drop = sorted(idle[keep:])
        if not drop:
            return
        self.h.deleteCols(len(drop), [i + 1 for i in drop])
        gone = set(drop)
        for i in drop:
            self.known.discard(self.panels[i])
        self.panels = [p for i, p in enumerate(self.panels) if i not in gone]


def leximin(
    space: TypeSpace, rng: random.Random, initial: int = 100, rounds_after_first: int = 10
) -> Distribution:
    """Compute a LEXIMIN distribution over panels for the types of a feasible instance.

    The LEXIMIN point of the LP relaxation bounds every level from above, so a level ends as
    soon as column generation reaches its bound; otherwise pricing proves the level's optimum.
    The first level (the minimum probability) is always exact. Later levels share a budget of
    pricing rounds (a count, not a time, so that reruns repeat); once it is spent, the types
    still free keep the probabilities they have reached, and `leximin_exact` says so.
    """
    sizes = space.sizes
    n = len(sizes)
    pricer = Pricer(space, rng)
    first = pricer.exact([1.0 / s for s in sizes])[1]
    if not first:
        raise ValueError("no panel meets the quotas")
    bound, centre = relaxed_leximin(space)
    k = space.instance.panel_size
    master = Master(sizes)
    master.add([first[0]])
    expected = [b * s for b, s in zip(bound, sizes, strict=True)]
    master.add(random_walk(pricer.walker, first[0], rng, initial, max(5, k), expected))
    master.add(cover(pricer.walker, master.panels, n, rng))
    free = set(range(n))
    levels, proven, minimum, bounded = 0, 0, None, True
    while free:
        levels += 1
        target = min(bound[t] for t in free) if bounded else None
        budget = None if minimum is None else rounds_after_first
        before = pricer.stats["rounds"]
        # The relaxation's first-level duals are optimal for the master too when the
        # minimum matches: they steady the first level's pricing from the start.
        start = centre if minimum is None else None
        z, y, done, reached = _raise_level(master, pricer, budget, target, start)
        # Keep this level's lottery: re-solving after the last fix could drift by round-off.
        snapshot = list(zip(master.panels, master.weights(), strict=True))
        if minimum is None:
            minimum = z
        else:
            rounds_after_first -= pricer.stats["rounds"] - before
        if not done:
            # The budget is spent: the types still free keep what this level gave them.
            break
        if reached:
            # The relaxation's level is reached, so it is optimal: its types stop here.
            tight = [t for t in free if bound[t] <= target + BOUND_MATCH]
            z = min(z, target)
        else:
            # Below the relaxation: later bounds no longer apply once this level is fixed.
            bounded = False
            tight = [t for t in free if y[t] > FIX_DUAL] or [max(free, key=lambda t: y[t])]
        proven += 1
        if z >= 1.0 - TOLERANCE:
            tight = list(free)
        for t in tight:
            master.fix(t, z)
            free.discard(t)
        master.purge(n)
    keep = [(p, w) for p, w in snapshot if w > 1e-12]
    total = sum(w for _, w in keep)
    panels = [p for p, _ in keep]
    weights = [w / total for _, w in keep]
    probability = [0.0] * n
    for p, w in zip(panels, weights, strict=True):
        for t, c in p:
            probability[t] += w * c / sizes[t]
    stats = dict(
        pricer.stats,
        levels=levels,
        levels_exact=proven,
        columns=len(master.panels),
        leximin_exact=proven == levels,
        maximin=minimum,
        maximin_bound=min(bound),
    )
    return Distribution(panels, weights, probability, stats)


class Pricer:
    """Find panels worth more than the master's threshold: LP first, MIP when it must."""

    def __init__(self, space: TypeSpace, rng: random.Random):
        self.sizes = space.sizes
        self.rng = rng
        self.lp = PanelProgram(space, integer=False)
        self.mip = PanelProgram(space)
        self.walker = SwapWalker(space)
        self.stats = {
            "lp_calls": 0,
            "mip_calls": 0,
            "small_mip_calls": 0,
            "rounds": 0,
            "roundings": 0,
        }
        #: Types with seats in the LP optima of the last batch.
        self.support: set[int] = set()
        #: How many perturbed LPs a batch tries now.
        self.tries = 8

    def exact(self, weights):
        """Return (optimum, best panels) of the integer pricing problem."""
        self.stats["mip_calls"] += 1
        return self.mip.solve(weights)

    def relaxed(self, weights):
        """Return (LP bound, [panel] if the LP optimum is integral, else a rounding of it)."""
        self.stats["lp_calls"] += 1
        bound, panels = self.lp.solve(weights)
        if not panels and bound > -INF:
            # A fractional vertex is a few types away from a panel: a cheap column to try.
            self.stats["roundings"] += 1
            panels = self.lp.round_vertex(weights)
        return bound, panels

    def batch(self, weights, perturbations: int):
        """Return the LP bound at `weights` and integral panels found near them."""
        bound, panels = self.relaxed(weights)
        self.support = {t for t, v in enumerate(self.lp.last_x) if v > 1e-9}
        rng = self.rng
        found = 0
        # With many types the perturbed LP optima are mostly fractional: try fewer of them
        # while they yield nothing, more again once they do.
        for _ in range(min(perturbations, self.tries)):
            more = self.relaxed([w * (0.5 + rng.random()) for w in weights])[1]
            found += len(more)
            panels += more
            self.support.update(t for t, v in enumerate(self.lp.last_x) if v > 1e-9)
        self.tries = min(perturbations, self.tries * 2) if found else max(1, self.tries // 2)
        return bound, panels

    def within_support(self, weights):
        """Return integer panels using only types the last LPs seated (no bound proved)."""
        self.stats["small_mip_calls"] += 1
        return self.mip.solve_within(weights, sorted(self.support))[1]


def _raise_level(
    master: Master,
    pricer: Pricer,
    budget: int | None,
    target: float | None = None,
    centre: list[float] | None = None,
    perturbations: int = 8,
    smooth: float = 0.5,
):
    """Add columns until the level reaches `target` (an upper bound) or no panel can raise it.

    Return (z, duals, proven, reached): `proven` when the level is optimal, `reached` when it
    met the target; with the budget spent, the level is the best over the panels known.
    """
    sizes = pricer.sizes
    n = len(sizes)
    center, best = centre, INF if centre is None or target is None else target
    while True:
        z, y, conv = master.solve()
        if target is not None and z >= target - TOLERANCE:
            return z, y, True, True
        if budget is not None:
            if budget <= 0:
                return z, y, False, False
            budget -= 1
        pricer.stats["rounds"] += 1
        if budget is not None and len(master.panels) > 2 * n + 100:
            # Later levels run on a budget, so a dropped column found again costs a round at
            # worst; a smaller master makes every round faster.
            master.purge(n)
        elif len(master.panels) > 8 * n + 1000:
            # A safety valve for memory only: dropping columns mid-level can make it cycle.
            master.purge(4 * n)
        threshold = -conv
        actual = [y[t] / sizes[t] for t in range(n)]
        improving = []
        if center is not None:
            # Price at a point between the best duals so far and the current ones (Wentges
            # smoothing): the current duals jump between extremes and cause a long tail.
            point = [smooth * c + (1 - smooth) * v for c, v in zip(center, y, strict=True)]
            bound, panels = pricer.batch([point[t] / sizes[t] for t in range(n)], perturbations)
            value = master.bound(point, bound)
            if value < best:
                center, best = point, value
            improving = [p for p in panels if _value(p, actual) > threshold + TOLERANCE / 10]
        if not improving:
            bound, panels = pricer.batch(actual, perturbations)
            value = master.bound(y, bound)
            if value < best:
                center, best = y, value
            if bound <= threshold + TOLERANCE:
                return z, y, True, False
            improving = [p for p in panels if _value(p, actual) > threshold + TOLERANCE / 10]
        if not improving and len(pricer.support) < n:
            # The LP optima were fractional: an integer program over the types they use is
            # far smaller than the full one, and usually finds an improving panel.
            panels = pricer.within_support(actual)
            improving = [p for p in panels if _value(p, actual) > threshold + TOLERANCE / 10]
        if not improving:
            bound, panels = pricer.exact(actual)
            improving = [p for p in panels if _value(p, actual) > threshold + TOLERANCE / 10]
            if bound <= threshold + TOLERANCE or not improving:
                return z, y, True, False
        order = sorted((t for t in range(n) if actual[t] > 0), key=lambda t: -actual[t])
        improving += _neighbours(pricer.walker, improving[0], actual, order, threshold)
        master.add(improving)


def _value(panel: Panel, weights) -> float:
    return sum(weights[t] * c for t, c in panel)


def _neighbours(walker, panel, weights, order, threshold, limit: int = 10) -> list[Panel]:
    """Return improving panels one swap away from a good one."""
    walker.load(panel)
    base = _value(panel, weights)
    out = []
    seated = list(walker.count)
    for b in order[: max(30, limit)]:
        for a in seated:
            if base + weights[b] - weights[a] > threshold + TOLERANCE and walker.can_swap(a, b):
                walker.swap(a, b)
                out.append(walker.panel())
                walker.load(panel)
                if len(out) >= limit:
                    return out
    return out
