"""Round a distribution to a uniform lottery over m published panels, losing little fairness."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from .agent_types import TypeSpace
from .leximin import Distribution
from .panels import Panel
from .solver import INF, add_columns, add_rows, new_highs


@dataclass
class Lottery:
    """m equally likely panels of person indices, and how far they stray from the targets."""

    panels: list[list[int]]
    #: Per person (instance order): the share of the m panels they sit on.
    marginals: list[float]
    max_deviation: float
    #: No lottery of m equally likely panels, rounded from any distribution, strays less:
    #: a person sits on a whole number of panels, so their share is a multiple of 1/m.
    lower_bound: float = 0.0


def round_distribution(dist: Distribution, space: TypeSpace, m: int, rng: random.Random) -> Lottery:
    """Return a uniform lottery over m panels whose marginals stay close to the distribution's."""
    copies = _copies(dist, space, m)
    type_panels = [p for p, c in zip(dist.panels, copies, strict=True) for _ in range(c)]
    panels = _people(type_panels, space, rng)
    counts = [0] * len(space.instance.people)
    for panel in panels:
        for i in panel:
            counts[i] += 1
    marginals = [c / m for c in counts]
    deviation = 0.0
    for t, members in enumerate(space.members):
        target = dist.type_probability[t]
        for i in members:
            deviation = max(deviation, abs(marginals[i] - target))
    lower_bound = max((abs(p * m - round(p * m)) / m for p in dist.type_probability), default=0.0)
    return Lottery(panels, marginals, deviation, lower_bound)


def _copies(dist: Distribution, space: TypeSpace, m: int) -> list[int]:
    """Return how many of the m panels copy each panel of the support (an integer program)."""
    base = [math.floor(w * m) for w in dist.weights]
    left = m - sum(base)
    if left == 0:
        return base
    sizes = space.sizes
    n_types, n_panels = len(sizes), len(dist.panels)
    h = new_highs()
    # Columns: one "one more copy" share per panel, then the largest deviation (in people's
    # probability) which the program minimises. The integer version is slow to prove; its LP
    # relaxation has few fractional shares, and taking the largest of them loses little.
    add_columns(
        h, [(0.0, 0.0, 1.0 if dist.weights[j] * m > base[j] else 0.0, {}) for j in range(n_panels)]
    )
    add_columns(h, [(1.0, 0.0, INF, {})])
    dev = n_panels
    rows = [(left, left, dict.fromkeys(range(n_panels), 1.0))]
    touching: list[dict[int, float]] = [{} for _ in range(n_types)]
    fixed = [0.0] * n_types
    for j, panel in enumerate(dist.panels):
        for t, c in panel:
            share = c / (sizes[t] * m)
            touching[t][j] = share
            fixed[t] += base[j] * share
    for t in range(n_types):
        if not touching[t]:
            continue
        gap = dist.type_probability[t] - fixed[t]
        rows.append((gap, INF, {**touching[t], dev: 1.0}))
        rows.append((-INF, gap, {**touching[t], dev: -1.0}))
    add_rows(h, rows)
    h.run()
    if h.getInfo().primal_solution_status >= 2:
        share = h.getSolution().col_value[:n_panels]
    else:
        share = [dist.weights[j] * m - base[j] for j in range(n_panels)]
    order = sorted(range(n_panels), key=lambda j: (-share[j], j))
    extra = set(order[:left])
    copies = [b + (j in extra) for j, b in enumerate(base)]
    return _polish(copies, dist, sizes, m)


def _polish(copies: list[int], dist: Distribution, sizes, m: int, steps: int = 200) -> list[int]:
    """Move single copies between panels while that lowers the largest deviation."""
    n_types = len(sizes)
    # Deviation per type, in people's probability, and which panels seat each type.
    dev = [-p for p in dist.type_probability]
    seats_of: list[list[int]] = [[] for _ in range(n_types)]
    for j, panel in enumerate(dist.panels):
        for t, c in panel:
            dev[t] += copies[j] * c / (sizes[t] * m)
            seats_of[t].append(j)
    surplus = [copies[j] - w * m for j, w in enumerate(dist.weights)]
    for _ in range(steps):
        ranked = sorted(range(n_types), key=lambda t: -abs(dev[t]))[:4]
        worst = ranked[0]
        current = abs(dev[worst])
        holding = set(seats_of[worst])
        if dev[worst] > 0:
            outs = sorted((j for j in holding if copies[j] > 0), key=lambda j: -surplus[j])[:15]
            ins = sorted(
                (j for j in range(len(copies)) if j not in holding), key=lambda j: surplus[j]
            )[:15]
        else:
            outs = sorted(
                (j for j in range(len(copies)) if j not in holding and copies[j] > 0),
                key=lambda j: -surplus[j],
            )[:15]
            ins = sorted(holding, key=lambda j: surplus[j])[:15]
        best, move = current, None
        for a in outs:
            for b in ins:
                change = {}
                for t, c in dist.panels[a]:
                    change[t] = change.get(t, 0.0) - c / (sizes[t] * m)
                for t, c in dist.panels[b]:
                    change[t] = change.get(t, 0.0) + c / (sizes[t] * m)
                rest = next((abs(dev[t]) for t in ranked if t not in change), None)
                if rest is None:
                    rest = max(
                        (abs(dev[t]) for t in range(n_types) if t not in change), default=0.0
                    )
                worst_after = max(rest, max(abs(dev[t] + d) for t, d in change.items()))
                if worst_after < best - 1e-12:
                    best, move = worst_after, (a, b, change)
        if move is None:
            break
        a, b, change = move
        copies[a] -= 1
        copies[b] += 1
        surplus[a] -= 1
        surplus[b] += 1
        for t, d in change.items():
            dev[t] += d
    return copies


def _people(type_panels: list[Panel], space: TypeSpace, rng: random.Random) -> list[list[int]]:
    """Fill each panel's seats per type by cycling through the type's members in random order."""
    order = []
    for members in space.members:
        shuffled = list(members)
        rng.shuffle(shuffled)
        order.append(shuffled)
    cursor = [0] * len(space)
    out = []
    for panel in type_panels:
        seats = []
        for t, c in panel:
            members, start = order[t], cursor[t]
            for i in range(c):
                seats.append(members[(start + i) % len(members)])
            cursor[t] = (start + c) % len(members)
        out.append(sorted(seats))
    return out
