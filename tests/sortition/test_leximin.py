"""LEXIMIN: every panel meets the quotas, and the minimum matches a brute-force optimum."""

import itertools
import random

import highspy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sortition_factories import meets_quotas, person, two_by_two

from facilitate.sortition.agent_types import build_types
from facilitate.sortition.feasibility import check_feasibility
from facilitate.sortition.leximin import leximin
from facilitate.sortition.model import Quota, make_instance
from facilitate.sortition.relaxation import relaxed_leximin
from facilitate.sortition.selection import select_panel
from facilitate.sortition.synthetic import synthetic_instance


def support_people(space, dist):
    """Expand each type panel in the support to one panel of people."""
    for panel in dist.panels:
        ids = []
        for t, c in panel:
            ids += [space.instance.people[i].id for i in space.members[t][:c]]
        yield ids


def brute_force_maximin(instance):
    """Return the maximin probability over all feasible panels, by one LP over all of them."""
    ids = [p.id for p in instance.people]
    panels = [
        c for c in itertools.combinations(ids, instance.panel_size) if meets_quotas(instance, c)
    ]
    h = highspy.Highs()
    h.silent()
    z = h.addVariable(lb=0, ub=1, obj=-1)
    lam = [h.addVariable(lb=0) for _ in panels]
    h.addConstr(sum(lam) == 1)
    for i in ids:
        h.addConstr(sum(lam[j] for j, p in enumerate(panels) if i in p) - z >= 0)
    h.run()
    return -h.getInfo().objective_function_value


def test_support_meets_quotas_and_marginals_sum_to_k():
    inst = synthetic_instance(300, 30, 4, seed=3, household_share=0.1)
    space = build_types(inst)
    dist = leximin(space, random.Random(1))
    assert abs(sum(dist.weights) - 1) < 1e-9
    assert all(meets_quotas(inst, ids) for ids in support_people(space, dist))
    total = sum(p * s for p, s in zip(dist.type_probability, space.sizes, strict=True))
    assert abs(total - inst.panel_size) < 1e-6


def test_known_optimum_of_symmetric_pool():
    # 20 of 200 with balanced quotas: everyone can have exactly 10 %.
    people = [
        person(f"p{i}", g="f" if i % 2 else "m", l="a" if i % 4 < 2 else "b") for i in range(200)
    ]
    quotas = [
        Quota("g", "f", 9, 20),
        Quota("g", "m", 9, 20),
        Quota("l", "a", 9, 20),
        Quota("l", "b", 9, 20),
    ]
    result = select_panel(make_instance(people, quotas, 20), seed=1, panels=0)
    assert abs(result.min_marginal - 0.1) < 1e-7
    assert abs(sum(result.marginals.values()) - 20) < 1e-6


@st.composite
def tiny_instances(draw):
    n = draw(st.integers(4, 8))
    k = draw(st.integers(1, min(4, n - 1)))
    values = {"a": ["x", "y"], "b": ["u", "v", "w"]}
    people = []
    for i in range(n):
        household = draw(st.sampled_from([None, None, "h1", "h2"]))
        people.append(
            person(
                f"p{i}",
                household,
                a=draw(st.sampled_from(values["a"])),
                b=draw(st.sampled_from(values["b"])),
            )
        )
    quotas = []
    for cat, vals in values.items():
        for v in vals:
            lo = draw(st.integers(0, 2))
            quotas.append(Quota(cat, v, lo, lo + draw(st.integers(0, k))))
    return make_instance(people, quotas, k, households=draw(st.booleans()))


@settings(max_examples=60, deadline=None)
@given(tiny_instances())
def test_minimum_equals_brute_force(instance):
    if not check_feasibility(instance).feasible:
        assert brute_force_maximin_or_none(instance) is None
        return
    expected = brute_force_maximin(instance)
    space = build_types(instance)
    dist = leximin(space, random.Random(0))
    assert abs(min(dist.type_probability) - expected) < 1e-6
    assert all(meets_quotas(instance, ids) for ids in support_people(space, dist))


def brute_force_maximin_or_none(instance):
    ids = [p.id for p in instance.people]
    ok = any(meets_quotas(instance, c) for c in itertools.combinations(ids, instance.panel_size))
    return 0.0 if ok else None


def test_legacy_style_pool_is_fairer_with_leximin():
    inst = two_by_two(60, 10)
    lex = select_panel(inst, seed=2, panels=0)
    old = select_panel(inst, algorithm="legacy", seed=2, legacy_samples=300)
    assert lex.min_marginal >= old.min_marginal - 1e-9
    assert meets_quotas(inst, old.panel)
    assert abs(sum(old.marginals.values()) - 10) < 1e-9


def test_every_level_reaches_the_relaxation_when_quotas_allow():
    # Three categories, so the quota polytope is not integral; yet here every level of the
    # LP relaxation's LEXIMIN is reached, which proves the whole lottery LEXIMIN-optimal.
    inst = synthetic_instance(200, 20, 3, seed=1)
    space = build_types(inst)
    dist = leximin(space, random.Random(1))
    bound, _ = relaxed_leximin(space)
    assert dist.stats["leximin_exact"] is True
    assert dist.stats["levels_exact"] == dist.stats["levels"] > 1
    for got, best in zip(dist.type_probability, bound, strict=True):
        assert abs(got - best) < 1e-6
    assert all(meets_quotas(inst, ids) for ids in support_people(space, dist))


def test_level_below_the_relaxation_is_proven_by_pricing():
    # x, y and z each need a partner type nobody has, so only {v, w} meets the quotas; the
    # relaxation mixes halves of x, y, z and promises everyone a third.
    people = [
        person("x", a="1", b="1", c="0"),
        person("y", a="0", b="1", c="1"),
        person("z", a="1", b="0", c="1"),
        person("v", a="1", b="1", c="1"),
        person("w", a="0", b="0", c="0"),
    ]
    quotas = [Quota(cat, val, 1, 1) for cat in "abc" for val in "01"]
    inst = make_instance(people, quotas, 2)
    space = build_types(inst)
    bound, _ = relaxed_leximin(space)
    assert abs(min(bound) - 1 / 3) < 1e-9
    dist = leximin(space, random.Random(0))
    by_id = {inst.people[space.members[t][0]].id: p for t, p in enumerate(dist.type_probability)}
    assert by_id == pytest.approx({"x": 0, "y": 0, "z": 0, "v": 1, "w": 1}, abs=1e-9)
    assert dist.stats["maximin"] == pytest.approx(0, abs=1e-9)
    assert dist.stats["leximin_exact"] is True


def test_relaxation_bounds_the_lottery_level_by_level():
    inst = synthetic_instance(300, 30, 4, seed=5, household_share=0.15)
    space = build_types(inst)
    dist = leximin(space, random.Random(3))
    bound, _ = relaxed_leximin(space)

    def people(per_type):
        return sorted(p for p, s in zip(per_type, space.sizes, strict=True) for _ in range(s))

    # Sorted per person, the lottery never beats the relaxation at the first place they differ.
    for got, best in zip(people(dist.type_probability), people(bound), strict=True):
        if abs(got - best) > 1e-6:
            assert got < best
            break
    assert dist.stats["maximin"] <= min(bound) + 1e-9
