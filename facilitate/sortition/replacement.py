"""Replace dropouts: draw from the remaining pool so the panel meets the quotas again.

`compare_replacements` measures, by simulated dropouts, how often the quotas still hold when
the seats are filled from reserves drawn with the panel (reserves.py) and when they are
redrawn later from whoever of the remaining pool is still available.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .agent_types import build_types
from .audit import make_record, now
from .feasibility import Relaxation, relax_bounds
from .model import InputError, Instance, Person, Quota, make_instance
from .reserves import Dropout, fill_from_reserves
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
    shifted, bounds, total = _completion(instance, staying, pool, seats)
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


def _completion(instance: Instance, staying: list[Person], pool: list[Person], seats: int):
    """Return the quotas left for the empty seats, the least-widened bounds the pool can meet
    (None if it has too few people), and the total widening."""
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
    return shifted, bounds, total


def compare_replacements(
    instance: Instance,
    panel: list[str],
    reserves: dict[str, list[str]],
    dropout: Dropout,
    trials: int,
    rng: random.Random,
) -> dict[str, int]:
    """Count the simulated dropout patterns in which the quotas hold after replacing.

    In each pattern every panel member drops out, and everyone else is unavailable, with their
    own probability. Each reserve list (by name) fills the seats by `fill_from_reserves` from
    its available reserves; "redraw" counts the patterns in which some choice among the
    available rest of the pool (household rule kept) fills them within the quotas. Returns
    the counts per method, "redraw" and "trials".
    """
    from .verify import panel_problems

    on = set(panel)
    held = dict.fromkeys([*reserves, "redraw"], 0)
    for _ in range(trials):
        gone = {p.id for p in instance.people if rng.random() < dropout.of(p)}
        staying = [i for i in panel if i not in gone]
        seats = len(panel) - len(staying)
        filled_by_reserves = False
        for name, order in reserves.items():
            taken = fill_from_reserves(
                instance, staying, seats, [i for i in order if i not in gone]
            )
            if len(taken) == seats and not panel_problems(instance, staying + taken):
                held[name] += 1
                filled_by_reserves = True
        # Reserves are part of the rest of the pool: what they fill, a redraw can fill too.
        if filled_by_reserves or _redraw_fills(instance, staying, seats, on | gone):
            held["redraw"] += 1
    held["trials"] = trials
    return held


def _redraw_fills(instance: Instance, staying: list[str], seats: int, out: set[str]) -> bool:
    """Tell whether the available rest of the pool can fill the seats within the quotas."""
    if seats == 0:
        return True
    by_id = {p.id: p for p in instance.people}
    members = [by_id[i] for i in staying]
    homes = {p.household for p in members if p.household is not None}
    pool = [p for p in instance.people if p.id not in out and p.household not in homes]
    if len(pool) < seats:
        return False
    _shifted, bounds, total = _completion(instance, members, pool, seats)
    return bounds is not None and total == 0
