"""LEXIMIN at every level: the whole sorted probability vector matches a brute-force optimum."""

import itertools
import random

import highspy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sortition_factories import meets_quotas, person

from facilitate.sortition.agent_types import build_types
from facilitate.sortition.feasibility import check_feasibility
from facilitate.sortition.leximin import leximin
from facilitate.sortition.model import Quota, make_instance
from facilitate.sortition.synthetic import synthetic_instance


def brute_force_leximin(instance) -> list[float]:
    """Return the sorted per-person LEXIMIN probabilities over every feasible panel of people.

    Each level maximises the lowest free probability; a person is fixed at that level only
    when a second LP shows their probability cannot rise above it while the level holds.
    """
    ids = [p.id for p in instance.people]
    panels = [
        set(c)
        for c in itertools.combinations(ids, instance.panel_size)
        if meets_quotas(instance, c)
    ]
    fixed: dict[str, float] = {}
    while len(fixed) < len(ids):
        free = [i for i in ids if i not in fixed]
        level = _optimum(panels, ids, fixed, free, None)
        for i in free:
            if _optimum(panels, ids, fixed, free, (i, level)) <= level + 1e-9:
                fixed[i] = level
    return sorted(fixed.values())


def _optimum(panels, ids, fixed, free, raise_one):
    """Maximise the lowest free probability, or (raise_one) one person's with the rest held."""
    target, level = raise_one or (None, None)
    h = highspy.Highs()
    h.silent()
    # Minimise: -z for the level, or minus the target's probability.
    lam = [h.addVariable(lb=0, obj=-1.0 if target in p else 0.0) for p in panels]
    h.addConstr(sum(lam) == 1)

    def prob(i):
        # A person on no panel has probability 0: a constant, not an expression.
        return sum((lam[j] for j, p in enumerate(panels) if i in p), start=0.0 * lam[0])

    for i, held in fixed.items():
        h.addConstr(prob(i) >= held - 1e-10)
    if target is None:
        z = h.addVariable(lb=0, ub=1, obj=-1.0)
        for i in free:
            h.addConstr(prob(i) - z >= 0)
    else:
        for i in free:
            if i != target:
                h.addConstr(prob(i) >= level - 1e-10)
    h.run()
    return -h.getInfo().objective_function_value


def per_person(space, dist) -> list[float]:
    """Return the engine's sorted per-person probabilities."""
    return sorted(
        p for p, s in zip(dist.type_probability, space.sizes, strict=True) for _ in range(s)
    )


@st.composite
def tiny_instances(draw):
    n = draw(st.integers(4, 8))
    k = draw(st.integers(1, min(4, n - 1)))
    values = {"a": ["x", "y"], "b": ["u", "v", "w"], "c": ["0", "1"]}
    people = []
    for i in range(n):
        household = draw(st.sampled_from([None, None, "h1", "h2"]))
        chosen = {cat: draw(st.sampled_from(vals)) for cat, vals in values.items()}
        people.append(person(f"p{i}", household, **chosen))
    quotas = []
    for cat, vals in values.items():
        for v in vals:
            lo = draw(st.integers(0, 2))
            quotas.append(Quota(cat, v, lo, lo + draw(st.integers(0, k))))
    return make_instance(people, quotas, k, households=draw(st.booleans()))


@settings(max_examples=50, deadline=None)
@given(tiny_instances())
def test_every_level_equals_brute_force(instance):
    if not check_feasibility(instance).feasible:
        return
    space = build_types(instance)
    dist = leximin(space, random.Random(0))
    assert dist.stats["leximin_exact"] is True
    assert dist.stats["budget_spent"] is False
    got, expected = per_person(space, dist), brute_force_leximin(instance)
    assert got == pytest.approx(expected, abs=1e-6)


def test_level_below_the_relaxation_then_later_levels_match_brute_force():
    # Three people need partners nobody has: the relaxation's point is out of reach, so the
    # levels are raised one by one and proven by pricing.
    people = [
        person("x", a="1", b="1", c="0"),
        person("y", a="0", b="1", c="1"),
        person("z", a="1", b="0", c="1"),
        person("v", a="1", b="1", c="1"),
        person("w", a="0", b="0", c="0"),
        person("u", a="0", b="0", c="0"),
    ]
    quotas = [Quota(cat, val, 1, 1) for cat in "abc" for val in "01"]
    inst = make_instance(people, quotas, 2)
    space = build_types(inst)
    dist = leximin(space, random.Random(0))
    assert dist.stats["relaxation_reached"] is False
    assert dist.stats["leximin_exact"] is True
    assert per_person(space, dist) == pytest.approx(brute_force_leximin(inst), abs=1e-7)


@pytest.mark.parametrize(
    "inst",
    [
        synthetic_instance(200, 20, 3, seed=1),
        synthetic_instance(300, 30, 4, seed=5, household_share=0.15),
        synthetic_instance(250, 25, 5, seed=2),
    ],
    ids=["200x20x3", "300x30x4-households", "250x25x5"],
)
def test_every_level_is_proven_on_synthetic_pools(inst):
    space = build_types(inst)
    dist = leximin(space, random.Random(1))
    assert dist.stats["levels_exact"] == dist.stats["levels"] > 1
    assert dist.stats["budget_spent"] is False
    total = sum(p * s for p, s in zip(dist.type_probability, space.sizes, strict=True))
    assert total == pytest.approx(inst.panel_size, abs=1e-6)


def test_spent_safety_net_is_reported_and_the_minimum_still_proven():
    inst = synthetic_instance(300, 30, 4, seed=5, household_share=0.15)
    space = build_types(inst)
    full = leximin(space, random.Random(1))
    # Without the face walk, which reaches the point here before any pricing round.
    cut = leximin(space, random.Random(1), round_budget=0, walk_steps=0)
    assert cut.stats["budget_spent"] is True
    assert cut.stats["leximin_exact"] is False
    assert cut.stats["maximin"] == pytest.approx(full.stats["maximin"], abs=1e-7)
