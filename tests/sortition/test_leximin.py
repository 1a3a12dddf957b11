"""LEXIMIN: every panel meets the quotas, and the minimum matches a brute-force optimum."""

import itertools
import random

import highspy
from hypothesis import given, settings
from hypothesis import strategies as st
from sortition_factories import meets_quotas, person, two_by_two

from facilitate.sortition.agent_types import build_types
from facilitate.sortition.feasibility import check_feasibility
from facilitate.sortition.leximin import leximin
from facilitate.sortition.model import Quota, make_instance
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
