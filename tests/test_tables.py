"""The table allocation: pure, seeded, even across categories and better than random."""

import random
import statistics

import pytest

from benchmarks.tables import simulate, synthetic_panel
from facilitate.tables import Person, allocate, distinct_met, evenness, pair_counts, table_sizes


def test_table_sizes_are_even_and_bounded():
    assert table_sizes(50, 7) == [7, 7, 6, 6, 6, 6, 6, 6]
    assert table_sizes(0, 7) == []
    assert table_sizes(5, 7) == [5]
    with pytest.raises(ValueError):
        table_sizes(10, 1)


def test_everyone_is_seated_once():
    people = synthetic_panel(50, random.Random(1))
    tables = allocate(people, 7, random.Random(2))
    seated = [p for t in tables for p in t]
    assert sorted(seated) == sorted(p.id for p in people)
    assert sorted(len(t) for t in tables) == sorted(table_sizes(50, 7))


def test_same_seed_same_tables_and_no_global_randomness():
    people = synthetic_panel(30, random.Random(1))
    random.seed(123)
    state = random.getstate()
    first = allocate(people, 6, random.Random(9))
    assert random.getstate() == state
    assert allocate(people, 6, random.Random(9)) == first


def test_categories_are_spread_far_more_evenly_than_at_random():
    gaps = {"allocate": [], "random": []}
    for seed in range(3):
        people = synthetic_panel(50, random.Random(seed))
        values = {p.id: p.values for p in people}
        for method in gaps:
            history, _seconds = simulate(people, 1, 7, seed, method)
            gaps[method].append(evenness(history[0], values))
    assert statistics.mean(gaps["allocate"]) < 0.6 * statistics.mean(gaps["random"])


def test_members_meet_more_people_than_at_random_over_five_sittings():
    met = {"allocate": [], "random": []}
    for seed in range(2):
        people = synthetic_panel(50, random.Random(seed))
        for method in met:
            history, _seconds = simulate(people, 5, 7, seed, method)
            met[method].append(statistics.mean(distinct_met(history).values()))
    assert statistics.mean(met["allocate"]) > statistics.mean(met["random"]) + 1.5


def test_earlier_encounters_are_avoided():
    people = [Person(i, ("x",)) for i in range(12)]
    first = allocate(people, 6, random.Random(1))
    second = allocate(people, 6, random.Random(2), pair_counts([first]))
    repeats = sum(pair_counts([second])[pair] for pair in pair_counts([first]))
    assert repeats <= 18  # two tables of six: at least half of the pairs are new
    assert pair_counts([first, second]).most_common(1)[0][1] <= 2
