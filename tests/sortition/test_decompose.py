"""The face walk: its panels meet the quotas, add up to the relaxation's point, and repeat."""

import random

import pytest
from sortition_factories import meets_quotas

from facilitate.sortition.agent_types import build_types
from facilitate.sortition.decompose import walk
from facilitate.sortition.leximin import leximin
from facilitate.sortition.pricing import Pricer
from facilitate.sortition.relaxation import relaxed_leximin
from facilitate.sortition.synthetic import synthetic_instance

POOLS = [
    synthetic_instance(200, 20, 3, seed=1),
    synthetic_instance(300, 30, 4, seed=5, household_share=0.15),
    synthetic_instance(250, 25, 5, seed=2),
]
IDS = ["200x20x3", "300x30x4-households", "250x25x5"]


def split_point(inst, seed=1):
    """Return the type space, the relaxation's point in seats, and the walk's result."""
    space = build_types(inst)
    bound, _ = relaxed_leximin(space)
    point = [b * s for b, s in zip(bound, space.sizes, strict=True)]
    start = Pricer(space, random.Random(seed)).exact([1.0 / s for s in space.sizes])[1][0]
    return space, point, walk(space, point, start, random.Random(seed), len(space) + 50)


def people_of(space, panel):
    """Return ids for a panel over types (the first members of each type)."""
    ids = []
    for t, c in panel:
        ids += [space.instance.people[i].id for i in space.members[t][:c]]
    return ids


@pytest.mark.parametrize("inst", POOLS, ids=IDS)
def test_walk_panels_meet_the_quotas_and_households(inst):
    space, _point, (split, _left) = split_point(inst)
    assert split
    for panel, weight in split:
        assert weight > 0
        assert meets_quotas(inst, people_of(space, panel))
        # Housemates are their own types, so a type of a shared household has one member.
        for group in space.households:
            assert sum(c for t, c in panel if t in group) <= 1


@pytest.mark.parametrize("inst", POOLS, ids=IDS)
def test_walk_adds_up_to_the_point(inst):
    space, point, (split, left) = split_point(inst)
    assert sum(w for _, w in split) + left == pytest.approx(1.0, abs=1e-9)
    seats = [0.0] * len(space)
    for panel, weight in split:
        for t, c in panel:
            seats[t] += weight * c
    # What the walk leaves is at most its mass left (and round-off), seat by seat.
    for got, want, size in zip(seats, point, space.sizes, strict=True):
        assert want - 1e-6 - left * size <= got <= want + 1e-6


def test_walk_repeats_from_the_seed():
    inst = POOLS[1]
    assert split_point(inst, seed=4)[2] == split_point(inst, seed=4)[2]


@pytest.mark.parametrize("inst", POOLS, ids=IDS)
def test_walk_proves_every_level_without_pricing(inst):
    space = build_types(inst)
    dist = leximin(space, random.Random(1))
    assert dist.stats["relaxation_reached"] is True
    assert dist.stats["levels_exact"] == dist.stats["levels"]
    assert dist.stats["rounds"] == 0
    again = leximin(space, random.Random(1))
    assert again.panels == dist.panels
    assert again.weights == dist.weights
