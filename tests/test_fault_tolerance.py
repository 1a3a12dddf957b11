"""Faults never lie to a member and never block an assembly (issue 23).

Each fault has its home here: a vote whose write fails, a draw whose worker dies or whose
connection drops, Redis out of reach, a lock or a statement that would wait for ever, and a
/health that says so.
"""

import sqlite3
import time
from datetime import UTC, datetime, timedelta

import fakeredis
import pytest
from rq import Queue, SimpleWorker, Worker
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import OperationalError

from facilitate import create_app, jobs
from facilitate.ballots import services as ballots
from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.models import (
    Assembly,
    AssemblyStatus,
    OutboxMessage,
    PanelSeat,
    Registrant,
    RunStatus,
    SelectionRun,
    User,
)
from facilitate.models.ballots import BallotPaper, Voter
from facilitate.models.base import utcnow
from facilitate.selection import jobs as draw_jobs
from facilitate.selection import services
from tests import factories
from tests.conftest import FreshContextClient, _config
from tests.test_registration import form_data
from tests.worlds.deliberation import member, recommendation

DATA = {"algorithm": "leximin", "seed": 7, "households": False}
#: Nothing listens on port 1: every Redis call is refused at once.
DOWN = "redis://127.0.0.1:1/0"


def _ago(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    return factories.drawable_assembly(organiser)


@pytest.fixture
def fake_redis(app):
    """The app's jobs on an in-memory Redis of the test's own; a real server is never touched."""
    connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    app.config.update(JOBS_MODE="rq", REDIS_URL="redis://redis.invalid:1/0")
    app.extensions["facilitate_redis"] = connection
    yield connection
    app.extensions.pop("facilitate_redis")


# --- Votes ----------------------------------------------------------------------------------


@pytest.fixture
def ballot_item(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="votes", status=AssemblyStatus.VOTING)
    ballot = ballots.create_ballot(assembly, "Final", "sequential", None, organiser)
    item = ballots.add_item(ballot, "yes_no", "simple", [recommendation(assembly).id])
    ballots.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    return assembly, ballot, item


@pytest.fixture
def lock_ballot_tables(app, database_url):
    """lock() makes another connection keep every writer out of the ballot tables; it returns
    release(). Readers still read."""
    if _postgres():
        app.config["DATABASE_LOCK_TIMEOUT_MS"] = 300
    holder = create_engine(database_url)
    connection = holder.connect()

    # SQLite: give up on the write lock after 300 ms rather than 5 s, as PostgreSQL does here.
    def short_wait(dbapi_connection, _record, _proxy):
        dbapi_connection.execute("PRAGMA busy_timeout=300")

    def lock():
        if holder.dialect.name == "postgresql":
            connection.execute(text("LOCK TABLE voter, ballot_paper IN EXCLUSIVE MODE"))
        else:
            event.listen(db.engine, "checkout", short_wait)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return release

    def release():
        if not connection.closed:
            connection.rollback()
            connection.close()
            holder.dispose()
        if event.contains(db.engine, "checkout", short_wait):
            event.remove(db.engine, "checkout", short_wait)

    yield lock
    release()


def test_a_vote_whose_write_fails_is_not_told_already_cast_and_can_be_cast_again(
    client, login, ballot_item, lock_ballot_tables
):
    assembly, ballot, item = ballot_item
    user, seat = member(assembly)
    login(user)
    url = f"/assemblies/{assembly.slug}/ballots/{ballot.id}/items/{item.id}/vote"
    release = lock_ballot_tables()
    page = client.post(url, data={"choice": "yes"}, follow_redirects=True).get_data(as_text=True)
    release()
    assert "not recorded" in page and "already voted" not in page
    assert db.session.query(Voter).count() == 0
    again = client.post(url, data={"choice": "yes"}, follow_redirects=True)
    assert "Your ballot was cast" in again.get_data(as_text=True)
    assert db.session.query(BallotPaper).filter_by(item_id=item.id).count() == 1
    assert db.session.query(Voter).filter_by(member_id=seat.id).count() == 1


# --- Draws: dead workers, lost jobs, cancelled runs -----------------------------------------


def _silent_run(assembly, minutes: int) -> SelectionRun:
    """A run a worker claimed and then died on: no heartbeat for `minutes`."""
    return factories.selection_run(
        assembly,
        status=RunStatus.RUNNING,
        started_at=_ago(minutes=minutes + 5),
        heartbeat_at=_ago(minutes=minutes),
    )


def test_a_draw_whose_worker_died_is_reaped_by_the_command_and_drawn_again(
    app, runner, assembly, organiser
):
    dead = _silent_run(assembly, minutes=3)
    live = factories.drawable_assembly(organiser, slug="live")
    alive = _silent_run(live, minutes=0)
    result = runner.invoke(args=["jobs", "reap"])
    assert result.exit_code == 0, result.output
    assert "1 draw(s) marked failed" in result.output
    db.session.expire_all()
    assert dead.status is RunStatus.FAILED and "Interrupted" in dead.error
    assert alive.status is RunStatus.RUNNING
    assert "No dead draw" in runner.invoke(args=["jobs", "reap"]).output
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    draw_jobs.run_selection(run.id)
    db.session.expire_all()
    assert run.status is RunStatus.SUCCEEDED
    assert db.session.query(PanelSeat).filter_by(run_id=run.id).count() == assembly.panel_size


def test_starting_a_draw_reaps_a_dead_one_but_a_live_one_still_blocks(assembly, organiser):
    dead = _silent_run(assembly, minutes=3)
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    assert run.status is RunStatus.QUEUED
    db.session.refresh(dead)
    assert dead.status is RunStatus.FAILED and "Interrupted" in dead.error
    with pytest.raises(services.RunAlreadyActive) as refused:
        services.start_run(assembly, organiser, DATA)
    assert refused.value.run.id == run.id


def test_a_queued_draw_without_a_queue_expires_after_a_while(assembly):
    recent = factories.selection_run(assembly, status=RunStatus.QUEUED, created_at=_ago(minutes=1))
    assert services.expire_stale_runs(assembly) == []
    recent.created_at = _ago(minutes=20)
    db.session.commit()
    assert services.expire_stale_runs(assembly) == [recent]
    assert recent.status is RunStatus.FAILED and "lost" in recent.error


def test_a_queued_draw_whose_rq_job_vanished_expires_at_once(assembly, organiser, fake_redis):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    assert jobs.start("selection.run", run.id) == f"selection-run-{run.id}"
    run.created_at = _ago(minutes=2)
    db.session.commit()
    assert services.expire_stale_runs(assembly) == []  # the job is still in its queue
    fake_redis.flushdb()  # Redis restarted without its data
    assert services.expire_stale_runs(assembly) == [run]
    assert "lost" in run.error


def test_an_rq_retry_after_a_dead_worker_draws_the_panel(app, assembly, organiser, fake_redis):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    job = Queue(jobs.QUEUE, connection=fake_redis).fetch_job(jobs.start("selection.run", run.id))
    assert job.retries_left == 2  # RQ runs it again should its worker die
    # The first attempt claimed the run, then its worker was killed.
    draw_jobs._claim(run.id)
    job.meta["attempts"] = 1
    job.save_meta()
    SimpleWorker([jobs.QUEUE], connection=fake_redis).work(burst=True)
    db.session.expire_all()
    assert run.status is RunStatus.SUCCEEDED
    assert db.session.query(PanelSeat).count() == assembly.panel_size


def test_a_retried_job_whose_run_was_reaped_or_cancelled_does_nothing(
    app, assembly, organiser, fake_redis
):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    job = Queue(jobs.QUEUE, connection=fake_redis).fetch_job(jobs.start("selection.run", run.id))
    draw_jobs._claim(run.id)
    services.cancel_run(run, organiser)
    db.session.commit()
    job.meta["attempts"] = 1
    job.save_meta()
    SimpleWorker([jobs.QUEUE], connection=fake_redis).work(burst=True)
    db.session.expire_all()
    assert run.status is RunStatus.FAILED and "Cancelled" in run.error
    assert db.session.query(PanelSeat).count() == 0


def test_a_first_attempt_never_takes_over_a_running_draw(app, assembly):
    running = _silent_run(assembly, minutes=0)
    draw_jobs.run_selection(running.id)
    db.session.expire_all()
    assert running.status is RunStatus.RUNNING
    assert db.session.query(PanelSeat).count() == 0


def test_a_draw_cancelled_while_it_runs_records_nothing(app, assembly, organiser, monkeypatch):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    real_compute = draw_jobs._compute

    def cancelled_meanwhile(plan):
        result = real_compute(plan)
        with app.app_context():  # the organiser, on another connection, before it is recorded
            services.cancel_run(db.session.get(SelectionRun, run.id), organiser)
            db.session.commit()
        return result

    monkeypatch.setattr(draw_jobs, "_compute", cancelled_meanwhile)
    draw_jobs.run_selection(run.id)
    db.session.expire_all()
    assert run.status is RunStatus.FAILED and "Cancelled" in run.error
    assert db.session.query(PanelSeat).count() == 0


def test_a_finished_draw_cannot_be_cancelled(assembly, organiser):
    done = factories.selection_run(assembly, status=RunStatus.SUCCEEDED)
    with pytest.raises(services.RunNotActive):
        services.cancel_run(done, organiser)


def test_an_organiser_cancels_a_stuck_draw_and_starts_again(client, login, assembly, organiser):
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


def test_a_running_draw_keeps_writing_its_heartbeat(app, assembly, organiser, monkeypatch):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    monkeypatch.setattr(draw_jobs, "HEARTBEAT_SECONDS", 0.05)
    beats = []
    real_compute = draw_jobs._compute

    def slow(plan):
        with app.app_context():
            first = db.session.get(SelectionRun, plan.run_id).heartbeat_at
        time.sleep(0.5)
        with app.app_context():
            beats.extend([first, db.session.get(SelectionRun, plan.run_id).heartbeat_at])
        return real_compute(plan)

    monkeypatch.setattr(draw_jobs, "_compute", slow)
    draw_jobs.run_selection(run.id)
    assert beats[0] is not None and beats[1] > beats[0]
    db.session.expire_all()
    assert run.status is RunStatus.SUCCEEDED


# --- Draws: no transaction open while computing ---------------------------------------------


def _drop_every_connection(database_url: str) -> None:
    """What a database restart does to the app: every connection it holds is gone."""
    if database_url.startswith("postgresql"):
        killer = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with killer.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        killer.dispose()
    for raw in list(_checked_out):
        raw.close()  # a SQLite file has no server to restart: close what the app holds
    db.engine.dispose()


_checked_out: set = set()


@pytest.fixture
def watched_connections(app):
    """Keep track of the connections the app has checked out of its pool."""

    def out(dbapi_connection, _record, _proxy):
        _checked_out.add(dbapi_connection)

    def back(dbapi_connection, _record):
        _checked_out.discard(dbapi_connection)

    event.listen(db.engine, "checkout", out)
    event.listen(db.engine, "checkin", back)
    yield
    event.remove(db.engine, "checkout", out)
    event.remove(db.engine, "checkin", back)
    _checked_out.clear()


def test_a_draw_survives_a_dropped_connection_between_compute_and_write(
    app, assembly, organiser, monkeypatch, database_url, watched_connections
):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    real_compute = draw_jobs._compute

    def restart_during(plan):
        assert not db.session().in_transaction()  # the job holds nothing open while it computes
        result = real_compute(plan)
        _drop_every_connection(database_url)
        return result

    monkeypatch.setattr(draw_jobs, "_compute", restart_during)
    draw_jobs.run_selection(run.id)
    db.session.rollback()
    db.session.expire_all()
    assert run.status is RunStatus.SUCCEEDED, run.error
    assert db.session.query(PanelSeat).count() == assembly.panel_size


def test_a_draw_whose_pool_changed_meanwhile_is_not_recorded(app, assembly, organiser, monkeypatch):
    run = services.start_run(assembly, organiser, DATA)
    db.session.commit()
    real_compute = draw_jobs._compute

    def someone_registers(plan):
        result = real_compute(plan)
        with app.app_context():
            factories.registrant(db.session.get(Assembly, plan.assembly_id))
            db.session.commit()
        return result

    monkeypatch.setattr(draw_jobs, "_compute", someone_registers)
    draw_jobs.run_selection(run.id)
    db.session.expire_all()
    assert run.status is RunStatus.FAILED and "changed" in run.error
    assert db.session.query(PanelSeat).count() == 0


# --- Redis out of reach -----------------------------------------------------------------------


@pytest.fixture
def down_app(app, database_url):
    """An app whose Redis (cache, rate limits, jobs) cannot be reached."""
    organiser = factories.user(email="org@example.org", can_organise=True)
    factories.quotas(factories.assembly(organiser, slug="open", status=AssemblyStatus.RECRUITING))
    broken = create_app(_config(database_url, REDIS_URL=DOWN, PUBLIC_PAGE_CACHE_SECONDS=30))
    broken.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 shows as a 500, as in production
    broken.test_client_class = FreshContextClient
    yield broken
    with broken.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    "path", ["/", "/a/open", "/a/open/register", "/api/v1/assemblies", "/auth/login"]
)
def test_pages_answer_with_redis_down(down_app, path):
    client = down_app.test_client()
    assert client.get(path).status_code == 200, path
    assert client.get(path).status_code == 200, path  # the cache missed, twice


