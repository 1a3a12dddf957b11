"""Compare the table allocation with a random one on a synthetic panel.

Run with `python -m benchmarks.tables`. A 50-member panel with three skewed categories meets
five times at tables of 7; it prints how evenly the categories are spread (mean gap to the fair
share per table and value, 0 is ideal) and how many different people each member met.
"""

import random
import statistics
import time

from facilitate.tables import (
    Person,
    allocate,
    distinct_met,
    evenness,
    pair_counts,
    random_allocation,
)

CATEGORIES = {
    "gender": [("female", 0.5), ("male", 0.48), ("other", 0.02)],
    "age": [("16-29", 0.2), ("30-44", 0.25), ("45-59", 0.25), ("60+", 0.3)],
    "area": [("city", 0.4), ("town", 0.35), ("rural", 0.25)],
    "education": [("lower", 0.3), ("middle", 0.4), ("degree", 0.3)],
}


def synthetic_panel(size: int, rng: random.Random) -> list[Person]:
    """Draw a panel whose category values follow CATEGORIES."""
    people = []
    for i in range(size):
        values = tuple(
            rng.choices([v for v, _ in options], weights=[w for _, w in options])[0]
            for options in CATEGORIES.values()
        )
        people.append(Person(i, values))
    return people


def simulate(people, sittings, size, seed, method):
    """Allocate the panel `sittings` times; return the allocations and the seconds taken."""
    rng = random.Random(seed)
    history, started = [], time.perf_counter()
    for _ in range(sittings):
        if method == "random":
            history.append(random_allocation(people, size, rng))
        else:
            history.append(allocate(people, size, rng, pair_counts(history)))
    return history, time.perf_counter() - started


def main(members: int = 50, sittings: int = 5, size: int = 7, seeds: int = 5) -> None:
    values_of = None
    rows = {"random": [], "allocate": []}
    for seed in range(seeds):
        people = synthetic_panel(members, random.Random(1000 + seed))
        values_of = {p.id: p.values for p in people}
        for method in rows:
            history, seconds = simulate(people, sittings, size, seed, method)
            met = distinct_met(history)
            rows[method].append(
                (
                    statistics.mean(evenness(tables, values_of) for tables in history),
                    statistics.mean(met.values()),
                    min(met.values()),
                    seconds,
                )
            )
    print(f"{members} members, {sittings} sittings, tables of up to {size}, {seeds} seeds")
    print(f"{'method':<10}{'category gap':>14}{'met (mean)':>12}{'met (min)':>11}{'seconds':>9}")
    for method, results in rows.items():
        gap, mean_met, min_met, seconds = (
            statistics.mean(col) for col in zip(*results, strict=True)
        )
        print(f"{method:<10}{gap:>14.3f}{mean_met:>12.1f}{min_met:>11.1f}{seconds:>9.2f}")
    best = sittings * (size - 1)
    print(f"(each member can meet at most {min(members - 1, best)} others)")


if __name__ == "__main__":
    main()
