"""Quota-feasible panels over types: one HiGHS program, solved as an LP or as a MIP."""

from __future__ import annotations

import math

import highspy

from .agent_types import TypeSpace
from .solver import INF, add_columns, add_rows, new_highs

#: A panel over types: sorted (type, seats) pairs with seats > 0.
Panel = tuple[tuple[int, int], ...]


def panel_from_values(values) -> Panel:
    """Return the panel of an integer solution vector."""
    return tuple((t, round(v)) for t, v in enumerate(values) if v > 0.5)


def panel_rows(space: TypeSpace, bounds=None) -> list[tuple[float, float, list[int]]]:
    """Return the rows every panel meets, as (lower, upper, types counted): the panel size,
    each quota (its bounds, or `bounds` instead), and at most one per household."""
    inst = space.instance
    bounds = bounds or [(q.min, q.max) for q in inst.quotas]
    rows = [(inst.panel_size, inst.panel_size, list(range(len(space))))]
    for (lo, up), types in zip(bounds, space.types_of_quota(), strict=True):
        rows.append((lo, up, types))
    rows += [(-INF, 1.0, group) for group in space.households]
    return rows


class PanelProgram:
    """The program "choose seats per type meeting the quotas", reused across solves."""

    def __init__(self, space: TypeSpace, bounds=None, integer=True, time_limit=None):
        self.space = space
        self.integer = integer
        self.h = h = new_highs(time_limit)
        sizes = space.sizes
        add_columns(h, [(0.0, 0.0, float(s), {}) for s in sizes])
        if integer:
            h.setOptionValue("mip_improving_solution_save", True)
            kind = [highspy.HighsVarType.kInteger] * len(sizes)
            h.changeColsIntegrality(len(sizes), list(range(len(sizes))), kind)
        else:
            # Pricing changes the costs, so the old basis is far from optimal anyway; dual
            # simplex needs about a third of primal's iterations on these small programs.
            h.setOptionValue("simplex_strategy", 1)
        rows = panel_rows(space, bounds)
        add_rows(h, [(lo, up, dict.fromkeys(types, 1.0)) for lo, up, types in rows])
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.row_bounds = [(lo, up) for lo, up, _ in rows]
        #: Per type: the rows it counts in.
        self.rows_of = [[] for _ in sizes]
        for r, (_lo, _up, types) in enumerate(rows):
            for t in types:
                self.rows_of[t].append(r)

    def solve(self, weights, cutoff=None):
        """Maximise the weighted seats; return (upper bound, panels better than cutoff, best first)."""
        h = self.h
        n = len(weights)
        h.changeColsCost(n, list(range(n)), list(weights))
        h.run()
        status = h.modelStatusToString(h.getModelStatus())
        if not self.integer:
            return self._relaxed(status, cutoff)
        info = h.getInfo()
        if status == "Infeasible":
            return -INF, []
        found = []
        for sol in h.getSavedMipSolutions():
            found.append((sol.objective, panel_from_values(sol.col_value)))
        if info.primal_solution_status >= 2:
            found.append(
                (info.objective_function_value, panel_from_values(h.getSolution().col_value))
            )
        bound = info.mip_dual_bound
        if status != "Optimal" and status != "Time limit reached":
            bound = max([v for v, _ in found], default=bound)
        best = {}
        for value, panel in found:
            if cutoff is None or value > cutoff:
                best[panel] = value
        ordered = sorted(best, key=lambda p: -best[p])
        return bound, ordered

    def solve_within(self, weights, allowed):
        """Solve with seats allowed only for the given types: a small, quick program."""
        n = len(self.space)
        sizes = self.space.sizes
        upper = [0.0] * n
        for t in allowed:
            upper[t] = float(sizes[t])
        self.h.changeColsBounds(n, list(range(n)), [0.0] * n, upper)
        try:
            return self.solve(weights)
        finally:
            self.h.changeColsBounds(n, list(range(n)), [0.0] * n, [float(s) for s in sizes])

    def round_vertex(self, weights, node_limit: int = 2000) -> list[Panel]:
        """Round the last LP optimum to a panel between its floors and ceilings, if one is found.

        A vertex has at most one fractional type per row, so a depth-first search over which
        of those few types round up (heaviest first, pruned on every row they count in) finds
        a panel in far less time than even a tiny MIP takes to set up.
        """
        x, activity = self.last_x, self.last_rows
        frac = [t for t, v in enumerate(x) if abs(v - round(v)) > 1e-7]
        if not frac:
            return [panel_from_values(x)]
        frac.sort(key=lambda t: -weights[t])
        floor = {t: math.floor(x[t]) for t in frac}
        # Per row it touches: seats still allowed above the held ones, and undecided types left.
        low, high, left = {}, {}, {}
        for t in frac:
            for r in self.rows_of[t]:
                left[r] = left.get(r, 0) + 1
        for r in left:
            held = activity[r] - sum(x[t] - floor[t] for t in frac if r in self.rows_of[t])
            lo, up = self.row_bounds[r]
            low[r], high[r] = lo - held - 1e-6, up - held + 1e-6
        chosen: list[int] = []
        nodes = 0

        def search(i: int) -> bool:
            nonlocal nodes
            nodes += 1
            if i == len(frac):
                return True
            if nodes > node_limit:
                return False
            t = frac[i]
            rows = self.rows_of[t]
            for r in rows:
                left[r] -= 1
            for up in (1, 0):
                if all(high[r] >= up and low[r] <= up + left[r] for r in rows):
                    for r in rows:
                        low[r] -= up
                        high[r] -= up
                    chosen.append(up)
                    if search(i + 1):
                        return True
                    chosen.pop()
                    for r in rows:
                        low[r] += up
                        high[r] += up
            for r in rows:
                left[r] += 1
            return False

        if not search(0):
            return []
        values = [round(v) for v in x]
        for t, up in zip(frac, chosen, strict=True):
            values[t] = floor[t] + up
        return [panel_from_values(values)]

    def _relaxed(self, status, cutoff):
        """Return the LP bound, and the solution when it happens to be integral."""
        if status != "Optimal":
            return -INF, []
        h = self.h
        bound = h.getInfo().objective_function_value
        sol = h.getSolution()
        self.last_x = x = sol.col_value
        self.last_rows = sol.row_value
        if cutoff is not None and bound <= cutoff:
            return bound, []
        if any(abs(v - round(v)) > 1e-7 for v in x):
            return bound, []
        return bound, [panel_from_values(x)]
