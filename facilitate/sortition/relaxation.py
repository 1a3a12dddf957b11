"""LEXIMIN over the LP relaxation: an upper bound on every level, and usually the answer.

Every lottery over panels has marginals inside the relaxed polytope Q = {expected seats per type
meeting the quotas fractionally}, so the LEXIMIN point of Q is at least as good, level by level,
as any lottery. When column generation reaches a level of Q, no pricing MIP needs to prove it.
"""

from __future__ import annotations

from .agent_types import TypeSpace
from .panels import panel_rows
from .solver import INF, add_columns, add_rows, new_highs

#: A reduced cost beyond this marks a type whose probability cannot rise in any optimum.
TIGHT_DUAL = 1e-9
#: How far below its level a fixed type's probability may fall, as room for round-off.
LEVEL_SLACK = 1e-10


def relaxed_leximin(space: TypeSpace) -> tuple[list[float], list[float]]:
    """Return each type's per-person probability at the LEXIMIN point of the relaxation, and
    the first level's duals, scaled as the master's (one per type, summing to 1).

    When the lottery's minimum equals the relaxation's, those duals are optimal for the
    master's first level too: a good centre to stabilise its pricing around.
    """
    sizes = space.sizes
    n = len(sizes)
    # A free type's seats are size * z + d (d >= 0, the seats above the level z): one column
    # each, and no row per type, so each level is an LP with one row per quota.
    rows = panel_rows(space)
    groups = [types for _lo, _up, types in rows]
    h = new_highs()
    add_columns(h, [(0.0, 0.0, float(s), {}) for s in sizes])
    add_rows(h, [(lo, up, dict.fromkeys(types, 1.0)) for lo, up, types in rows])
    z_col = n
    add_columns(
        h, [(-1.0, 0.0, 1.0, {r: float(sum(sizes[t] for t in g)) for r, g in enumerate(groups)})]
    )
    rows_of = [[] for _ in range(n)]
    for r, g in enumerate(groups):
        for t in g:
            rows_of[t].append(r)
    z_coef = [float(sum(sizes[t] for t in g)) for g in groups]
    probability = [0.0] * n
    free = set(range(n))
    capped: dict[int, int] = {}
    centre = None
    while free:
        h.run()
        if h.modelStatusToString(h.getModelStatus()) != "Optimal":
            break
        sol = h.getSolution()
        # Each read of a solution field copies the whole vector: read once.
        above = sol.col_value
        z = above[z_col]
        # A type above probability 1 needs its row "size * z + d <= size", added when seen.
        over = [t for t in free - capped.keys() if z + above[t] / sizes[t] > 1.0 + 1e-9]
        if over:
            first = h.getNumRow()
            add_rows(h, [(-INF, float(sizes[t]), {t: 1.0, z_col: float(sizes[t])}) for t in over])
            capped.update((t, first + i) for i, t in enumerate(over))
            continue
        cost = sol.col_dual
        if centre is None:
            # The reduced cost of d is the dual of "seats >= size * z" in the row form.
            centre = [abs(cost[t]) * sizes[t] for t in range(n)]
        if z >= 1.0 - TIGHT_DUAL:
            tight = list(free)
        else:
            # A variable at its bound with a non-zero reduced cost stays there in every optimum
            # (complementary slackness): those types cannot rise above z.
            tight = [t for t in free if abs(cost[t]) > TIGHT_DUAL]
            if not tight:
                break
        for t in tight:
            probability[t] = min(z, 1.0)
            free.discard(t)
            # From now on the column holds the type's seats, at least its level (a hair low:
            # thousands of types each over by the solver's tolerance would add up to an
            # infeasible program), and z no longer lifts them.
            h.changeColBounds(t, max(0.0, z - LEVEL_SLACK) * sizes[t], float(sizes[t]))
            for r in rows_of[t]:
                z_coef[r] -= sizes[t]
            if t in capped:
                h.changeCoeff(capped[t], z_col, 0.0)
        for r, coef in enumerate(z_coef):
            h.changeCoeff(r, z_col, max(0.0, coef))
    # Round-off may stop a late level: 1 is a weaker bound, but still a bound.
    for t in free:
        probability[t] = 1.0
    return probability, centre or [0.0] * n
