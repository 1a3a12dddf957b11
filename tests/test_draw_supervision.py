"""A dead or cancelled draw never blocks the assembly and never records a late result."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from facilitate.extensions import db
from facilitate.models import PanelSeat, RunStatus, SelectionRun
from facilitate.selection import jobs, services
from tests import factories

DATA = {"algorithm": "leximin", "seed": 7, "households": False}


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    return factories.drawable_assembly(organiser)


def _ago(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def test_a_running_draw_that_stopped_beating_no_longer_blocks(assembly, organiser):
    dead = factories.selection_run(
        assembly, status=RunStatus.RUNNING, started_at=_ago(minutes=9), heartbeat_at=_ago(minutes=3)
    )
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    assert run.status is RunStatus.QUEUED
    db.session.refresh(dead)
    assert dead.status is RunStatus.FAILED and "Interrupted" in dead.error


def test_a_live_draw_still_blocks_a_second(assembly, organiser):
    live = factories.selection_run(
        assembly, status=RunStatus.RUNNING, started_at=_ago(hours=1), heartbeat_at=_ago(seconds=5)
    )
    with pytest.raises(services.RunAlreadyActive) as refused:
        services.start_run(assembly, organiser, DATA)
    assert refused.value.run.id == live.id


def test_a_queued_draw_whose_job_was_lost_expires(assembly, organiser):
    recent = factories.selection_run(assembly, status=RunStatus.QUEUED, created_at=_ago(minutes=1))
    assert services.expire_stale_runs(assembly) == 0
    recent.created_at = _ago(minutes=20)
    db.session.commit()
    assert services.expire_stale_runs(assembly) == 1
    assert recent.status is RunStatus.FAILED and "lost" in recent.error


def test_a_draw_cancelled_while_it_runs_records_nothing(app, assembly, organiser, monkeypatch):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    real_select = jobs.select_panel

    def cancelled_meanwhile(*args, **kwargs):
        result = real_select(*args, **kwargs)
        with app.app_context():  # the organiser, on another connection, before it is recorded
            services.cancel_run(db.session.get(SelectionRun, run.id), organiser)
            db.session.commit()
        return result

    monkeypatch.setattr(jobs, "select_panel", cancelled_meanwhile)
    with app.app_context():
        jobs.run_selection(run.id)
    db.session.expire_all()
    assert db.session.get(SelectionRun, run.id).status is RunStatus.FAILED
    assert "Cancelled" in db.session.get(SelectionRun, run.id).error
    assert db.session.query(PanelSeat).count() == 0


def test_a_finished_draw_cannot_be_cancelled(assembly, organiser):
    done = factories.selection_run(assembly, status=RunStatus.SUCCEEDED)
    with pytest.raises(services.RunNotActive):
        services.cancel_run(done, organiser)


def test_a_running_draw_keeps_writing_its_heartbeat(app, assembly, organiser, monkeypatch):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
    beats = []
    real_draw = jobs._draw_panel

    def slow(run_, assembly_, options):
        with app.app_context():
            first = db.session.get(SelectionRun, run_.id).heartbeat_at
        time.sleep(0.5)
        with app.app_context():
            beats.extend([first, db.session.get(SelectionRun, run_.id).heartbeat_at])
        return real_draw(run_, assembly_, options)

    monkeypatch.setattr(jobs, "_draw_panel", slow)
    with app.app_context():
        jobs.run_selection(run.id)
    assert beats[0] is not None and beats[1] > beats[0]
    db.session.expire_all()
    assert db.session.get(SelectionRun, run.id).status is RunStatus.SUCCEEDED


def test_an_organiser_cancels_a_stuck_draw_and_starts_again(
    app, client, login, assembly, organiser
):
    stuck = factories.selection_run(
        assembly, status=RunStatus.RUNNING, heartbeat_at=_ago(seconds=1)
    )
    login(organiser)
    page = client.get(f"/assemblies/{assembly.slug}/selection/runs/{stuck.id}")
    assert "Cancel the draw" in page.get_data(as_text=True)
    response = client.post(f"/assemblies/{assembly.slug}/selection/runs/{stuck.id}/cancel")
    assert response.status_code == 302
    db.session.refresh(stuck)
    assert stuck.status is RunStatus.FAILED and "Cancelled" in stuck.error
    again = client.post(f"/assemblies/{assembly.slug}/selection/runs/{stuck.id}/cancel")
    assert again.headers["Location"].endswith(f"/runs/{stuck.id}")
    assert "already finished" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_another_assemblys_organiser_cannot_cancel(client, login, assembly):
    stuck = factories.selection_run(
        assembly, status=RunStatus.RUNNING, heartbeat_at=_ago(seconds=1)
    )
    login(factories.user(email="other@example.org", can_organise=True))
    response = client.post(f"/assemblies/{assembly.slug}/selection/runs/{stuck.id}/cancel")
    assert response.status_code in (403, 404)
    db.session.refresh(stuck)
    assert stuck.status is RunStatus.RUNNING
