"""Replace dropouts: draw from the remaining pool so the panel meets the quotas again."""

from __future__ import annotations

from dataclasses import dataclass

from .agent_types import build_types
from .audit import make_record, now
from .feasibility import Relaxation, relax_bounds
from .model import InputError, Instance, Quota, make_instance
from .selection import SelectionResult, new_seed, select_panel


@dataclass
class ReplacementResult:
    """The people who fill the empty seats, and how far the new panel misses the quotas."""

    replacements: list[str]
    panel: list[str]
    #: Quotas the completed panel cannot meet, with the bounds it meets instead.
    deviations: list[Relaxation]
    total_deviation: int
    marginals: dict[str, float]
    min_marginal: float
    seed: int
    seconds: float
    record: dict

    def to_dict(self) -> dict:
        """Return the result as JSON-ready data."""
        return {
            "replacements": self.replacements,
            "panel": self.panel,
            "deviations": [vars(d) for d in self.deviations],
            "total_deviation": self.total_deviation,
            "marginals": self.marginals,
            "min_marginal": self.min_marginal,
            "seed": self.seed,
            "seconds": self.seconds,
            "record": self.record,
        }


def draw_replacements(
    instance: Instance,
    panel: list[str],
    dropouts: list[str],
    seed: int | None = None,
    panels: int = 1000,
    public_random: str | None = None,
) -> ReplacementResult:
    """Fill the dropouts' seats by LEXIMIN over the pool, keeping the other members fixed."""
    seed = new_seed() if seed is None else int(seed)
    started = now()
    by_id = {p.id: p for p in instance.people}
    unknown = [i for i in list(panel) + list(dropouts) if i not in by_id]
    if unknown:
        raise InputError(f"not in the pool: {', '.join(unknown[:5])}")
    missing = [i for i in dropouts if i not in panel]
    if missing:
        raise InputError(f"dropouts not on the panel: {', '.join(missing[:5])}")
    staying = [by_id[i] for i in panel if i not in set(dropouts)]
    seats = len(dropouts)
    taken = {p.household for p in staying if p.household is not None}
    pool = [p for p in instance.people if p.id not in set(panel) and p.household not in taken]
    have = {}
    for p in staying:
        for cv in p.values:
            have[cv] = have.get(cv, 0) + 1
    shifted = [
        (q.min - have.get((q.category, q.value), 0), q.max - have.get((q.category, q.value), 0))
        for q in instance.quotas
    ]
    loose = make_instance(
        pool,
        [Quota(q.category, q.value, 0, seats) for q in instance.quotas],
        seats,
        instance.households,
    )
    bounds, total = relax_bounds(build_types(loose), shifted)
    if bounds is None:
        raise InputError(f"the pool has fewer than {seats} people who can take a seat")
    quotas = [
        Quota(q.category, q.value, max(0, lo), hi)
        for q, (lo, hi) in zip(instance.quotas, bounds, strict=True)
    ]
    sub = make_instance(pool, quotas, seats, instance.households)
    result: SelectionResult = select_panel(
        sub, seed=seed, panels=panels, public_random=public_random
    )
    deviations = [
        Relaxation(q.category, q.value, q.min, q.max, lo + (q.min - s[0]), hi + (q.max - s[1]))
        for q, s, (lo, hi) in zip(instance.quotas, shifted, bounds, strict=True)
        if (lo, hi) != s
    ]
    new_panel = sorted([p.id for p in staying] + result.panel)
    record = make_record(
        instance,
        kind="replacement",
        algorithm="leximin",
        seed=seed,
        randomness=result.record["randomness"],
        parameters={"panels": panels},
        probabilities=result.marginals,
        panels=result.record["panels"],
        index=result.record["panel_index"],
        panel=result.panel,
        started=started,
        finished=now(),
        extra={
            "replacement": {
                "panel_before": sorted(panel),
                "dropouts": sorted(dropouts),
                "panel_after": new_panel,
                "total_deviation": total,
                "deviations": [vars(d) for d in deviations],
            }
        },
    )
    return ReplacementResult(
        result.panel,
        new_panel,
        deviations,
        total,
        result.marginals,
        result.min_marginal,
        seed,
        result.seconds,
        record,
    )
