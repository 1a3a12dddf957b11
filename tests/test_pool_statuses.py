"""Statuses organisers set: ineligible, withdrawn, duplicate, eligible again; only the eligible count."""

import json

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Registrant, RegistrantStatus, Role, SelectionRun
from facilitate.models.audit import AuditEntry
from facilitate.models.registrants import IneligibleRule
from facilitate.pool import queries, statuses
from facilitate.refusals import Refused
from facilitate.selection import services as selection
from facilitate.selection.engine import pool_instance
from facilitate.selection.jobs import run_selection
from tests import factories


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    return factories.drawable_assembly(organiser, size=30)


def people(assembly, n):
    return db.session.scalars(
        select(Registrant).where(Registrant.assembly_id == assembly.id).order_by(Registrant.id)
    ).all()[:n]


def post_status(client, person, **data):
    return client.post(f"/assemblies/draw/pool/{person.id}/status", data=data)


def status_entries():
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "pool.status").order_by(AuditEntry.seq)
    ).all()


def test_each_change_is_audited_with_before_and_after(client, login, organiser, assembly):
    login(organiser)
    first, second, kept = people(assembly, 3)
    assert (
        post_status(
            client, first, status="ineligible", rule="residence", reason="Moved to Lyon"
        ).status_code
        == 302
    )
    assert post_status(client, second, status="withdrawn", reason="Phoned to withdraw")
    assert post_status(
        client, second, status="duplicate", duplicate_of=kept.reference.lower(), reason="Twice"
    )
    assert post_status(client, first, status="registered", reason="Moved back")
    db.session.expire_all()
    assert db.session.get(Registrant, first.id).status is RegistrantStatus.REGISTERED
    twice = db.session.get(Registrant, second.id)
    assert twice.status is RegistrantStatus.DUPLICATE and twice.duplicate_of_id == kept.id
    assert twice.status_reason == "Twice"

    entries = status_entries()
    assert [e.target for e in entries] == [
        f"registrant:{first.reference}",
        f"registrant:{second.reference}",
        f"registrant:{second.reference}",
        f"registrant:{first.reference}",
    ]
    assert all(e.actor_id == organiser.id and e.assembly_id == assembly.id for e in entries)
    changes = [(json.loads(e.before), json.loads(e.after)) for e in entries]
    assert changes[0] == (
        {"status": "registered", "reason": "", "rule": None, "duplicate_of": None},
        {
            "status": "ineligible",
            "reason": "Moved to Lyon",
            "rule": "residence",
            "duplicate_of": None,
        },
    )
    assert changes[2][0]["status"] == "withdrawn"
    assert changes[2][1] == {
        "status": "duplicate",
        "reason": "Twice",
        "rule": None,
        "duplicate_of": kept.reference,
    }
    assert changes[3][1] == {
        "status": "registered",
        "reason": "Moved back",
        "rule": None,
        "duplicate_of": None,
    }


def test_the_registrant_page_offers_the_change_and_shows_the_link(
    client, login, organiser, assembly
):
    login(organiser)
    twice, kept = people(assembly, 2)
    statuses.set_status(
        twice, RegistrantStatus.DUPLICATE, reason="Same person", duplicate_of=kept, actor=organiser
    )
    db.session.commit()
    page = client.get(f"/assemblies/draw/pool/{twice.id}").get_data(as_text=True)
    assert f"/assemblies/draw/pool/{kept.id}" in page and "Same person" in page
    assert f"/assemblies/draw/pool/{twice.id}/status" in page
    kept_page = client.get(f"/assemblies/draw/pool/{kept.id}").get_data(as_text=True)
    assert f"/assemblies/draw/pool/{twice.id}" in kept_page


def _exclude_three(assembly, organiser):
    ineligible, withdrawn, duplicate, kept = people(assembly, 4)
    statuses.set_status(
        ineligible,
        RegistrantStatus.INELIGIBLE,
        reason="Born 2012",
        rule=IneligibleRule.MINIMUM_AGE,
        actor=organiser,
    )
    statuses.set_status(withdrawn, RegistrantStatus.WITHDRAWN, reason="Asked", actor=organiser)
    statuses.set_status(
        duplicate, RegistrantStatus.DUPLICATE, reason="Twice", duplicate_of=kept, actor=organiser
    )
    db.session.commit()
    return {ineligible.reference, withdrawn.reference, duplicate.reference}


