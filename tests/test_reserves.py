"""Reserves in the app: drawn and stored with the panel, shown in order, seated first."""

import json

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import PanelSeat, RegistrantStatus, Role, RunStatus, SelectionRun
from facilitate.models.audit import AuditEntry
from facilitate.models.selection import PanelReserve
from facilitate.selection import services
from facilitate.selection.engine import pool_instance
from facilitate.sortition import verify_record
from facilitate.sortition.reserves import fill_from_reserves
from tests import factories

FORM = {"algorithm": "leximin", "households": "y", "panels": "100"}


@pytest.fixture
def drawn(app, client, login):
    """A panel of 5 drawn with 4 reserves, the organiser signed in."""
    app.config["JOBS_MODE"] = "inline"
    organiser = factories.user(can_organise=True)
    assembly = factories.drawable_assembly(organiser)
    login(organiser)
    client.post(
        "/assemblies/draw/selection/runs",
        data={**FORM, "seed": "42", "reserves": "4", "dropout": "20"},
    )
    run = db.session.scalar(select(SelectionRun))
    assert run.status is RunStatus.SUCCEEDED, run.error
    return organiser, assembly, run


def _reserves(run):
    return list(
        db.session.scalars(
            select(PanelReserve).filter_by(run_id=run.id).order_by(PanelReserve.position)
        )
    )


def _others(seats, leaving):
    return [s.registrant.reference for s in seats if s.id != leaving.id]


def _instance(assembly):
    return pool_instance(
        assembly, True, statuses=(RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED)
    )


def test_a_draw_with_reserves_stores_them_in_order_and_its_record_verifies(client, drawn):
    _organiser, assembly, run = drawn
    record = json.loads(run.record)["record"]
    stored = _reserves(run)
    assert [r.position for r in stored] == [1, 2, 3, 4]
    assert [r.registrant.reference for r in stored] == record["reserves"]["order"]
    assert record["reserves"]["dropout"]["default"] == pytest.approx(0.2)
    assert not {r.registrant_id for r in stored} & {s.registrant_id for s in run.seats}
    assert all(r.registrant.status is RegistrantStatus.REGISTERED for r in stored)
    assert verify_record(record, _instance(assembly)).ok
    page = client.get("/assemblies/draw/selection/").get_data(as_text=True)
    names = [r.registrant.display_name for r in stored]
    assert "Reserves" in page
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    run_page = client.get(f"/assemblies/draw/selection/runs/{run.id}").get_data(as_text=True)
    assert all(r.registrant.reference in run_page for r in stored)


def test_a_draw_without_reserves_stores_none(app, client, login):
    app.config["JOBS_MODE"] = "inline"
    organiser = factories.user(can_organise=True)
    factories.drawable_assembly(organiser)
    login(organiser)
    client.post("/assemblies/draw/selection/runs", data={**FORM, "seed": "42"})
    run = db.session.scalar(select(SelectionRun))
    assert run.status is RunStatus.SUCCEEDED
    assert _reserves(run) == [] and "reserves" not in json.loads(run.record)["record"]


