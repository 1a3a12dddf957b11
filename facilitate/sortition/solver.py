"""HiGHS set up the same way everywhere: silent, one thread, fixed seed, so runs repeat exactly."""

from __future__ import annotations

import highspy

INF = highspy.kHighsInf
SOLVER_NAME = "HiGHS (highspy)"


def solver_version() -> str:
    """Return the HiGHS version string."""
    h = new_highs()
    return f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


def new_highs(time_limit: float | None = None):
    """Return an empty, silent, deterministic HiGHS model."""
    # The wrapper class prints a banner on stdout and routes callbacks through Python; the
    # base class does neither, which keeps the CLI's stdout clean and the solves fast.
    h = highspy.highs._Highs()
    for name, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", 1e-9),
        ("mip_abs_gap", 1e-10),
        ("primal_feasibility_tolerance", 1e-9),
        ("dual_feasibility_tolerance", 1e-9),
    ):
        h.setOptionValue(name, value)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    return h


def add_rows(h, rows) -> None:
    """Add rows given as (lower, upper, {column: coefficient})."""
    if not rows:
        return
    lower, upper, starts, index, value = [], [], [], [], []
    for lo, up, coefs in rows:
        lower.append(lo)
        upper.append(up)
        starts.append(len(index))
        for col, coef in coefs.items():
            index.append(col)
            value.append(coef)
    h.addRows(len(rows), lower, upper, len(index), starts, index, value)


def add_columns(h, columns) -> None:
    """Add columns given as (cost, lower, upper, {row: coefficient})."""
    if not columns:
        return
    cost, lower, upper, starts, index, value = [], [], [], [], [], []
    for c, lo, up, coefs in columns:
        cost.append(c)
        lower.append(lo)
        upper.append(up)
        starts.append(len(index))
        for row, coef in coefs.items():
            index.append(row)
            value.append(coef)
    h.addCols(len(columns), cost, lower, upper, len(index), starts, index, value)
