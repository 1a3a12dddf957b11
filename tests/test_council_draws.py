"""Council draws run as background jobs; a relaxation of the quotas waits for a person."""

from datetime import UTC, date, datetime, timedelta

import pytest

from facilitate import jobs
from facilitate.council import draws, services
from facilitate.council.draw_jobs import run_council_draw
from facilitate.extensions import db
from facilitate.models import LoginSession, RunStatus
from facilitate.models.audit import AuditEntry
from facilitate.models.council import CandidateSource, CouncilDraw, CouncilRotation, CouncilTerm
from tests import factories

ON = date(2026, 3, 1)
RULES = {"gender": [["female", 50.0], ["male", 50.0]]}


@pytest.fixture
def queued(app, monkeypatch):
    """Jobs are recorded, not run, so a test can see the state before the worker starts."""
    # facilitate/jobs.py must list the job; until it does, the tests list it themselves.
    monkeypatch.setitem(jobs.JOBS, draws.JOB, "facilitate.council.draw_jobs:run_council_draw")
    started = []
    monkeypatch.setattr(jobs, "start", lambda name, *args, app=None: started.append((name, args)))
    return started


def work(started):
    """Run the queued jobs as a worker would, then forget them."""
    for name, args in started:
        assert name == draws.JOB
        jobs.execute(name, *args)
    started.clear()
    db.session.expire_all()


@pytest.fixture
def secretary(app):
    return factories.user(email="sec@example.org")


def council_with_pool(secretary, women: int, men: int):
    council = services.create_council(
        {"slug": "rat", "name": "Rat", "quota_rules": RULES, "seats": 6}, secretary
    )
    for n, gender in enumerate(["female"] * women + ["male"] * men):
        services.add_candidate(
            council,
            {
                "name": f"Candidate {n}",
                "values": {"gender": gender},
                "source": CandidateSource.LOTTERY,
                "opted_in_on": ON - timedelta(days=30),
            },
        )
    db.session.commit()
    return council


def seats_taken():
    return db.session.scalar(db.select(db.func.count(CouncilTerm.id)))


def rotate(client, on=ON):
    return client.post("/council/rat/manage/rotate", data={"held_on": on.isoformat()})


def the_draw() -> CouncilDraw:
    return db.session.scalar(db.select(CouncilDraw))


def test_rotation_queues_a_draw_that_the_job_completes(client, login, secretary, queued):
    council_with_pool(secretary, women=6, men=6)
    login(secretary)
    response = rotate(client)
    draw = the_draw()
    assert response.headers["Location"].endswith(f"/council/rat/manage/draws/{draw.id}")
    # The request only queued the draw: nobody is seated until the job runs.
    assert queued == [(draws.JOB, (draw.id,))]
    assert draw.status is RunStatus.QUEUED and seats_taken() == 0
    page = client.get(f"/council/rat/manage/draws/{draw.id}").get_data(as_text=True)
    assert "data-poll" in page
    work(queued)
    draw = the_draw()
    assert draw.status is RunStatus.SUCCEEDED and draw.rotation is not None
    assert draw.rotation.drawn == 6 and seats_taken() == 6
    assert draw.rotation.record["seed"] == int(draw.seed)
    status = client.get(f"/council/rat/manage/draws/{draw.id}/status").get_json()
    assert status["done"] and status["status"] == "succeeded"
    assert "6 new members were drawn" in client.get(f"/council/rat/manage/draws/{draw.id}").text
    # The same date cannot be drawn twice.
    rotate(client)
    assert db.session.scalar(db.select(db.func.count(CouncilDraw.id))) == 1


def test_infeasible_quotas_wait_for_a_person_to_accept(client, login, secretary, queued):
    council_with_pool(secretary, women=10, men=1)
    login(secretary)
    rotate(client)
    work(queued)
    draw = the_draw()
    assert draw.waiting and draw.status is RunStatus.SUCCEEDED
    change = next(c for c in draw.proposal["changes"] if c["value"] == "male")
    assert change["new_min"] <= 1 < change["old_min"]
    # Nothing is seated and no rotation exists while the relaxation waits.
    assert seats_taken() == 0
    assert db.session.scalar(db.select(db.func.count(CouncilRotation.id))) == 0
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions[-2:] == ["council.draw", "council.draw.propose"]
    page = client.get(f"/council/rat/manage/draws/{draw.id}").text
    assert "Accept this relaxation" in page
    # A second draw waits for the decision on this one.
    rotate(client, ON + timedelta(days=1))
    assert db.session.scalar(db.select(db.func.count(CouncilDraw.id))) == 1

    client.post(f"/council/rat/manage/draws/{draw.id}/accept")
    accepted = db.session.scalar(db.select(AuditEntry).filter_by(action="council.draw.relax"))
    assert accepted.actor_email == "sec@example.org" and '"male"' in accepted.after
    assert queued == [(draws.JOB, (draw.id,))] and seats_taken() == 0
    work(queued)
    draw = the_draw()
    assert draw.accepted_by_id == secretary.id and draw.rotation.drawn == 6
    assert seats_taken() == 6
    assert "accepted this relaxation" in draw.rotation.explanation
    assert ["gender", "male", change["new_min"], change["new_max"]] in draw.rotation.quotas_used
    # Accepting twice does nothing more.
    client.post(f"/council/rat/manage/draws/{draw.id}/accept")
    assert queued == [] and seats_taken() == 6


