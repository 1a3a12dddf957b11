"""Quota-feasible panels over types: one HiGHS program, solved as an LP or as a MIP."""

from __future__ import annotations

import highspy

from .agent_types import TypeSpace
from .solver import INF, add_columns, add_rows, new_highs

#: A panel over types: sorted (type, seats) pairs with seats > 0.
Panel = tuple[tuple[int, int], ...]


def panel_from_values(values) -> Panel:
    """Return the panel of an integer solution vector."""
    return tuple((t, round(v)) for t, v in enumerate(values) if v > 0.5)


class PanelProgram:
    """The program "choose seats per type meeting the quotas", reused across solves."""

    def __init__(self, space: TypeSpace, bounds=None, integer=True, time_limit=None):
        inst = space.instance
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
        bounds = bounds or [(q.min, q.max) for q in inst.quotas]
        rows = [(inst.panel_size, inst.panel_size, dict.fromkeys(range(len(sizes)), 1.0))]
        for q, ts in enumerate(space.types_of_quota()):
            rows.append((bounds[q][0], bounds[q][1], dict.fromkeys(ts, 1.0)))
        for group in space.households:
            rows.append((-INF, 1.0, dict.fromkeys(group, 1.0)))
        add_rows(h, rows)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)

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

    def _relaxed(self, status, cutoff):
        """Return the LP bound, and the solution when it happens to be integral."""
        if status != "Optimal":
            return -INF, []
        h = self.h
        bound = h.getInfo().objective_function_value
        self.last_x = x = h.getSolution().col_value
        if cutoff is not None and bound <= cutoff:
            return bound, []
        if any(abs(v - round(v)) > 1e-7 for v in x):
            return bound, []
        return bound, [panel_from_values(x)]
