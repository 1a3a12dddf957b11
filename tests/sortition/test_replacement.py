"""Replacements: fill the dropouts' seats within the quotas, or as close as possible."""

from sortition_factories import meets_quotas, person

from facilitate.sortition import draw_replacements, select_panel, verify_record
from facilitate.sortition.model import Quota, make_instance
from facilitate.sortition.synthetic import synthetic_instance


def test_exact_replacement_meets_quotas_and_verifies():
    inst = synthetic_instance(200, 20, 4, seed=2, household_share=0.1)
    panel = select_panel(inst, seed=1, panels=100).panel
    dropouts = panel[:3]
    result = draw_replacements(inst, panel, dropouts, seed=9, panels=100)
    assert len(result.replacements) == 3 and not set(result.replacements) & set(panel)
    assert result.total_deviation == 0 and result.deviations == []
    assert meets_quotas(inst, result.panel)
    assert verify_record(result.record, inst).ok
    assert abs(sum(result.marginals.values()) - 3) < 1e-6


def test_least_deviation_when_the_pool_cannot_match():
    people = [
        person("a1", g="f"),
        person("a2", g="f"),
        person("b1", g="m"),
        person("b2", g="m"),
        person("b3", g="m"),
    ]
    quotas = [Quota("g", "f", 2, 2), Quota("g", "m", 2, 2)]
    inst = make_instance(people, quotas, 4)
    # a2 drops out; no woman is left in the pool, so a man takes the seat.
    result = draw_replacements(inst, ["a1", "a2", "b1", "b2"], ["a2"], seed=1, panels=10)
    assert result.replacements == ["b3"]
    assert result.total_deviation == 2
    assert {(d.value, d.new_min, d.new_max) for d in result.deviations} == {
        ("f", 1, 2),
        ("m", 2, 3),
    }
