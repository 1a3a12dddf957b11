"""Reserves drawn with the panel: reproducible, verifiable, and they keep the quotas."""

import random
from collections import Counter

import pytest
from sortition_factories import meets_quotas, person

from facilitate.sortition import InputError, select_panel, verify_record
from facilitate.sortition.audit import panel_index, seal
from facilitate.sortition.model import Quota, make_instance
from facilitate.sortition.replacement import compare_replacements
from facilitate.sortition.reserves import Dropout, draw_reserves, fill_from_reserves
from facilitate.sortition.synthetic import synthetic_instance


@pytest.fixture(scope="module")
def drawn():
    inst = synthetic_instance(120, 12, 2, seed=4)
    return inst, select_panel(inst, seed=11, panels=60, reserves=5)


def test_reserves_are_reproducible_from_the_seed(drawn):
    inst, first = drawn
    again = select_panel(inst, seed=11, panels=60, reserves=5)
    assert again.reserves == first.reserves and len(first.reserves) == 5
    assert again.record["reserves"] == first.record["reserves"]
    assert not set(first.reserves) & set(first.panel)
    other = select_panel(inst, seed=12, panels=60, reserves=5)
    assert other.reserves != first.reserves


def test_reserve_chances_add_up_to_the_places_and_match_the_draw(drawn):
    inst, result = drawn
    chances = result.record["reserves"]["probabilities"]
    assert set(chances) == set(result.record["probabilities"])
    assert abs(sum(chances.values()) - 5) < 1e-9
    # The published chances are what the procedure gives when the randomness is unknown:
    # draw the panel index and the reserves with many public values and count.
    published = result.record["panels"]
    estimate, trials = Counter(), 3000
    dropout = Dropout.from_dict(result.record["reserves"]["dropout"])
    for n in range(trials):
        randomness = {"source": "public", "value": f"r{n}"}
        panel = published[panel_index(randomness, len(published))]
        estimate.update(draw_reserves(inst, panel, 5, randomness["value"], dropout).order)
    worst = max(abs(estimate[i] / trials - p) for i, p in chances.items())
    assert worst < 0.04, worst


def _resealed(record, **changes):
    tampered = {**record, **changes}
    tampered["record_sha256"] = seal(tampered)
    return tampered


def test_verify_accepts_the_record_and_detects_a_tampered_reserve_list(drawn):
    inst, result = drawn
    record = result.record
    assert verify_record(record, inst).ok
    order = record["reserves"]["order"]
    outsider = next(p.id for p in inst.people if p.id not in order and p.id not in record["panel"])
    reordered = _resealed(record, reserves={**record["reserves"], "order": order[::-1]})
    swapped = _resealed(record, reserves={**record["reserves"], "order": [outsider, *order[1:]]})
    seated = _resealed(record, reserves={**record["reserves"], "order": [record["panel"][0]]})
    reseeded = _resealed(record, seed=record["seed"] + 1)
    unsealed = {**record, "reserves": {**record["reserves"], "order": order[::-1]}}
    for tampered in (reordered, swapped, seated, reseeded, unsealed):
        check = verify_record(tampered, inst)
        assert not check.ok, tampered["reserves"]["order"]
    assert "a reserve is also on the panel" in verify_record(seated, inst).problems
    assert any("reserve list" in p for p in verify_record(reordered, inst).problems)
    # Dropping the reserves from the record is caught too.
    bare = _resealed(record)
    del bare["reserves"]
    bare["record_sha256"] = seal(bare)
    assert not verify_record(bare, inst).ok


def test_the_first_reserve_who_keeps_the_quotas_takes_the_seat():
    people = [person("f1", g="f"), person("f2", g="f"), person("m1", g="m")]
    people += [person("m2", g="m"), person("m3", g="m"), person("f3", g="f")]
    inst = make_instance(people, [Quota("g", "f", 2, 2), Quota("g", "m", 2, 2)], 4)
    # f2 left: m3 is first on the list but a man would break the quotas; f3 fits.
    assert fill_from_reserves(inst, ["f1", "m1", "m2"], 1, ["m3", "f3"]) == ["f3"]
    # No woman among the reserves: nobody is seated, the seat is left to a redraw.
    assert fill_from_reserves(inst, ["f1", "m1", "m2"], 1, ["m3"]) == []
    # Two seats: the earliest pair that completes the panel, skipping an earlier misfit.
    assert fill_from_reserves(inst, ["f1", "m1"], 2, ["m3", "f3", "m2"]) == ["m3", "f3"]


def test_dropout_by_group_and_bad_estimates():
    estimate = Dropout(0.1, (("age", "young", 0.3),))
    assert estimate.of(person("a", age="young")) == 0.3
    assert estimate.of(person("b", age="old")) == 0.1
    assert Dropout.from_dict(estimate.to_dict()) == estimate
    with pytest.raises(InputError):
        Dropout(1.5)


def test_reserves_need_a_published_leximin_lottery():
    inst = synthetic_instance(60, 6, 2, seed=1)
    with pytest.raises(InputError):
        select_panel(inst, algorithm="legacy", seed=1, reserves=2)
    with pytest.raises(InputError):
        select_panel(inst, seed=1, panels=0, reserves=2)


def test_reserves_keep_the_quotas_about_as_often_as_a_later_redraw():
    """Simulated dropouts (everyone, reserves and the rest of the pool too, unavailable with the
    same probability): the drawn reserves hold the quotas in nearly every pattern a redraw from
    the whole rest of the pool does — never more, since they are part of that rest — while as
    many reserves picked at random fall well short."""
    inst = synthetic_instance(200, 20, 2, seed=3)
    result = select_panel(inst, seed=5, panels=100, reserves=8)
    others = [p.id for p in inst.people if p.id not in result.panel]
    at_random = random.Random(1).sample(others, 8)
    held = compare_replacements(
        inst,
        result.panel,
        {"reserves": result.reserves, "random": at_random},
        Dropout(0.1),
        trials=300,
        rng=random.Random(9),
    )
    assert held["reserves"] <= held["redraw"]
    assert held["reserves"] >= 0.98 * held["redraw"], held
    assert held["random"] < 0.9 * held["redraw"], held


def test_household_rule_keeps_reserves_apart_from_the_panel():
    inst = synthetic_instance(150, 12, 2, seed=6, household_share=0.3)
    result = select_panel(inst, seed=3, panels=50, reserves=6)
    homes = {p.id: p.household for p in inst.people}
    taken = {homes[i] for i in result.panel}
    listed = [homes[i] for i in result.reserves]
    assert not taken & set(listed) and len(set(listed)) == len(listed)
    assert abs(sum(result.record["reserves"]["probabilities"].values()) - 6) < 1e-9
    assert verify_record(result.record, inst).ok
    assert meets_quotas(inst, result.panel)