def test_a_dropout_is_replaced_by_the_first_suitable_reserve(client, drawn):
    _organiser, assembly, run = drawn
    stored = _reserves(run)
    # The first reserve has since withdrawn: the list skips them.
    stored[0].registrant.status = RegistrantStatus.WITHDRAWN
    db.session.commit()
    later = [r.registrant.reference for r in stored[1:]]
    seats = services.panel_seats(assembly)
    # The first member some later reserve can replace within the quotas leaves.
    seat, expected = next(
        (s, found)
        for s in seats
        if (found := fill_from_reserves(_instance(assembly), _others(seats, s), 1, later))
    )
    client.post(f"/assemblies/draw/selection/seats/{seat.id}/drop", data={"reason": "ill"})
    response = client.post("/assemblies/draw/selection/replacements", data=FORM)
    assert response.status_code == 302
    db.session.expire_all()
    # No replacement draw: the reserve took the seat.
    assert db.session.scalar(select(db.func.count()).select_from(SelectionRun)) == 1
    new_seat = db.session.scalar(select(PanelSeat).where(PanelSeat.replaces_id == seat.id))
    assert new_seat.registrant.reference == expected[0]
    assert new_seat.registrant.status is RegistrantStatus.SELECTED
    taken = next(r for r in _reserves(run) if r.seat_id == new_seat.id)
    assert taken.position > 1 and not services.vacant_seats(assembly)
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "selection.reserves.seat")
    )
    page = client.get("/assemblies/draw/selection/").get_data(as_text=True)
    assert "took the seat of" in page and "no longer available" in page
    # The reserve who took the seat leaves in turn: they are never seated again.
    client.post(f"/assemblies/draw/selection/seats/{new_seat.id}/drop", data={"reason": "ill"})
    client.post("/assemblies/draw/selection/replacements", data=FORM)
    db.session.expire_all()
    again = db.session.scalar(select(PanelSeat).where(PanelSeat.replaces_id == new_seat.id))
    assert again is not None and again.registrant_id != new_seat.registrant_id


def test_without_a_suitable_reserve_the_seat_is_redrawn(client, drawn):
    _organiser, assembly, run = drawn
    for reserve in _reserves(run):
        reserve.registrant.status = RegistrantStatus.WITHDRAWN
    seat = services.panel_seats(assembly)[0]
    db.session.commit()
    client.post(f"/assemblies/draw/selection/seats/{seat.id}/drop", data={"reason": "ill"})
    client.post("/assemblies/draw/selection/replacements", data=FORM)
    db.session.expire_all()
    last = db.session.scalars(select(SelectionRun).order_by(SelectionRun.id.desc())).first()
    assert last.kind == "replacement" and last.status is RunStatus.SUCCEEDED
    assert all(r.seat_id is None for r in _reserves(run))
    assert not services.vacant_seats(assembly)


def test_the_public_record_shows_reserve_chances_by_reference_only(client, drawn):
    _organiser, _assembly, run = drawn
    client.post("/auth/logout")
    page = client.get("/a/draw/selection").get_data(as_text=True)
    record = json.loads(run.record)["record"]
    assert "Chance of a reserve place" in page
    assert all(ref in page for ref in record["reserves"]["order"])
    assert not any(r.registrant.display_name in page for r in _reserves(run))
    chances = record["reserves"]["probabilities"]
    assert sum(chances.values()) == pytest.approx(4)
    published = client.get("/a/draw/selection/record.json").get_json()["record"]
    assert published["reserves"] == record["reserves"]


def test_a_member_cannot_seat_reserves(client, login, drawn):
    _organiser, assembly, run = drawn
    seat = services.panel_seats(assembly)[0]
    services.drop_out(seat, "ill")
    db.session.commit()
    member = factories.user()
    factories.add_role(member, assembly, Role.MEMBER)
    client.post("/auth/logout")
    login(member)
    refused = client.post("/assemblies/draw/selection/replacements", data=FORM)
    assert refused.status_code == 403, refused.headers.get("Location")
    assert client.get("/assemblies/draw/selection/").status_code == 403
    db.session.expire_all()
    assert all(r.seat_id is None for r in _reserves(run))
    assert services.vacant_seats(assembly)


def test_another_assemblys_draw_and_its_reserves_are_not_found(client, login, drawn):
    _organiser, _assembly, run = drawn
    other = factories.user(can_organise=True)
    factories.drawable_assembly(other, slug="elsewhere")
    client.post("/auth/logout")
    login(other)
    assert client.get(f"/assemblies/elsewhere/selection/runs/{run.id}").status_code == 404
    page = client.get("/assemblies/elsewhere/selection/").get_data(as_text=True)
    assert not any(r.registrant.reference in page for r in _reserves(run))
