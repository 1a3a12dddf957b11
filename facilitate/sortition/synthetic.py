"""Generate synthetic pools skewed by self-selection, for tests and benchmarks."""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

from .model import Instance, Person, Quota, make_instance

#: Value counts of the categories, in order; pools use the first `categories` of them.
VALUE_COUNTS = (3, 5, 6, 4, 3, 4, 2, 5)


def synthetic_instance(
    n: int, k: int, categories: int, seed: int, household_share: float = 0.0, slack: int = 1
) -> Instance:
    """Return a pool of n people over a few categories, with proportional quotas for k seats."""
    rng = random.Random(seed)
    specs = []
    for c in range(categories):
        count = VALUE_COUNTS[c % len(VALUE_COUNTS)]
        population = _shares(rng, count)
        # Self-selection: some groups register far more eagerly than others.
        eagerness = [rng.uniform(0.4, 1.6) for _ in range(count)]
        pool = _normalise([p * e for p, e in zip(population, eagerness, strict=True)])
        specs.append((f"c{c}", [f"v{c}_{i}" for i in range(count)], population, pool))
    quotas = []
    for name, values, population, _pool in specs:
        for value, share in zip(values, population, strict=True):
            target = share * k
            quotas.append(
                Quota(name, value, max(0, math.floor(target) - slack), math.ceil(target) + slack)
            )
    people, households = [], []
    for i in range(n):
        values = tuple((name, rng.choices(vals, pool)[0]) for name, vals, _pop, pool in specs)
        if households and rng.random() < household_share:
            household = rng.choice(households)
        else:
            household = f"h{i}"
            households.append(household)
        people.append(Person(f"p{i:05d}", values, household))
    return make_instance(people, quotas, k, households=household_share > 0)


def write_instance(instance: Instance, folder) -> None:
    """Write categories.csv and respondents.csv (with id and household columns) to a folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "categories.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["category", "feature", "min", "max"])
        for q in instance.quotas:
            w.writerow([q.category, q.value, q.min, q.max])
    categories = instance.categories
    with open(folder / "respondents.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "household", *categories])
        for p in instance.people:
            w.writerow([p.id, p.household or "", *(p.value(c) for c in categories)])


def _shares(rng: random.Random, count: int) -> list[float]:
    return _normalise([rng.uniform(0.5, 2.0) for _ in range(count)])


def _normalise(xs: list[float]) -> list[float]:
    total = sum(xs)
    return [x / total for x in xs]