def test_excluded_people_are_never_drawn(organiser, assembly):
    excluded = _exclude_three(assembly, organiser)
    run = selection.start_run(
        assembly, organiser, {"algorithm": "leximin", "seed": 3, "panels": 100, "households": True}
    )
    run_selection(run.id)
    record = json.loads(db.session.get(SelectionRun, run.id).record)["record"]
    assert record["pool_size"] == 27
    assert not excluded & set(record["probabilities"]) and not excluded & set(record["panel"])
    assert len(record["panel"]) == 5


def test_counts_chart_and_feasibility_count_only_the_eligible(client, login, organiser, assembly):
    before = queries.composition(assembly)
    excluded = _exclude_three(assembly, organiser)
    # Every one excluded answered some value; the chart's counts drop by three per category.
    after = queries.composition(assembly)
    for was, now in zip(before, after, strict=True):
        assert sum(r["count"] for r in was["rows"]) == 30
        assert sum(r["count"] for r in now["rows"]) == 27
    counts = queries.status_counts(assembly)
    assert (counts["registered"], counts["ineligible"], counts["withdrawn"]) == (27, 1, 1)
    assert counts["duplicate"] == 1
    instance = pool_instance(assembly, households=True)
    assert len(instance.people) == 27
    assert not excluded & {p.id for p in instance.people}
    login(organiser)
    page = client.get("/assemblies/draw/pool/").get_data(as_text=True)
    assert "<strong>27</strong>Registered" in page and "<strong>1</strong>Ineligible" in page


@pytest.mark.parametrize(
    "case",
    [
        "itself",
        "chain",
        "kept_for_others",
        "selected",
        "no_rule",
        "no_reason",
        "already",
        "unknown",
    ],
)
def test_refusals_keep_nothing(client, login, organiser, assembly, case):
    person, other, third = people(assembly, 3)
    data = {"status": "duplicate", "duplicate_of": other.reference, "reason": "Why not"}
    if case == "itself":
        data["duplicate_of"] = person.reference
    elif case == "chain":
        statuses.set_status(
            other, RegistrantStatus.DUPLICATE, reason="x", duplicate_of=third, actor=organiser
        )
    elif case == "kept_for_others":
        statuses.set_status(
            third, RegistrantStatus.DUPLICATE, reason="x", duplicate_of=person, actor=organiser
        )
    elif case == "selected":
        person.status = RegistrantStatus.SELECTED
    elif case == "no_rule":
        data = {"status": "ineligible", "reason": "Too young"}
    elif case == "no_reason":
        data = {"status": "withdrawn", "reason": " "}
    elif case == "already":
        data = {"status": "registered", "reason": "Fine"}
    elif case == "unknown":
        data["duplicate_of"] = "RNOSUCH"
    db.session.commit()
    was = person.status
    entries = len(status_entries())
    login(organiser)
    response = post_status(client, person, **data)
    assert response.status_code == 302
    with client.session_transaction() as flashed:
        assert any(category == "error" for category, _text in flashed["_flashes"])
    db.session.expire_all()
    kept = db.session.get(Registrant, person.id)
    assert kept.status is was and kept.status_reason == "" and kept.duplicate_of_id is None
    assert len(status_entries()) == entries


def test_a_duplicate_of_another_assemblys_registrant_is_refused(organiser, assembly):
    elsewhere = factories.quotas(factories.assembly(organiser, slug="elsewhere"))
    stranger = factories.registrant(elsewhere)
    person = people(assembly, 1)[0]
    with pytest.raises(Refused, match="same assembly"):
        statuses.set_status(
            person, RegistrantStatus.DUPLICATE, reason="x", duplicate_of=stranger, actor=organiser
        )
    # By reference, the page does not even find it.
    assert queries.by_reference(assembly, stranger.reference) is None
    assert not status_entries()


def test_selected_status_cannot_be_set_by_hand(organiser, assembly):
    person = people(assembly, 1)[0]
    with pytest.raises(Refused):
        statuses.set_status(person, RegistrantStatus.SELECTED, reason="x", actor=organiser)
    assert person.status is RegistrantStatus.REGISTERED


def test_a_member_cannot_change_statuses(client, login, assembly):
    member = factories.user()
    factories.add_role(member, assembly, Role.MEMBER)
    person = people(assembly, 1)[0]
    login(member)
    response = post_status(client, person, status="withdrawn", reason="No")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Registrant, person.id).status is RegistrantStatus.REGISTERED


def test_another_assemblys_registrant_is_not_found(client, login, organiser, assembly):
    elsewhere = factories.quotas(
        factories.assembly(organiser, slug="elsewhere", status=AssemblyStatus.RECRUITING)
    )
    stranger = factories.registrant(elsewhere)
    login(organiser)
    response = post_status(client, stranger, status="withdrawn", reason="No")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Registrant, stranger.id).status is RegistrantStatus.REGISTERED
