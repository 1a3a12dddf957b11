"""Same seed, same panel; verify re-derives it and notices tampering."""

import copy
import hashlib
from random import Random

import pytest
from sortition_factories import meets_quotas, two_by_two

from facilitate.sortition import select_panel, verify_record
from facilitate.sortition.agent_types import build_types
from facilitate.sortition.audit import seal
from facilitate.sortition.leximin import Distribution
from facilitate.sortition.rounding import round_distribution
from facilitate.sortition.synthetic import synthetic_instance


def test_same_seed_same_panel_and_record_verifies():
    inst = synthetic_instance(120, 12, 3, seed=5, household_share=0.15)
    one = select_panel(inst, seed=11, panels=200)
    two = select_panel(inst, seed=11, panels=200)
    assert one.panel == two.panel and one.record["panels"] == two.record["panels"]
    assert one.record["panels"][one.record["panel_index"]] == one.panel
    assert len(one.record["panels"]) == 200
    check = verify_record(one.record, inst)
    assert check.ok, check.problems
    for key in (
        "pool_sha256",
        "quotas_sha256",
        "solver",
        "seed",
        "randomness",
        "started_at",
        "finished_at",
        "probabilities",
        "library_version",
        "algorithm",
    ):
        assert key in one.record


def test_tampered_record_and_pool_are_detected():
    inst = two_by_two(30, 6)
    result = select_panel(inst, seed=3, panels=50)
    forged = copy.deepcopy(result.record)
    by_id = {p.id: p for p in inst.people}
    out = forged["panel"][0]
    # A same-type stand-in keeps the quotas, so only the list and the re-run can tell.
    forged["panel"][0] = next(
        p.id for p in inst.people if p.id not in forged["panel"] and p.values == by_id[out].values
    )
    assert not verify_record(forged, inst).ok
    forged["record_sha256"] = seal(forged)
    problems = verify_record(forged, inst).problems
    assert "the drawn panel is not panel" in problems[-1]
    # A forged list that still contains the forged panel is caught by the re-run.
    forged["panels"][forged["panel_index"]] = sorted(forged["panel"])
    forged["record_sha256"] = seal(forged)
    problems = verify_record(forged, inst).problems
    assert "re-running the draw gives a different list of published panels" in problems
    other = two_by_two(30, 6, seed_shift=1)
    assert "respondents differ" in verify_record(result.record, other).problems[0]


NUMBERS = [f"58-12-33-{n:02d}" for n in range(8)]


def _pick(number: str, count: int) -> int:
    """Redo the pick by hand, as anyone can: SHA-256 of "public:<number>" modulo the panels."""
    return int(hashlib.sha256(f"public:{number}".encode()).hexdigest(), 16) % count


def test_public_random_number_picks_the_panel():
    inst = two_by_two(30, 6)
    results = {n: select_panel(inst, seed=3, panels=100, public_random=n) for n in NUMBERS}
    lottery = results[NUMBERS[0]].record["panels"]
    for number, result in results.items():
        # The seed fixes the published lottery; the public number alone picks from it.
        assert result.record["panels"] == lottery
        assert result.record["randomness"] == {"source": "public", "value": number}
        index = _pick(number, len(lottery))
        assert result.record["panel_index"] == index
        assert result.panel == sorted(lottery[index])
    # Different numbers give different panels: the number, not the seed, chooses.
    assert len({tuple(r.panel) for r in results.values()}) >= len(NUMBERS) // 2
    # The same number gives the same panel, whenever it is drawn again.
    again = select_panel(inst, seed=3, panels=100, public_random=NUMBERS[0])
    assert again.panel == results[NUMBERS[0]].panel
    assert verify_record(results[NUMBERS[0]].record, inst).ok


