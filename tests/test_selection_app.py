"""The draw in the app: one run at a time, no half-drawn panel, results without personal data."""

import json

import pytest
from sqlalchemy import select

from facilitate import jobs
from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    PanelSeat,
    Registrant,
    RegistrantStatus,
    RunStatus,
    SelectionRun,
)
from facilitate.selection import services
from facilitate.selection.jobs import run_selection
from tests import factories
from tests.concurrency import at_once


@pytest.fixture
def drawn_assembly(app):
    organiser = factories.user(can_organise=True)
    return organiser, factories.drawable_assembly(organiser)


def _start(client, login, organiser, **data):
    login(organiser)
    form = {"algorithm": "leximin", "households": "y", "panels": "100", **data}
    return client.post("/assemblies/draw/selection/runs", data=form)


def test_a_draw_seats_a_panel_that_meets_the_quotas(app, client, login, drawn_assembly):
    app.config["JOBS_MODE"] = "inline"
    organiser, assembly = drawn_assembly
    response = _start(client, login, organiser, seed="42")
    assert response.status_code == 302
    run = db.session.scalar(select(SelectionRun))
    assert run.status is RunStatus.SUCCEEDED and run.seed == "42"
    seats = db.session.scalars(select(PanelSeat)).all()
    assert len(seats) == 5
    selected = db.session.scalars(
        select(Registrant).where(Registrant.status == RegistrantStatus.SELECTED)
    ).all()
    assert {s.registrant_id for s in seats} == {r.id for r in selected}
    record = json.loads(run.record)["record"]
    assert sorted(record["panel"]) == sorted(r.reference for r in selected)
    assert abs(sum(record["probabilities"].values()) - 5) < 1e-6
    assert run.min_probability == pytest.approx(5 / 30, abs=1e-6)
    page = client.get(f"/assemblies/draw/selection/runs/{run.id}").get_data(as_text=True)
    assert "16.67%" in page and record["pool_sha256"] in page
    assert "Proven fair" in page


def test_same_seed_same_panel(app, drawn_assembly):
    organiser, assembly = drawn_assembly
    panels = []
    for _ in range(2):
        run = services.start_run(
            assembly,
            organiser,
            {"algorithm": "leximin", "seed": 7, "panels": 100, "households": True},
        )
        run_selection(run.id)
        panels.append(json.loads(db.session.get(SelectionRun, run.id).record)["panel"])
        # Put the pool back as it was for the second draw.
        db.session.execute(PanelSeat.__table__.delete())
        db.session.execute(Registrant.__table__.update().values(status=RegistrantStatus.REGISTERED))
        db.session.commit()
    assert panels[0] == panels[1]


def test_failed_run_leaves_no_half_drawn_panel(app, drawn_assembly, monkeypatch):
    organiser, assembly = drawn_assembly
    run = services.start_run(
        assembly, organiser, {"algorithm": "leximin", "seed": 1, "panels": 100, "households": True}
    )
    real = services.record_panel

    def crash_half_way(run_, references, replaces=None):
        real(run_, references[:2], replaces)  # two seats written…
        raise RuntimeError("disk full")  # …then the process fails

    monkeypatch.setattr(services, "record_panel", crash_half_way)
    run_selection(run.id)
    failed = db.session.get(SelectionRun, run.id)
    assert failed.status is RunStatus.FAILED and "Nothing was drawn" in failed.error
    assert db.session.scalar(select(db.func.count(PanelSeat.id))) == 0
    assert (
        db.session.scalar(
            select(db.func.count(Registrant.id)).where(
                Registrant.status == RegistrantStatus.SELECTED
            )
        )
        == 0
    )


def test_infeasible_quotas_fail_with_the_reason(app, drawn_assembly):
    organiser, assembly = drawn_assembly
    assembly.categories[0].values[0].min_seats = 4
    assembly.categories[0].values[1].min_seats = 4
    db.session.commit()
    run = services.start_run(
        assembly, organiser, {"algorithm": "leximin", "seed": 1, "panels": 100, "households": True}
    )
    run_selection(run.id)
    failed = db.session.get(SelectionRun, run.id)
    assert failed.status is RunStatus.FAILED and "gender" in failed.error
    assert db.session.scalar(select(db.func.count(PanelSeat.id))) == 0


def test_second_active_run_is_refused_by_the_database(app, drawn_assembly):
    organiser, assembly = drawn_assembly
    first = services.start_run(
        assembly, organiser, {"algorithm": "leximin", "seed": 1, "households": True}
    )
    with pytest.raises(services.RunAlreadyActive) as refused:
        services.start_run(
            assembly, organiser, {"algorithm": "leximin", "seed": 2, "households": True}
        )
    assert refused.value.run.id == first.id


