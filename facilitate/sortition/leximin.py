"""LEXIMIN over types by column generation: reach the relaxation's point, or go level by level.

The master LP chooses weights for known panels; pricing (pricing.py) looks for a panel worth
more than the master's duals allow. The LEXIMIN point of the LP relaxation (relaxation.py)
bounds every level: a lottery that reaches it proves all levels at once; otherwise each level
is raised, proven by that bound or by pricing, and its tight types are fixed.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from .agent_types import TypeSpace
from .decompose import walk
from .panels import Panel
from .pricing import Pricer
from .relaxation import relaxed_leximin
from .solver import INF, add_columns, add_rows, new_highs
from .swaps import cover, random_walk

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
        #: Index of the first panel column.
        self.first = self._open()
        self.panels: list[Panel] = []
        self.known: set[Panel] = set()
        self.fixed: dict[int, float] = {}

    def _open(self) -> int:
        """Add the level column z, a row per type and the convexity row; return columns used."""
        add_columns(self.h, [(-1.0, 0.0, 1.0, {})])
        add_rows(self.h, [(0.0, INF, {0: -1.0}) for _ in range(self.n)])
        add_rows(self.h, [(1.0, 1.0, {})])
        return 1

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
        return list(self.h.getSolution().col_value[self.first :])

    def purge(self, keep: int) -> None:
        """Drop unused panels with the worst reduced costs, keeping at most `keep` unused ones."""
        sol = self.h.getSolution()
        used = sol.col_value[self.first :]
        cost = sol.col_dual[self.first :]
        idle = sorted((i for i, w in enumerate(used) if w <= 0.0), key=lambda i: cost[i])
        drop = sorted(idle[keep:])
        if not drop:
            return
        self.h.deleteCols(len(drop), [i + self.first for i in drop])
        gone = set(drop)
        for i in drop:
            self.known.discard(self.panels[i])
        self.panels = [p for i, p in enumerate(self.panels) if i not in gone]


def leximin(
    space: TypeSpace,
    rng: random.Random,
    initial: int = 100,
    round_budget: int | None = None,
    walk_steps: int | None = None,
) -> Distribution:
    """Compute a LEXIMIN distribution over panels for the types of a feasible instance.

    The LEXIMIN point of the LP relaxation is, level by level, at least as good as any lottery;
    so a lottery whose marginals reach it is LEXIMIN-optimal at every level at once, and one
    column generation (`_reach_point`) looks for it first. Where the quotas keep a lottery below
    that point, levels are raised one at a time and each is proven by pricing. A budget of
    pricing rounds (a count, not a time, so that reruns repeat) is only a safety net: the first
    level is always exact, and `budget_spent` says whether the net was ever used. Before any
    pricing, a walk through the point's faces (decompose.py, at most `walk_steps` panels)
    usually splits it into panels outright.
    """
    sizes = space.sizes
    n = len(sizes)
    # 300 rounds cover every instance of the benchmark that reaches its point; on the hardest
    # pools they bound the extra time to minutes, where 2 per type would take an hour.
    budget = round_budget if round_budget is not None else min(2 * n + 500, 300)
    pricer = Pricer(space, rng)
    first = pricer.exact([1.0 / s for s in sizes])[1]
    if not first:
        raise ValueError("no panel meets the quotas")
    bound, centre = relaxed_leximin(space)
    bound_levels = _count_levels(bound)
    k = space.instance.panel_size
    expected = [b * s for b, s in zip(bound, sizes, strict=True)]
    seeds = [first[0]]
    seeds += random_walk(pricer.walker, first[0], rng, initial, max(5, k), expected)
    seeds += cover(pricer.walker, seeds, n, rng)
    stats = {"levels_relaxed": bound_levels, "budget_spent": False}
    reached = None
    if abs(sum(expected) - k) < 1e-6:
        # Walk the point's faces first: usually it splits into panels outright, and the
        # master's first solve proves every level; where it stops, its panels still help.
        steps = n + 50 if walk_steps is None else walk_steps
        split, left = walk(space, expected, first[0], rng, steps)
        seeds += [p for p, _ in split]
        stats.update(walk_panels=len(split), walk_left=left)
        reached, snapshot, seeds, used, done = _reach_point(pricer, sizes, bound, seeds, budget)
        budget -= used
        stats["budget_spent"] = not done
    if reached:
        levels = proven = bound_levels
        minimum = None
        columns = len(snapshot)
    else:
        snapshot, minimum, levels, proven, columns, spent = _level_by_level(
            pricer, sizes, bound, centre, seeds, budget
        )
        stats["budget_spent"] = stats["budget_spent"] or spent
    keep = [(p, w) for p, w in snapshot if w > 1e-12]
    total = sum(w for _, w in keep)
    panels = [p for p, _ in keep]
    weights = [w / total for _, w in keep]
    probability = [0.0] * n
    for p, w in zip(panels, weights, strict=True):
        for t, c in p:
            probability[t] += w * c / sizes[t]
    if minimum is None:
        minimum = min(probability)
    stats.update(
        pricer.stats,
        levels=levels,
        levels_exact=proven,
        columns=columns,
        leximin_exact=proven == levels,
        relaxation_reached=bool(reached),
        maximin=minimum,
        maximin_bound=min(bound),
    )
    return Distribution(panels, weights, probability, stats)


def _reach_point(pricer: Pricer, sizes, bound, seeds, budget: int):
    """Look for a lottery whose marginals reach the relaxation's LEXIMIN point `bound`.

    The master maximises the least ratio of a type's probability to its bound; a ratio of 1
    (within the tolerance) proves every level at once. Return (reached, weighted panels,
    all panels found, pricing rounds used, whether the search ended within the budget).
    """
    # Scaled sizes turn "probability >= z" into "probability >= z * bound".
    master = Master([s * b if b >= BOUND_MATCH else s for s, b in zip(sizes, bound, strict=True)])
    for t, b in enumerate(bound):
        if b < BOUND_MATCH:
            # Nobody of this type can sit at the relaxation's point: no share to reach.
            master.fix(t, 0.0)
    master.add(seeds)
    before = pricer.stats["rounds"]
    z, _y, done, _ = _raise_level(master, pricer, budget, 1.0)
    used = pricer.stats["rounds"] - before
    reached = z >= 1.0 - TOLERANCE
    snapshot = list(zip(master.panels, master.weights(), strict=True))
    return reached, snapshot, master.panels, used, done or reached


def _count_levels(bound) -> int:
    """Return how many distinct levels the relaxation's LEXIMIN point has."""
    values = sorted(bound)
    return 1 + sum(1 for a, b in itertools.pairwise(values) if b - a > BOUND_MATCH)


