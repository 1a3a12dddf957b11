"""Decide whether any panel meets the quotas; if none does, say why and how little to relax."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

import highspy

from .agent_types import TypeSpace, build_types
from .model import Instance
from .panels import PanelProgram
from .solver import INF, add_columns, add_rows, new_highs


@dataclass(frozen=True)
class Relaxation:
    """One quota changed so that a panel exists."""

    category: str
    value: str
    old_min: int
    old_max: int
    new_min: int
    new_max: int


@dataclass
class FeasibilityReport:
    """Whether a panel exists, why not in plain words, and the smallest relaxation that helps."""

    feasible: bool
    reasons: list[str] = field(default_factory=list)
    #: Quota bounds that conflict: (category, value, "min" or "max", bound).
    conflict: list[tuple[str, str, str, int]] = field(default_factory=list)
    relaxation: list[Relaxation] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        """Return the reasons as one paragraph."""
        if self.feasible:
            return "A panel meeting every quota exists."
        return " ".join(self.reasons) or "No panel meets every quota."

    def to_dict(self) -> dict:
        """Return the report as JSON-ready data."""
        out = asdict(self)
        out["explanation"] = self.explanation
        return out


def check_feasibility(instance: Instance, space: TypeSpace | None = None) -> FeasibilityReport:
    """Tell whether any panel meets the quotas (and the household rule)."""
    space = space or build_types(instance)
    excluded = [f"{e.id}: {e.reason}" for e in instance.excluded]
    if _has_panel(space, [(q.min, q.max) for q in instance.quotas]):
        return FeasibilityReport(True, excluded=excluded)
    reasons = _plain_reasons(instance)
    conflict = []
    if not reasons:
        conflict = _conflicting_bounds(space)
        parts = [f"{c} = {v} {kind} {b}" for c, v, kind, b in conflict]
        reasons = ["No panel can meet these quotas together: " + "; ".join(parts) + "."]
    if instance.excluded:
        reasons.append(
            f"{len(instance.excluded)} registrants cannot be selected because a "
            "category value of theirs has no quota."
        )
    bounds, _cost = relax_bounds(space, [(q.min, q.max) for q in instance.quotas])
    relaxation = [
        Relaxation(q.category, q.value, q.min, q.max, max(0, lo), hi)
        for q, (lo, hi) in zip(instance.quotas, bounds or [], strict=False)
        if (lo, hi) != (q.min, q.max)
    ]
    return FeasibilityReport(False, reasons, conflict, relaxation, excluded)


def _has_panel(space: TypeSpace, bounds) -> bool:
    if any(lo > hi for lo, hi in bounds):
        return False
    program = PanelProgram(space, bounds=bounds)
    _bound, panels = program.solve([0.0] * len(space))
    return bool(panels)


def _plain_reasons(instance: Instance) -> list[str]:
    """Return the reasons a person can check by counting."""
    k = instance.panel_size
    reasons = []
    available = defaultdict(set)
    seats = set()
    for p in instance.people:
        key = p.household or ("person", p.id)
        seats.add(key)
        for cv in p.values:
            available[cv].add(key)
    if len(seats) < k:
        what = "households" if instance.households else "people"
        reasons.append(f"Only {len(seats)} {what} can be selected but there are {k} seats.")
    for category in instance.categories:
        quotas = instance.quotas_of(category)
        low, high = sum(q.min for q in quotas), sum(q.max for q in quotas)
        if low > k:
            reasons.append(f"The minimums for {category} add up to {low} but there are {k} seats.")
        if high < k:
            reasons.append(
                f"The maximums for {category} add up to {high} but there are {k} seats to fill."
            )
        for q in quotas:
            have = len(available[(q.category, q.value)])
            if have < q.min:
                who = "households" if instance.households else "people"
                reasons.append(
                    f"Only {have} {who} with {q.category} = {q.value} registered "
                    f"but the minimum is {q.min}."
                )
    return reasons


def _conflicting_bounds(space: TypeSpace) -> list[tuple[str, str, str, int]]:
    """Return a minimal set of quota bounds that cannot hold together (a deletion filter)."""
    quotas = space.instance.quotas
    k = space.instance.panel_size
    active = [
        (i, kind)
        for i in range(len(quotas))
        for kind in ("min", "max")
        if (kind == "min" and quotas[i].min > 0) or (kind == "max" and quotas[i].max < k)
    ]

    def bounds_for(keep):
        out = [(0, k)] * len(quotas)
        for i, kind in keep:
            lo, hi = out[i]
            out[i] = (quotas[i].min, hi) if kind == "min" else (lo, quotas[i].max)
        return out

    kept = list(active)
    for item in active:
        trial = [x for x in kept if x != item]
        if not _has_panel(space, bounds_for(trial)):
            kept = trial
    return [
        (
            quotas[i].category,
            quotas[i].value,
            kind,
            quotas[i].min if kind == "min" else quotas[i].max,
        )
        for i, kind in kept
    ]


def relax_bounds(space: TypeSpace, bounds) -> tuple[list[tuple[int, int]] | None, int]:
    """Return the bounds with the least total widening that admit a panel, and that total."""
    n, quotas = len(space), space.instance.quotas
    h = new_highs()
    sizes = space.sizes
    k = space.instance.panel_size
    # Columns: seats per type, then for each quota a slack below its min and one above its max.
    add_columns(h, [(0.0, 0.0, float(s), {}) for s in sizes])
    add_columns(h, [(1.0, 0.0, float(k), {}) for _ in range(2 * len(quotas))])
    total = n + 2 * len(quotas)
    h.changeColsIntegrality(total, list(range(total)), [highspy.HighsVarType.kInteger] * total)
    rows = [(k, k, dict.fromkeys(range(n), 1.0))]
    for q, ts in enumerate(space.types_of_quota()):
        lo, hi = bounds[q]
        coefs = dict.fromkeys(ts, 1.0)
        rows.append((lo, INF, {**coefs, n + 2 * q: 1.0}))
        rows.append((-INF, hi, {**coefs, n + 2 * q + 1: -1.0}))
    for group in space.households:
        rows.append((-INF, 1.0, dict.fromkeys(group, 1.0)))
    add_rows(h, rows)
    h.run()
    if h.modelStatusToString(h.getModelStatus()) != "Optimal":
        return None, -1
    x = h.getSolution().col_value
    out = []
    for q, (lo, hi) in enumerate(bounds):
        below, above = round(x[n + 2 * q]), round(x[n + 2 * q + 1])
        out.append((lo - below, hi + above))
    return out, sum(round(v) for v in x[n:])
