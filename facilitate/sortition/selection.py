"""Draw a panel: check the quotas, compute the lottery, pick one panel, record everything."""

from __future__ import annotations

import random
import secrets
import time
from dataclasses import dataclass, field

from .agent_types import TypeSpace, build_types
from .audit import make_record, now, panel_index
from .feasibility import FeasibilityReport, check_feasibility
from .legacy import legacy_draw, legacy_marginals
from .leximin import leximin
from .model import InfeasibleError, InputError, Instance
from .reserves import Dropout, draw_reserves
from .rounding import round_distribution

ALGORITHMS = ("leximin", "legacy")


@dataclass
class SelectionResult:
    """The drawn panel, everyone's selection probability, and the audit record."""

    panel: list[str]
    marginals: dict[str, float]
    min_marginal: float
    algorithm: str
    seed: int
    #: Seconds spent computing the distribution (LEXIMIN) or the sampled marginals (legacy).
    seconds: float
    record: dict
    feasibility: FeasibilityReport
    #: The published lottery: m panels of ids, the drawn index, and the rounding's cost.
    lottery: dict | None = None
    stats: dict = field(default_factory=dict)
    #: Ordered reserves drawn with the panel (see reserves.py); empty unless asked for.
    reserves: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the result as JSON-ready data."""
        return {
            "panel": self.panel,
            "marginals": self.marginals,
            "min_marginal": self.min_marginal,
            "algorithm": self.algorithm,
            "seed": self.seed,
            "seconds": self.seconds,
            "lottery": self.lottery,
            "stats": self.stats,
            "reserves": self.reserves,
            "feasibility": self.feasibility.to_dict(),
            "record": self.record,
        }


def new_seed() -> int:
    """Return a fresh seed from the operating system's entropy (never a global generator)."""
    return secrets.randbits(63)


def select_panel(
    instance: Instance,
    algorithm: str = "leximin",
    seed: int | None = None,
    panels: int = 1000,
    public_random: str | None = None,
    legacy_samples: int = 1000,
    context: dict | None = None,
    reserves: int = 0,
    dropout: dict | None = None,
) -> SelectionResult:
    """Draw a panel meeting the quotas, fairly; raise InfeasibleError if no panel can.

    `context` is stored in the audit record as is (for example the CSV columns used).
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    if reserves and (algorithm != "leximin" or panels < 1):
        raise InputError("reserves are drawn with a LEXIMIN draw from a published lottery")
    seed = new_seed() if seed is None else int(seed)
    started = now()
    space = build_types(instance)
    report = check_feasibility(instance, space)
    if not report.feasible:
        raise InfeasibleError(report)
    randomness = (
        {"source": "public", "value": public_random}
        if public_random is not None
        else {"source": "seed", "value": str(seed)}
    )
    ids = [p.id for p in instance.people]
    if algorithm == "leximin":
        chosen, probability, published, index, seconds, stats, lottery = _leximin(
            space, seed, panels, randomness
        )
        parameters = {"panels": panels}
    else:
        clock = time.perf_counter()
        probability, failed = legacy_marginals(
            instance, random.Random(f"samples:{seed}"), legacy_samples
        )
        seconds = time.perf_counter() - clock
        chosen = legacy_draw(instance, random.Random(f"draw:{randomness['value']}"))
        published, index, lottery = None, None, None
        stats = {"legacy_samples": legacy_samples, "legacy_failures": failed}
        parameters = {"legacy_samples": legacy_samples}
    marginals = dict(zip(ids, probability, strict=True))
    marginals.update({e.id: 0.0 for e in instance.excluded})
    panel = sorted(ids[i] for i in chosen)
    extra = {"context": context or {}}
    drawn_reserves = []
    if reserves:
        estimate = Dropout.from_dict(dropout)
        found = draw_reserves(instance, panel, reserves, randomness["value"], estimate, published)
        drawn_reserves = found.order
        extra["reserves"] = found.to_record(reserves, estimate)
        parameters = {**parameters, "reserves": reserves, "dropout": estimate.to_dict()}
    record = make_record(
        instance,
        kind="selection",
        algorithm=algorithm,
        seed=seed,
        randomness=randomness,
        parameters=parameters,
        probabilities=marginals,
        panels=published,
        index=index,
        panel=panel,
        started=started,
        finished=now(),
        extra=extra,
    )
    return SelectionResult(
        panel,
        marginals,
        min(marginals.values(), default=0.0),
        algorithm,
        seed,
        seconds,
        record,
        report,
        lottery,
        stats,
        drawn_reserves,
    )


def _leximin(space: TypeSpace, seed: int, panels: int, randomness: dict):
    """Return (chosen people, probabilities, published panels, index, seconds, stats, lottery)."""
    instance = space.instance
    clock = time.perf_counter()
    dist = leximin(space, random.Random(seed))
    seconds = time.perf_counter() - clock
    probability = [0.0] * len(instance.people)
    for t, members in enumerate(space.members):
        for i in members:
            probability[i] = dist.type_probability[t]
    ids = [p.id for p in instance.people]
    stats = dict(dist.stats, types=len(space), support=len(dist.panels))
    if panels > 0:
        lottery = round_distribution(dist, space, panels, random.Random(f"round:{seed}"))
        index = panel_index(randomness, panels)
        chosen = lottery.panels[index]
        published = [sorted(ids[i] for i in p) for p in lottery.panels]
        summary = {
            "panels": panels,
            "index": index,
            "max_deviation": lottery.max_deviation,
            "deviation_lower_bound": lottery.lower_bound,
            "min_marginal": min(lottery.marginals, default=0.0),
        }
        return chosen, probability, published, index, seconds, stats, summary
    # Without a published list, draw straight from the distribution.
    rng = random.Random(f"draw:{randomness['value']}")
    type_panel = rng.choices(dist.panels, dist.weights)[0]
    chosen = []
    for t, c in type_panel:
        chosen += rng.sample(space.members[t], c)
    return sorted(chosen), probability, None, None, seconds, stats, None