def test_a_declined_relaxation_changes_nothing(client, login, secretary, queued):
    council_with_pool(secretary, women=10, men=1)
    login(secretary)
    rotate(client)
    work(queued)
    draw = the_draw()
    client.post(f"/council/rat/manage/draws/{draw.id}/decline")
    draw = the_draw()
    assert draw.status is RunStatus.FAILED and not draw.waiting and queued == []
    assert seats_taken() == 0
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="council.draw.decline"))
    # The council can draw again (another day, or after the pool grew).
    rotate(client, ON + timedelta(days=1))
    assert db.session.scalar(db.select(db.func.count(CouncilDraw.id))) == 2


def test_accepting_asks_for_a_recent_sign_in(client, login, secretary, queued):
    council_with_pool(secretary, women=10, men=1)
    login(secretary)
    rotate(client)
    work(queued)
    with client.session_transaction() as session:
        sid = session["sid"]
    db.session.get(LoginSession, sid).authenticated_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    draw = the_draw()
    response = client.post(f"/council/rat/manage/draws/{draw.id}/accept")
    assert "/auth/confirm" in response.headers["Location"]
    assert the_draw().waiting and queued == []
    response = rotate(client, ON + timedelta(days=1))
    assert "/auth/confirm" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(CouncilDraw.id))) == 1


def test_a_failed_draw_changes_nothing(app, secretary, queued, monkeypatch):
    council = council_with_pool(secretary, women=6, men=6)
    services.run_rotation(council, ON, seed=1)
    db.session.commit()
    due = services.next_rotation_on(council, ON)
    terms = {t.id: (t.left_on, t.ends_on) for t in council.terms}

    def broken(*args):
        raise RuntimeError("the disk is full")

    # Seating fails after the leavers were written: all of it must be undone.
    monkeypatch.setattr(services, "_seat", broken)
    draw = draws.start_draw(council, due, 5, actor=secretary)
    db.session.commit()
    run_council_draw(draw.id)
    db.session.expire_all()
    draw = db.session.get(CouncilDraw, draw.id)
    assert draw.status is RunStatus.FAILED and "RuntimeError" in draw.error
    assert draw.rotation_id is None and draw.finished_at is not None
    assert {t.id: (t.left_on, t.ends_on) for t in council.terms} == terms
    assert db.session.scalar(db.select(db.func.count(CouncilRotation.id))) == 1


def test_a_draw_whose_process_died_stops_blocking(app, secretary, queued):
    council = council_with_pool(secretary, women=6, men=6)
    draw = draws.start_draw(council, ON, 5, actor=secretary)
    draw.status = RunStatus.RUNNING
    draw.heartbeat_at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    db.session.commit()
    assert draws.expire_stale_draws(council, now=datetime(2026, 3, 1, 12, 1, tzinfo=UTC)) == 0
    assert draws.expire_stale_draws(council, now=datetime(2026, 3, 1, 12, 5, tzinfo=UTC)) == 1
    assert draw.status is RunStatus.FAILED and "Nothing changed" in draw.error


def test_the_cron_command_runs_the_job_and_leaves_relaxations_waiting(
    app, runner, secretary, queued
):
    council_with_pool(secretary, women=10, men=1)
    result = runner.invoke(args=["standing", "rotate", "--date", ON.isoformat()])
    assert "waits for the secretariat" in result.output, result.output
    assert the_draw().waiting and seats_taken() == 0
    again = runner.invoke(args=["standing", "rotate", "--date", ON.isoformat()])
    assert "waiting for you" in again.output and seats_taken() == 0


def test_the_job_is_listed_for_workers():
    assert jobs.JOBS.get(draws.JOB) == "facilitate.council.draw_jobs:run_council_draw"