def test_signing_in_and_registering_work_with_redis_down(down_app):
    client = down_app.test_client()
    response = client.post(
        "/auth/login", data={"email": "org@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assembly = db.session.scalar(select(Assembly).filter_by(slug="open"))
    page = client.get("/a/open/register").get_data(as_text=True)
    data = form_data(assembly)
    data["started"] = page.split('name="started" type="hidden" value="')[1].split('"')[0]
    registered = client.post("/a/open/register", data=data)
    assert registered.status_code == 302, registered.get_data(as_text=True)[:500]
    assert db.session.query(Registrant).filter_by(assembly_id=assembly.id).count() == 1


def test_a_draw_started_with_redis_down_runs_in_the_process(down_app, organiser):
    with down_app.app_context():
        assembly = factories.drawable_assembly(db.session.merge(organiser), slug="offline")
        run = services.start_run(assembly, db.session.merge(organiser), DATA)
        db.session.commit()
        started = jobs.start("selection.run", run.id)
        started.result(timeout=60)  # a Future: the job was not left in an unreachable queue
        db.session.expire_all()
        assert db.session.get(SelectionRun, run.id).status is RunStatus.SUCCEEDED


# --- No wait lasts for ever -------------------------------------------------------------------


@pytest.fixture
def impatient(app, database_url):
    """An app that waits 300 ms for a lock and 300 ms for a statement (PostgreSQL)."""
    made = create_app(
        _config(database_url, DATABASE_LOCK_TIMEOUT_MS=300, DATABASE_STATEMENT_TIMEOUT_MS=300)
    )
    made.config["PROPAGATE_EXCEPTIONS"] = False
    with made.app_context():
        if db.engine.dialect.name == "sqlite":
            # Give up on the write lock after 300 ms too, rather than SQLite's 5 s.
            event.listen(
                db.engine, "connect", lambda raw, _record: raw.execute("PRAGMA busy_timeout=300")
            )
    calls = []

    def write_a_user():
        db.session.add(User(email="late@example.org", name="Late", password_hash="x"))
        return "saved"

    def slow():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SELECT pg_sleep(5)"))
        else:
            # SQLite has no statement timeout; its long wait is the write lock (below).
            db.session.add(User(email="slow@example.org", name="Slow", password_hash="x"))
            db.session.flush()
        return "done"

    def busy_once():
        calls.append(1)
        db.session.add(User(email=f"retry{len(calls)}@example.org", name="R", password_hash="x"))
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
        return "saved"

    def always_busy():
        calls.append(1)
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    made.add_url_rule("/test/write", "test_write", write_a_user, methods=["POST"])
    made.add_url_rule("/test/slow", "test_slow", slow, methods=["POST"])
    made.add_url_rule("/test/busy-once", "busy_once", busy_once, methods=["POST"])
    made.add_url_rule("/test/always-busy", "always_busy", always_busy, methods=["POST"])
    made.test_client_class = FreshContextClient
    made.calls = calls
    yield made
    with made.app_context():
        db.engine.dispose()


@pytest.fixture
def table_locked(database_url):
    """Another connection holds the user table (PostgreSQL) or the write lock (SQLite)."""
    engine = create_engine(database_url)
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection.execute(text('LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE'))
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    yield
    connection.rollback()
    connection.close()
    engine.dispose()


def test_a_held_lock_gives_busy_nothing_saved_quickly(impatient, table_locked):
    started = time.monotonic()
    response = impatient.test_client().post("/test/write")
    seconds = time.monotonic() - started
    assert response.status_code == 503
    assert "nothing was saved" in response.get_data(as_text=True)
    assert seconds < 5, seconds


def test_a_statement_that_runs_too_long_gives_try_again(impatient):
    with impatient.app_context():
        blocker = None
        if db.engine.dialect.name == "sqlite":
            blocker = create_engine(impatient.config["SQLALCHEMY_DATABASE_URI"]).connect()
            blocker.exec_driver_sql("BEGIN IMMEDIATE")
    started = time.monotonic()
    response = impatient.test_client().post("/test/slow")
    seconds = time.monotonic() - started
    if blocker is not None:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 503
    assert "try again" in response.get_data(as_text=True)
    assert response.headers["Retry-After"]
    assert seconds < 5, seconds


def test_the_write_goes_through_once_the_lock_is_gone(impatient):
    assert impatient.test_client().post("/test/write").get_data(as_text=True) == "saved"
    assert db.session.query(User).filter_by(email="late@example.org").count() == 1


def test_a_request_the_database_turned_away_at_once_is_tried_again(impatient):
    response = impatient.test_client().post("/test/busy-once")
    assert response.get_data(as_text=True) == "saved"
    assert len(impatient.calls) == 2
    # What the first attempt wrote was rolled back; only the second one's row is kept.
    assert db.session.scalars(select(User.email).filter(User.email.like("retry%"))).all() == [
        "retry2@example.org"
    ]


def test_the_retries_are_bounded(impatient):
    response = impatient.test_client().post("/test/always-busy")
    assert response.status_code == 503
    assert len(impatient.calls) == 2


def test_jobs_get_longer_limits_than_requests(app):
    app.config.update(DATABASE_STATEMENT_TIMEOUT_MS=1500, JOB_STATEMENT_TIMEOUT_MS=90000)
    app.add_url_rule("/test/limit", "test_limit", lambda: _statement_timeout())
    in_request = app.test_client().get("/test/limit").get_data(as_text=True)
    outside = _statement_timeout()  # a job, a command: no request here
    if _postgres():
        assert (in_request, outside) == ("1500ms", "90s")
    else:
        assert (in_request, outside) == ("sqlite", "sqlite")  # the busy timeout applies


def _statement_timeout() -> str:
    db.session.commit()  # a fresh checkout, as a new request or job gets
    if not _postgres():
        return "sqlite"
    value = db.session.scalar(text("SHOW statement_timeout"))
    db.session.commit()
    return value


# --- /health ------------------------------------------------------------------------------------


def test_health_reports_latency_draws_and_mail(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["database"]["ok"] and body["database"]["latency_ms"] >= 0
    assert body["draws"] == {"ok": True, "stuck_runs_failed": 0}
    assert body["mail"]["ok"] and body["queue"]["ok"]


def test_health_fails_on_a_stuck_run_and_frees_the_assembly(client, assembly):
    dead = _silent_run(assembly, minutes=3)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["draws"]
    assert response.get_json()["draws"]["stuck_runs_failed"] == 1
    db.session.refresh(dead)
    assert dead.status is RunStatus.FAILED
    assert client.get("/health").status_code == 200


def test_health_fails_without_a_live_worker(app, client, fake_redis):
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["queue"] == {
        "mode": "rq",
        "ok": False,
        "queued": 0,
        "workers": 0,
        "error": "no live worker",
    }
    worker = Worker([jobs.QUEUE], connection=fake_redis)
    worker.register_birth()
    assert client.get("/health").status_code == 200
    worker.register_death()


def test_health_fails_with_redis_down(app, client):
    app.config.update(JOBS_MODE="rq", REDIS_URL=DOWN)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["queue"] == {"mode": "rq", "ok": False, "error": "ConnectionError"}


def test_health_fails_on_old_unsent_mail_and_names_no_one(app, client, assembly):
    app.config["HEALTH_MAIL_MAX_AGE_MINUTES"] = 30
    message = queue_email("secret.person@example.org", "Your invitation", "Hello")
    db.session.commit()
    assert client.get("/health").status_code == 200
    message.created_at = _ago(minutes=45)
    db.session.commit()
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["mail"]
    assert response.get_json()["mail"]["oldest_unsent_minutes"] >= 45
    page = response.get_data(as_text=True)
    assert "secret.person" not in page and "invitation" not in page
    message.sent_at = utcnow()
    db.session.commit()
    assert client.get("/health").status_code == 200
    assert db.session.query(OutboxMessage).count() == 1
