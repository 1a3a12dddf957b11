"""Infeasible quotas: plain explanations and the smallest relaxation, returned as data."""

import dataclasses

from sortition_factories import person, two_by_two

from facilitate.sortition.feasibility import check_feasibility
from facilitate.sortition.model import Quota, make_instance


def with_quota(instance, category, value, lo, hi):
    quotas = [
        dataclasses.replace(q, min=lo, max=hi) if (q.category, q.value) == (category, value) else q
        for q in instance.quotas
    ]
    return make_instance(instance.people, quotas, instance.panel_size, instance.households)


def test_feasible_instance():
    assert check_feasibility(two_by_two()).feasible


def test_minimums_adding_up_beyond_the_seats():
    inst = with_quota(two_by_two(40, 8), "gender", "f", 6, 8)
    report = check_feasibility(inst)
    assert not report.feasible
    assert "The minimums for gender add up to 9 but there are 8 seats." in report.explanation
    assert sum(r.old_min - r.new_min for r in report.relaxation) == 1
    relaxed = relax(inst, report)
    assert check_feasibility(relaxed).feasible


def test_too_few_registrants_with_a_value():
    people = [person(f"p{i}", age="16-24" if i < 3 else "25+") for i in range(20)]
    quotas = [Quota("age", "16-24", 5, 6), Quota("age", "25+", 0, 10)]
    report = check_feasibility(make_instance(people, quotas, 10))
    assert "Only 3 people with age = 16-24 registered but the minimum is 5." in report.reasons
    assert [(r.category, r.value, r.old_min, r.new_min) for r in report.relaxation] == [
        ("age", "16-24", 5, 3)
    ]


def test_conflict_between_categories_is_narrowed_down():
    # Every young person is a man: 3 young and at most 1 man cannot both hold.
    people = [
        person(f"p{i}", g="m" if i < 4 else "f", a="young" if i < 4 else "old") for i in range(12)
    ]
    quotas = [
        Quota("g", "m", 0, 1),
        Quota("g", "f", 0, 6),
        Quota("a", "young", 3, 6),
        Quota("a", "old", 0, 6),
    ]
    report = check_feasibility(make_instance(people, quotas, 6))
    assert not report.feasible
    assert sorted(report.conflict) == [("a", "young", "min", 3), ("g", "m", "max", 1)]
    assert "g = m max 1" in report.explanation and "a = young min 3" in report.explanation
    assert (
        sum(abs(r.new_min - r.old_min) + abs(r.new_max - r.old_max) for r in report.relaxation) == 2
    )


def test_households_count_once():
    people = [
        person(f"p{i}", "same" if i < 4 else f"h{i}", g="m" if i < 4 else "f") for i in range(8)
    ]
    quotas = [Quota("g", "m", 2, 4), Quota("g", "f", 0, 4)]
    report = check_feasibility(make_instance(people, quotas, 4, households=True))
    assert not report.feasible
    assert "Only 1 households with g = m registered but the minimum is 2." in report.reasons
    assert check_feasibility(make_instance(people, quotas, 4)).feasible


def relax(instance, report):
    changes = {(r.category, r.value): (r.new_min, r.new_max) for r in report.relaxation}
    quotas = [
        dataclasses.replace(
            q, min=changes[(q.category, q.value)][0], max=changes[(q.category, q.value)][1]
        )
        if (q.category, q.value) in changes
        else q
        for q in instance.quotas
    ]
    return make_instance(instance.people, quotas, instance.panel_size, instance.households)
