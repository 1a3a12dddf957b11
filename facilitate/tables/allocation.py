"""Allocate people to tables: deal by category, then improve by swaps.

The cost of a table is how far its count of each category value lies from the table's fair
share (squared), plus how many times each pair at it has already sat together. A snake deal
over people sorted by their categories gives a well-mixed start; random swaps between tables
that lower the total cost then trade a little evenness for new encounters where they can.
"""

import math
import random
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

Pair = frozenset


@dataclass(frozen=True)
class Person:
    id: Hashable
    #: One value per category, in the same category order for everyone.
    values: tuple[str, ...]


def table_sizes(count: int, size: int) -> list[int]:
    """Split `count` people into as few tables of at most `size` as possible, evenly."""
    if count <= 0:
        return []
    if size < 2:
        raise ValueError("a table needs at least two seats")
    tables = math.ceil(count / size)
    base, extra = divmod(count, tables)
    return [base + 1 if i < extra else base for i in range(tables)]


def pair_counts(allocations: Iterable[Sequence[Sequence[Hashable]]]) -> Counter:
    """Count how often each pair of people sat at the same table across allocations."""
    counts: Counter = Counter()
    for tables in allocations:
        for table in tables:
            counts.update(Pair(p) for p in combinations(table, 2))
    return counts


def distinct_met(allocations: Iterable[Sequence[Sequence[Hashable]]]) -> dict[Hashable, int]:
    """Return, per person, how many different others they have sat with."""
    met: dict[Hashable, set] = {}
    for tables in allocations:
        for table in tables:
            for person in table:
                met.setdefault(person, set()).update(p for p in table if p != person)
    return {person: len(others) for person, others in met.items()}


def evenness(tables: Sequence[Sequence[Hashable]], values: Mapping[Hashable, tuple]) -> float:
    """Mean absolute gap between a table's count of each value and its fair share (0 is ideal)."""
    people = [p for table in tables for p in table]
    if not people:
        return 0.0
    categories = len(values[people[0]])
    gaps = []
    for c in range(categories):
        overall = Counter(values[p][c] for p in people)
        for table in tables:
            here = Counter(values[p][c] for p in table)
            for value, total in overall.items():
                gaps.append(abs(here[value] - len(table) * total / len(people)))
    return sum(gaps) / len(gaps)


def random_allocation(
    people: Sequence[Person], size: int, rng: random.Random
) -> list[list[Hashable]]:
    """Seat people at random, for comparison."""
    ids = [p.id for p in people]
    rng.shuffle(ids)
    tables, start = [], 0
    for seats in table_sizes(len(ids), size):
        tables.append(ids[start : start + seats])
        start += seats
    return tables


class _Scorer:
    def __init__(self, people: Sequence[Person], met: Mapping[Pair, int], met_weight: float):
        self.values = {p.id: p.values for p in people}
        self.met = met
        self.met_weight = met_weight
        total = len(people)
        categories = len(people[0].values) if people else 0
        self.shares = [
            {v: n / total for v, n in Counter(p.values[c] for p in people).items()}
            for c in range(categories)
        ]

    def table(self, table: Sequence[Hashable]) -> float:
        cost = 0.0
        for c, shares in enumerate(self.shares):
            here = Counter(self.values[p][c] for p in table)
            for value, share in shares.items():
                cost += (here[value] - len(table) * share) ** 2
        if self.met:
            cost += self.met_weight * sum(self.met.get(Pair(p), 0) for p in combinations(table, 2))
        return cost


def allocate(
    people: Sequence[Person],
    size: int,
    rng: random.Random,
    met: Mapping[Pair, int] | None = None,
    *,
    met_weight: float = 1.0,
    rounds: int = 300,
) -> list[list[Hashable]]:
    """Return tables (lists of ids) mixing categories evenly and avoiding repeat encounters.

    `met` counts earlier encounters per pair (see `pair_counts`); `rounds` swaps are tried per
    person.
    """
    if not people:
        return []
    sizes = table_sizes(len(people), size)
    order = list(people)
    rng.shuffle(order)  # random tie-break within equal category profiles
    order.sort(key=lambda p: p.values)
    tables: list[list[Hashable]] = [[] for _ in sizes]
    # Snake deal: 0..k-1, k-1..0, … so every table gets a slice of each stratum.
    slots = [
        t
        for lap in range(max(sizes))
        for t in (range(len(sizes)) if lap % 2 == 0 else reversed(range(len(sizes))))
    ]
    slots = iter(slots)
    for person in order:
        table = next(slots)
        while len(tables[table]) >= sizes[table]:
            table = next(slots)
        tables[table].append(person.id)

    scorer = _Scorer(people, met or {}, met_weight)
    costs = [scorer.table(t) for t in tables]
    if len(tables) < 2:
        return tables
    for _ in range(rounds * len(people)):
        a, b = rng.sample(range(len(tables)), 2)
        i, j = rng.randrange(len(tables[a])), rng.randrange(len(tables[b]))
        tables[a][i], tables[b][j] = tables[b][j], tables[a][i]
        new_a, new_b = scorer.table(tables[a]), scorer.table(tables[b])
        if new_a + new_b <= costs[a] + costs[b]:
            costs[a], costs[b] = new_a, new_b
        else:
            tables[a][i], tables[b][j] = tables[b][j], tables[a][i]
    return [sorted(t, key=str) for t in tables]
