"""Background jobs run the same way in a thread, inline and on RQ workers."""

import fakeredis
import pytest
from rq import Queue, SimpleWorker

from facilitate import jobs
from facilitate.extensions import db
from facilitate.models import OutboxMessage


def record_probe(text: str) -> None:
    """A job for the tests: it leaves a trace in the database."""
    from facilitate.mail import queue_email

    queue_email("probe@example.org", text, "from a job")
    db.session.commit()


@pytest.fixture(autouse=True)
def probe_job(monkeypatch):
    monkeypatch.setitem(jobs.JOBS, "test.probe", "tests.test_jobs:record_probe")


def subjects():
    db.session.commit()
    return sorted(db.session.scalars(db.select(OutboxMessage.subject)))


def test_thread_mode(app):
    app.config["JOBS_MODE"] = "thread"
    future = jobs.start("test.probe", "in a thread")
    future.result(timeout=10)
    assert subjects() == ["in a thread"]


def test_inline_mode(app):
    app.config["JOBS_MODE"] = "inline"
    assert jobs.start("test.probe", "inline") is None
    assert subjects() == ["inline"]


@pytest.fixture
def redis_connection():
    """An in-memory Redis of the test's own: a real server's data is never read or flushed."""
    connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    assert connection.dbsize() == 0
    return connection


def test_rq_mode(app, redis_connection):
    connection = redis_connection
    # The URL names no server: every call must go through the test's own connection.
    app.config.update(JOBS_MODE="rq", REDIS_URL="redis://redis.invalid:1/0")
    app.extensions["facilitate_redis"] = connection
    job_id = jobs.start("test.probe", "on a worker")
    assert isinstance(job_id, str)
    assert subjects() == []  # queued, not yet run
    SimpleWorker([Queue(jobs.QUEUE, connection=connection)], connection=connection).work(burst=True)
    assert subjects() == ["on a worker"]
    status = jobs.queue_status(app)
    assert (status["mode"], status["queued"]) == ("rq", 0)


def test_unknown_job_is_refused(app):
    with pytest.raises(KeyError):
        jobs.enqueue("no.such.job")
    with pytest.raises(KeyError):
        jobs.start("no.such.job")


def test_a_job_leaves_only_after_the_commit(app):
    app.config["JOBS_MODE"] = "inline"
    jobs.enqueue("test.probe", "before the commit")
    assert subjects() == ["before the commit"]  # subjects() commits, and the job ran after
    jobs.enqueue("test.probe", "rolled back")
    db.session.rollback()
    db.session.commit()
    assert subjects() == ["before the commit"]


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json()["database"]["ok"] is True