def test_two_organisers_pressing_run_at_once_get_one_run(app, drawn_assembly, database_url):
    """Race two sessions on separate connections; on PostgreSQL this is a real race."""
    organiser, assembly = drawn_assembly
    app.config["JOBS_MODE"] = "inline"
    outcomes = []

    def press():
        try:
            run = services.start_run(
                db.session.merge(assembly),
                db.session.merge(organiser),
                {"algorithm": "leximin", "seed": 3, "households": True},
            )
            db.session.commit()
            outcomes.append(("started", run.id))
        except services.RunAlreadyActive as already:
            outcomes.append(("joined", already.run.id))

    assert at_once(app, press, [(), ()]) == []
    assert sorted(kind for kind, _ in outcomes) == ["joined", "started"]
    assert len({run_id for _, run_id in outcomes}) == 1
    assert db.session.scalar(select(db.func.count(SelectionRun.id))) == 1


def test_run_in_a_thread_reports_progress(app, client, login, drawn_assembly):
    app.config["JOBS_MODE"] = "thread"
    organiser, _assembly = drawn_assembly
    response = _start(client, login, organiser)
    run_id = int(response.headers["Location"].rsplit("/", 1)[1])
    jobs._executor.submit(lambda: None).result(timeout=60)  # the single worker has finished
    state = client.get(f"/assemblies/draw/selection/runs/{run_id}/status").get_json()
    assert state == {
        "status": "succeeded",
        "progress": 100,
        "message": "",
        "error": "",
        "done": True,
    }


def test_draw_refused_outside_selecting(app, client, login, drawn_assembly):
    organiser, assembly = drawn_assembly
    assembly.status = AssemblyStatus.RECRUITING
    db.session.commit()
    page = _start(client, login, organiser)
    assert page.status_code == 302
    assert db.session.scalar(select(db.func.count(SelectionRun.id))) == 0


def test_relaxation_in_one_click(app, client, login, drawn_assembly):
    organiser, assembly = drawn_assembly
    female = assembly.categories[0].values[0]
    female.min_seats = female.max_seats = 5
    assembly.categories[0].values[1].min_seats = 1
    db.session.commit()
    login(organiser)
    page = client.get("/assemblies/draw/selection/").get_data(as_text=True)
    assert "No panel from this pool meets every quota." in page and "Accept this relaxation" in page
    client.post("/assemblies/draw/selection/relax")
    page = client.get("/assemblies/draw/selection/").get_data(as_text=True)
    assert "Yes: at least one panel of 5" in page


def test_public_selection_page_has_no_personal_data(app, client, drawn_assembly):
    app.config["JOBS_MODE"] = "inline"
    organiser, assembly = drawn_assembly
    run = services.start_run(
        assembly, organiser, {"algorithm": "leximin", "seed": 5, "panels": 100, "households": True}
    )
    run_selection(run.id)
    page = client.get("/a/draw/selection").get_data(as_text=True)
    record = client.get("/a/draw/selection/record.json").get_data(as_text=True)
    assert "lowest chance" in page and "fewer than 5" in page and "Proven fair" in page
    for person in db.session.scalars(select(Registrant)):
        for secret in (person.first_name, person.email, person.address):
            assert secret not in page and secret not in record
    assert json.loads(record)["record"]["pool_size"] == 30


def test_public_selection_before_the_draw(client, drawn_assembly):
    assert "has not been drawn yet" in client.get("/a/draw/selection").get_data(as_text=True)
    assert client.get("/a/draw/selection/record.json").status_code == 404


def test_replacement_fills_the_seat_and_keeps_the_quotas(app, client, login, drawn_assembly):
    app.config["JOBS_MODE"] = "inline"
    organiser, assembly = drawn_assembly
    _start(client, login, organiser, seed="11")
    seat = db.session.scalars(select(PanelSeat)).first()
    leaving = seat.registrant
    client.post(f"/assemblies/draw/selection/seats/{seat.id}/drop", data={"reason": "moved away"})
    assert db.session.get(PanelSeat, seat.id).dropped_at is not None
    response = client.post(
        "/assemblies/draw/selection/replacements",
        data={"households": "y", "panels": "100", "algorithm": "leximin"},
    )
    assert response.status_code == 302
    replacement_run = db.session.scalars(
        select(SelectionRun).order_by(SelectionRun.id.desc())
    ).first()
    assert replacement_run.kind == "replacement" and replacement_run.status is RunStatus.SUCCEEDED
    current = services.panel_seats(assembly)
    assert len(current) == 5 and leaving.id not in {s.registrant_id for s in current}
    new_seat = next(s for s in current if s.replaces_id)
    assert new_seat.replaces_id == seat.id
    # The replacement has the leaver's values, so every quota is still met.
    gender, age = assembly.categories
    for category in (gender, age):
        counts = {}
        for s in current:
            value = next(a.value_id for a in s.registrant.answers if a.category_id == category.id)
            counts[value] = counts.get(value, 0) + 1
        for value in category.values:
            assert value.min_seats <= counts.get(value.id, 0) <= value.max_seats
    record = json.loads(replacement_run.record)["record"]
    assert record["kind"] == "replacement" and record["replacement"]["dropouts"] == [
        leaving.reference
    ]
    assert not services.vacant_seats(assembly)
