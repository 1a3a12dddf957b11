"""The greedy sequential draw organisers used before LEXIMIN, and its estimated marginals."""

from __future__ import annotations

import random

from .model import Instance

#: Fresh starts allowed when a draw runs into a dead end.
MAX_ATTEMPTS = 100


class DeadEnd(RuntimeError):
    """The sequential draw failed on every attempt."""


def legacy_draw(instance: Instance, rng: random.Random) -> list[int]:
    """Draw one panel: fill the value furthest below its minimum first; retry on dead ends."""
    for _ in range(MAX_ATTEMPTS):
        panel = _attempt(instance, rng)
        if panel is not None:
            return panel
    raise DeadEnd(f"the sequential draw failed {MAX_ATTEMPTS} times")


def legacy_marginals(
    instance: Instance, rng: random.Random, samples: int
) -> tuple[list[float], int]:
    """Estimate each person's selection probability from repeated draws; return (p, failures)."""
    hits = [0] * len(instance.people)
    done = failed = 0
    for _ in range(samples):
        try:
            panel = legacy_draw(instance, rng)
        except DeadEnd:
            failed += 1
            continue
        done += 1
        for i in panel:
            hits[i] += 1
    return [h / done if done else 0.0 for h in hits], failed


def _attempt(instance: Instance, rng: random.Random) -> list[int] | None:
    quotas = instance.quotas
    index = {(q.category, q.value): i for i, q in enumerate(quotas)}
    person_quotas = [[index[cv] for cv in p.values] for p in instance.people]
    members = [[] for _ in quotas]
    housemates: dict[str, list[int]] = {}
    for p, qs in enumerate(person_quotas):
        for q in qs:
            members[q].append(p)
        household = instance.people[p].household
        if household is not None:
            housemates.setdefault(household, []).append(p)
    count = [0] * len(quotas)
    remaining = set(range(len(instance.people)))
    panel = []
    while len(panel) < instance.panel_size:
        deficits = [(q.min - count[i], i) for i, q in enumerate(quotas) if count[i] < q.min]
        if deficits:
            # The value furthest below its minimum; ties broken at random.
            worst = max(d for d, _ in deficits)
            target = rng.choice([i for d, i in deficits if d == worst])
            candidates = [p for p in members[target] if p in remaining]
        else:
            candidates = sorted(remaining)
        seats_after = instance.panel_size - len(panel) - 1
        short = {}
        for i, q in enumerate(quotas):
            if count[i] < q.min:
                short[q.category] = short.get(q.category, 0) + q.min - count[i]

        candidates = [
            p for p in candidates if _fits(person_quotas[p], quotas, count, short, seats_after)
        ]
        if not candidates:
            return None
        chosen = rng.choice(candidates)
        panel.append(chosen)
        for q in person_quotas[chosen]:
            count[q] += 1
        remaining.discard(chosen)
        household = instance.people[chosen].household
        if household is not None:
            remaining.difference_update(housemates[household])
    if any(count[i] < q.min for i, q in enumerate(quotas)):
        return None
    return sorted(panel)


def _fits(person: list[int], quotas, count, short: dict[str, int], seats_after: int) -> bool:
    """Tell whether a person keeps every maximum and leaves no category short of seats."""
    # Each person has one value in every category, so their quotas cover all categories.
    if any(count[q] >= quotas[q].max for q in person):
        return False
    return all(
        short.get(quotas[q].category, 0) - (count[q] < quotas[q].min) <= seats_after for q in person
    )
