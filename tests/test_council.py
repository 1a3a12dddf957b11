"""The standing council over three years of dated events, and its rules one by one."""

import random
from collections import Counter
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from facilitate.council import convening, services
from facilitate.council import topics as topic_services
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus
from facilitate.models.council import (
    CandidateSource,
    CouncilRotation,
    StepKind,
    TopicSource,
    TopicStatus,
)
from facilitate.months import add_months
from tests import factories

RULES = {
    "gender": [["female", 50.0], ["male", 50.0]],
    "age": [["16-34", 30.0], ["35-59", 40.0], ["60+", 30.0]],
    "area": [["north", 50.0], ["south", 50.0]],
}


def make_council(**settings):
    admin = factories.user(is_admin=True)
    data = {"slug": "buergerrat", "name": "Bürgerrat", "quota_rules": RULES, **settings}
    council = services.create_council(data, admin)
    db.session.commit()
    return council, admin


def add_pool(council, count, on, rng, source=CandidateSource.ASSEMBLY, appointed=False, **fixed):
    for n in range(count):
        values = {c: rng.choice([v for v, _s in vs]) for c, vs in RULES.items()}
        values.update(fixed)
        services.add_candidate(
            council,
            {
                "name": f"{source.value} {on} {n}",
                "values": values,
                "source": source,
                "appointed": appointed,
                "opted_in_on": on,
            },
        )
    db.session.flush()