def test_verify_rejects_a_panel_the_public_number_does_not_pick():
    inst = two_by_two(30, 6)
    record = select_panel(inst, seed=3, panels=100, public_random=NUMBERS[0]).record
    chosen = record["panel_index"]
    other = next(
        i for i, p in enumerate(record["panels"]) if sorted(p) != sorted(record["panels"][chosen])
    )
    # Another published panel, with its index, resealed: every quota is met, but the number
    # does not pick it.
    forged = copy.deepcopy(record)
    forged["panel"], forged["panel_index"] = sorted(record["panels"][other]), other
    forged["record_sha256"] = seal(forged)
    check = verify_record(forged, inst)
    assert not check.ok
    assert f"the randomness picks panel {chosen}, the record says {other}" in check.problems
    # The same panel claimed for another number (resealed) is refused too.
    moved = next(n for n in NUMBERS if _pick(n, 100) != chosen)
    forged = copy.deepcopy(record)
    forged["randomness"] = {"source": "public", "value": moved}
    forged["record_sha256"] = seal(forged)
    check = verify_record(forged, inst)
    assert not check.ok
    assert f"the randomness picks panel {_pick(moved, 100)}, the record says {chosen}" in (
        check.problems
    )


def test_lottery_panels_meet_quotas_and_stay_close():
    inst = synthetic_instance(200, 20, 4, seed=8)
    result = select_panel(inst, seed=4, panels=300)
    assert all(meets_quotas(inst, p) for p in result.record["panels"])
    counts = {}
    for p in result.record["panels"]:
        for i in p:
            counts[i] = counts.get(i, 0) + 1
    worst = max(abs(counts.get(i, 0) / 300 - q) for i, q in result.marginals.items())
    assert abs(worst - result.lottery["max_deviation"]) < 1e-9
    assert worst < 0.02


def test_lottery_keeps_households_apart():
    inst = synthetic_instance(150, 15, 3, seed=6, household_share=0.3)
    assert inst.households and any(p.household for p in inst.people)
    result = select_panel(inst, seed=2, panels=200)
    assert all(meets_quotas(inst, p) for p in result.record["panels"])


def test_rounding_reports_what_no_lottery_of_m_panels_can_beat():
    inst = synthetic_instance(200, 20, 4, seed=8)
    for m in (50, 1000):
        lottery = select_panel(inst, seed=4, panels=m).lottery
        assert 0.0 < lottery["deviation_lower_bound"] <= lottery["max_deviation"] + 1e-12
        assert lottery["deviation_lower_bound"] <= 0.5 / m + 1e-12
    space = build_types(two_by_two(30, 6))
    panel = ((0, 1), (2, 2), (3, 3))
    probability = [0.0] * len(space)
    for t, c in panel:
        probability[t] = c / space.sizes[t]
    dist = Distribution([panel], [1.0], probability)
    # 24 panels give each member of each type exactly its share; 10 panels cannot.
    exact = round_distribution(dist, space, 24, Random(0))
    assert exact.lower_bound == 0.0 and exact.max_deviation < 1e-12
    coarse = round_distribution(dist, space, 10, Random(0))
    # Members of types 2 and 3 should sit on 2.5 and 7.5 of the 10 panels: half a panel off.
    assert coarse.lower_bound == pytest.approx(0.5 / 10)
    assert coarse.max_deviation >= coarse.lower_bound


def test_record_of_another_version_is_checked_against_its_published_lottery():
    inst = two_by_two(30, 6)
    record = copy.deepcopy(select_panel(inst, seed=3, panels=50).record)
    record["library_version"] = "0.9.0"
    record["record_sha256"] = seal(record)
    result = verify_record(record, inst)
    assert result.ok and "made by facilitate.sortition 0.9.0" in result.notes[0]
    # Without the re-run, a published panel that breaks the quotas is still caught.
    women = [p.id for p in inst.people if p.value("gender") == "f"]
    record["panels"][(record["panel_index"] + 1) % 50] = women[:6]
    record["record_sha256"] = seal(record)
    result = verify_record(record, inst)
    assert not result.ok and "outside" in result.problems[0]
    assert result.problems[0].startswith(f"published panel {(record['panel_index'] + 1) % 50}:")
    legacy = copy.deepcopy(select_panel(inst, algorithm="legacy", seed=3, legacy_samples=20).record)
    legacy["library_version"] = "0.9.0"
    legacy["record_sha256"] = seal(legacy)
    assert "needs version 0.9.0" in verify_record(legacy, inst).problems[0]