def _level_by_level(pricer: Pricer, sizes, bound, centre, seeds, budget: int):
    """Raise the lowest probability, fix it, repeat; return the last lottery and its record.

    Return (weighted panels, minimum, levels, levels proven, columns, budget spent).
    """
    n = len(sizes)
    master = Master(sizes)
    master.add(seeds)
    free = set(range(n))
    levels, proven, minimum, bounded, spent = 0, 0, None, True, False
    while free:
        levels += 1
        target = min(bound[t] for t in free) if bounded else None
        before = pricer.stats["rounds"]
        # The relaxation's first-level duals are optimal for the master too when the
        # minimum matches: they steady the first level's pricing from the start.
        start = centre if minimum is None else None
        # The first level is always proven; later ones stop if the safety net is spent.
        z, y, done, reached = _raise_level(
            master, pricer, None if minimum is None else max(budget, 0), target, start
        )
        budget -= pricer.stats["rounds"] - before
        # Keep this level's lottery: re-solving after the last fix could drift by round-off.
        snapshot = list(zip(master.panels, master.weights(), strict=True))
        if minimum is None:
            minimum = z
        if not done:
            # The safety net is spent: the types still free keep what this level gave them.
            spent = True
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
    return snapshot, minimum, levels, proven, len(master.panels), spent


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
    sizes = master.sizes
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
        if len(master.panels) > 8 * n + 1000:
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