def balanced_appointments(council, on):
    """Twenty-four appointees, spread evenly over every category."""
    for n in range(24):
        values = {
            "gender": ("female", "male")[n % 2],
            "age": ("16-34", "35-59", "60+")[n % 3],
            "area": ("north", "south")[(n // 2) % 2],
        }
        services.add_candidate(
            council,
            {
                "name": f"Appointee {n}",
                "values": values,
                "source": CandidateSource.PILOT,
                "appointed": True,
                "opted_in_on": on,
            },
        )


def within_quotas(council, day):
    counts = Counter()
    for term in services.sitting_terms(council, day):
        for category, value in term.candidate.values.items():
            counts[(category, value)] += 1
    return [
        f"{q.category}={q.value}: {counts[(q.category, q.value)]} not in {q.min}–{q.max}"
        for q in services.target_quotas(council)
        if not q.min <= counts[(q.category, q.value)] <= q.max
    ]


def assert_seated(council, day):
    sitting = services.sitting_terms(council, day)
    assert len(sitting) == 24, f"{day}: {len(sitting)} seats filled"
    assert len({t.seat for t in sitting}) == 24
    assert all(t.ends_on > day for t in sitting), f"{day}: someone sits past their term"
    assert sorted(Counter(t.ends_on for t in sitting).values()) == [8, 8, 8]


def chosen_topic(council, title):
    topic = topic_services.propose_topic(
        council, {"title": title, "source": TopicSource.GOVERNMENT, "proposed_by": "Government"}
    )
    topic.status = TopicStatus.CHOSEN
    topic.mandate = f"Recommend what to do about {title}."
    return topic


def meetings(first):
    return [first, add_months(first, 1), add_months(first, 2)]


def test_three_years_of_a_standing_council(app):
    """Rotations every six months, an early departure, assemblies, an election and deadlines."""
    council, admin = make_council()
    rng = random.Random(8)
    start = date(2025, 9, 1)
    balanced_appointments(council, start)
    add_pool(council, 40, start, rng, source=CandidateSource.LOTTERY)
    services.add_election(council, date(2028, 5, 28), "Community election")

    first = services.run_rotation(council, start, seed=1, user=admin)
    assert first.kind == "first" and first.drawn == 0  # appointees need no draw
    assert_seated(council, start)
    assert services.next_rotation_on(council, start) == date(2026, 3, 1)

    rotation_dates = [add_months(start, 6 * k) for k in range(1, 7)]
    assembly_plan = {
        date(2026, 1, 10): date(2026, 4, 18),
        date(2026, 5, 2): date(2026, 9, 5),
        date(2026, 8, 1): date(2026, 10, 10),
        date(2027, 6, 5): date(2027, 9, 11),
    }
    convened = []
    left_early = None
    for k, on in enumerate(rotation_dates, start=1):
        for when, first_meeting in sorted(assembly_plan.items()):
            if add_months(on, -6) <= when < on:
                topic = chosen_topic(council, f"CouncilTopic {when}")
                convened.append(
                    convening.convene_assembly(
                        council, topic, 30, meetings(first_meeting), when, admin
                    )
                )
                # The assembly's members who agreed to serve join the pool.
                add_pool(council, 12, add_months(first_meeting, 3), rng)
        if k == 3:
            # A member leaves early; the vacancy is filled from the pool and keeps the seat's end.
            left_early = services.sitting_terms(council, date(2027, 1, 15))[0]
            services.end_term(left_early, date(2027, 1, 15), "moved away", None)
            assert services.next_rotation_on(council, date(2027, 1, 15)) == date(2027, 1, 15)
            fill = services.run_rotation(council, date(2027, 2, 1), seed=99, user=admin)
            assert fill.drawn == 1 and fill.record["kind"] == "selection"
            assert_seated(council, date(2027, 2, 1))
        moved = []
        if k == 5:
            # Nobody young is left in the pool: the quota cannot be met and the page says why.
            for candidate in services.eligible_pool(council, on):
                if candidate.values["age"] == "16-34":
                    candidate.withdrawn_on = add_months(on, -1)
            # Enough young members who would stay move away for the seats to fill to need a
            # young person, whoever the earlier draws seated.
            young_min = next(q.min for q in services.target_quotas(council) if q.value == "16-34")
            staying_young = [
                t
                for t in services.sitting_terms(council, on)
                if t.ends_on > on and t.candidate.values["age"] == "16-34"
            ]
            moved = staying_young[: max(0, len(staying_young) - young_min + 1)]
            for term in moved:
                services.end_term(term, add_months(on, -1), "moved away", None)
        if k == 6:
            # A fresh lottery brings young residents back into the pool.
            add_pool(council, 20, add_months(on, -2), rng, CandidateSource.LOTTERY, age="16-34")
        if k == 5:
            # No seat changes until a person accepts the proposed relaxation.
            with pytest.raises(services.RelaxationNeeded) as needed:
                services.run_rotation(council, on, seed=k, user=admin)
            assert any(c["value"] == "16-34" for c in needed.value.proposal["changes"])
            assert not any(t.left_on == on for t in council.terms)
            # An accepted relaxation counts only for the pool it was proposed for.
            stale = {**needed.value.proposal, "changes": needed.value.proposal["changes"][1:]}
            with pytest.raises(services.RelaxationNeeded):
                services.run_rotation(council, on, seed=k, user=admin, relaxation=stale)
            rotation = services.run_rotation(
                council, on, seed=k, user=admin, relaxation=needed.value.proposal
            )
        else:
            rotation = services.run_rotation(council, on, seed=k, user=admin)
        db.session.commit()
        assert rotation.leaving == 8 and rotation.drawn == 8 + len(moved)
        assert rotation.record["panel"] and rotation.record["seed"] == k
        assert_seated(council, on)
        assert_seated(council, add_months(on, 3))
        leavers = [t for t in council.terms if t.left_on == on]
        assert all(t.ends_on == on and t.left_reason == "term ended" for t in leavers)
        if k == 5:
            assert "16-34" in rotation.explanation
            assert any(q[1] == "16-34" and q[2] == 0 for q in rotation.quotas_used)
        else:
            assert rotation.explanation == ""
            assert within_quotas(council, on) == [], f"rotation {k}"

    assert left_early.left_on == date(2027, 1, 15)
    replacement = next(t for t in council.terms if t.starts_on == date(2027, 2, 1))
    assert replacement.seat == left_early.seat and replacement.ends_on == left_early.ends_on
    # Everyone drawn at a scheduled rotation served exactly 18 months.
    full = [t for t in council.terms if t.left_on and t.starts_on in rotation_dates]
    assert full and all(t.ends_on == add_months(t.starts_on, 18) for t in full)
    assert db.session.scalar(db.select(db.func.count(CouncilRotation.id))) == 8

    # Limits: a fourth assembly in 2026 and one meeting in the election blackout are refused.
    with pytest.raises(CouncilRefused) as refused:
        convening.convene_assembly(
            council,
            chosen_topic(council, "Fourth"),
            30,
            meetings(date(2026, 11, 7)),
            date(2026, 8, 15),
            admin,
        )
    assert "2026 already has 3 assemblies" in refused.value.reasons[0]
    with pytest.raises(CouncilRefused) as refused:
        convening.convene_assembly(
            council,
            chosen_topic(council, "Blackout"),
            30,
            meetings(date(2028, 1, 13)),
            date(2027, 10, 1),
            admin,
        )
    assert "2027-11-28" in refused.value.reasons[0] and "2028-05-28" in refused.value.reasons[0]
    assert len(convening.convened_assemblies(council)) == 4
    for c in convening.convened_assemblies(council):
        dates = [date.fromisoformat(d) for d in c.meeting_dates]
        blackout = add_months(date(2028, 5, 28), -6)
        assert not any(blackout <= d <= date(2028, 5, 28) for d in dates)

    # Deadlines: hand-over 30 days after the last meeting, response 3 months later, review 12.
    april = next(c for c in convened if c.meeting_dates[0] == "2026-04-18")
    steps = {s.kind: s for s in april.steps}
    assert steps[StepKind.HANDOVER].due_on == date(2026, 7, 18)
    assert steps[StepKind.RESPONSE].due_on == date(2026, 10, 18)
    assert steps[StepKind.REVIEW].due_on == date(2027, 10, 18)
    convening.record_step(steps[StepKind.HANDOVER], date(2026, 7, 10), "Committee met")
    today = date(2026, 11, 1)
    assert not steps[StepKind.HANDOVER].overdue_on(today)
    assert steps[StepKind.RESPONSE].overdue_on(today)
    assert not steps[StepKind.REVIEW].overdue_on(today)
    assert steps[StepKind.RESPONSE] in convening.overdue_steps(council, today)
    assembly = db.session.get(Assembly, april.assembly_id)
    assert assembly.status is AssemblyStatus.RECRUITING and assembly.invitation_only
    assert 25 <= assembly.panel_size <= 50 and [c.name for c in assembly.categories] == list(RULES)


def test_a_rotation_runs_once_per_date(app):
    council, admin = make_council()
    balanced_appointments(council, date(2025, 9, 1))
    services.run_rotation(council, date(2025, 9, 1), seed=1, user=admin)
    db.session.commit()
    with pytest.raises(CouncilRefused, match="already held on 2025-09-01"):
        services.run_rotation(council, date(2025, 9, 1), seed=2, user=admin)
    db.session.rollback()
    db.session.add(CouncilRotation(council_id=council.id, held_on=date(2025, 9, 1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def accepting(council, on, seed):
    """Hold a draw whose quotas the pool cannot meet, as a person accepting the relaxation."""
    with pytest.raises(services.RelaxationNeeded) as needed:
        services.run_rotation(council, on, seed=seed)
    assert not any(t.left_on == on or t.starts_on == on for t in council.terms)
    return services.run_rotation(council, on, seed=seed, relaxation=needed.value.proposal)


def test_a_short_pool_leaves_seats_empty_and_says_so(app):
    council, admin = make_council()
    rng = random.Random(3)
    balanced_appointments(council, date(2025, 9, 1))
    services.run_rotation(council, date(2025, 9, 1), seed=1)
    add_pool(council, 5, date(2025, 10, 1), rng)
    rotation = accepting(council, date(2026, 3, 1), seed=2)
    assert rotation.drawn == 5
    assert "Only 5 people are in the pool for 8 seats: 3 seats stay empty." in rotation.explanation
    assert len(services.sitting_terms(council, date(2026, 3, 1))) == 21
    assert services.next_rotation_on(council, date(2026, 3, 2)) == date(2026, 3, 2)


def test_overstay_when_configured(app):
    council, admin = make_council(allow_overstay=True)
    rng = random.Random(4)
    balanced_appointments(council, date(2025, 9, 1))
    services.run_rotation(council, date(2025, 9, 1), seed=1)
    add_pool(council, 5, date(2025, 10, 1), rng)
    rotation = accepting(council, date(2026, 3, 1), seed=2)
    assert len(services.sitting_terms(council, date(2026, 3, 1))) == 24
    assert "3 members whose term ended stay until 2026-09-01" in rotation.explanation


def test_paris_style_council_replaces_everyone_each_year(app):
    council, admin = make_council(seats=100, term_months=12, rotation_interval_months=12)
    rng = random.Random(5)
    add_pool(council, 260, date(2025, 1, 1), rng, source=CandidateSource.LOTTERY)
    first = services.run_rotation(council, date(2025, 1, 1), seed=1)
    assert first.drawn == 100 and first.explanation == ""
    assert {t.ends_on for t in council.terms} == {date(2026, 1, 1)}
    again = services.run_rotation(council, date(2026, 1, 1), seed=2)
    assert again.leaving == 100 and again.drawn == 100
    assert within_quotas(council, date(2026, 1, 1)) == []


def test_convening_checks_panel_size_and_meetings(app):
    council, admin = make_council()
    topic = chosen_topic(council, "Schools")
    today = date(2026, 1, 5)
    problems = convening.convening_problems(council, 60, [date(2026, 4, 1)], today)
    assert "between 25 and 50" in problems[0] and "at least 3 meetings" in problems[1]
    spread = [date(2026, 4, 1), date(2026, 6, 1), date(2026, 8, 1)]
    assert "within 3 months" in convening.convening_problems(council, 30, spread, today)[0]
    topic.mandate = ""
    with pytest.raises(CouncilRefused, match="mandate"):
        convening.convene_assembly(council, topic, 30, meetings(date(2026, 4, 1)), today, admin)
    assert db.session.scalar(db.select(db.func.count(Assembly.id))) == 0
