"""One interface for background work: RQ workers on Redis when configured, a thread otherwise.

Jobs are named functions that take plain values and keep their progress and results in the
database, so any web process can show them. `flask --app facilitate jobs worker` runs an RQ
worker for the queue when REDIS_URL is set; it waits for Redis and reconnects rather than exit.
When Redis cannot be reached at the moment a job is started, the job runs in this process's
thread instead: a job is never left waiting in a queue that does not have it.
"""

import importlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app, has_app_context

log = logging.getLogger(__name__)

#: Job name → "module:function". Only these can be queued.
JOBS = {
    "selection.run": "facilitate.selection.jobs:run_selection",
    "selection.replace": "facilitate.selection.jobs:run_replacement",
    "mail.deliver": "facilitate.mail:deliver_job",
    "council.draw": "facilitate.council.draw_jobs:run_council_draw",
}
QUEUE = "facilitate"
#: Jobs RQ runs again when their worker dies: a draw is deterministic from its seed and
#: records its result only while its run is still running (selection/jobs.py).
RETRIED = {"selection.run": 2, "selection.replace": 2}

# One worker thread per lane and process: draws are CPU-bound and should not starve the web
# threads. Mail has a lane of its own, so a sign-in link never waits behind a long draw.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="facilitate-job")
_LANES = {"mail": ThreadPoolExecutor(max_workers=1, thread_name_prefix="facilitate-mail")}


def _lane(name: str) -> ThreadPoolExecutor:
    """Return the executor for job `name`: its prefix's lane ("mail.deliver" → "mail")."""
    return _LANES.get(name.partition(".")[0], _executor)


def _resolve(name: str):
    module, _, function = JOBS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def mode(app: Flask) -> str:
    """Return "rq", "thread" or "inline" (run at once, for commands and some tests)."""
    configured = app.config.get("JOBS_MODE")
    if configured:
        return configured
    return "rq" if app.config.get("REDIS_URL") else "thread"


def enqueue(name: str, *args) -> None:
    """Start job `name` once the current transaction commits; never if it rolls back.

    A job reads what the request wrote (the run it draws), so it must not start before the
    commit, and a refused request must not leave a job behind.
    """
    if name not in JOBS:
        raise KeyError(f"unknown job {name!r}")
    from facilitate.after_commit import after_commit
    from facilitate.extensions import db

    app = current_app._get_current_object()
    after_commit(db.session, lambda: start(name, *args, app=app), key=f"job:{name}:{args!r}")


def start(name: str, *args, app: Flask | None = None) -> Future | str | None:
    """Start job `name` now; return a Future (thread), a job id (RQ) or None (inline)."""
    if name not in JOBS:
        raise KeyError(f"unknown job {name!r}")
    app = app or current_app._get_current_object()
    how = mode(app)
    if how == "rq":
        try:
            return _enqueue(app, name, args)
        except Exception:  # noqa: BLE001 - Redis is optional: the job runs here instead
            log.warning(
                "queue unreachable; job %s%r runs in this process", name, args, exc_info=True
            )
            how = "thread"
    if how == "inline":
        # A context of its own: its own database session, as a worker would have.
        with app.app_context():
            _resolve(name)(*args)
        return None
    return _lane(name).submit(_in_app, app, name, args)


def _enqueue(app: Flask, name: str, args: tuple) -> str:
    from rq import Retry

    retries = RETRIED.get(name)
    return (
        _queue(app)
        .enqueue(
            execute,
            name,
            *args,
            job_id=job_id(name, args),
            job_timeout=3600,
            retry=Retry(max=retries) if retries else None,
        )
        .id
    )


def job_id(name: str, args: tuple) -> str | None:
    """Name a retried job after what it works on, so that a lost one can be noticed."""
    if name not in RETRIED:
        return None
    return "-".join([name.replace(".", "-"), *map(str, args)])


def is_retry() -> bool:
    """Tell whether this is an RQ worker's second or later attempt at the current job."""
    from rq import get_current_job

    job = get_current_job()
    return bool(job and job.meta.get("attempts", 0) > 1)


def _count_attempt() -> None:
    from rq import get_current_job

    job = get_current_job()
    if job is not None:
        job.meta["attempts"] = job.meta.get("attempts", 0) + 1
        job.save_meta()


def job_lost(app: Flask, name: str, args: tuple) -> bool | None:
    """Return True when RQ no longer holds the job, False when it does, None when unknown."""
    identifier = job_id(name, args)
    if mode(app) != "rq" or identifier is None:
        return None
    from rq.job import Job

    try:
        return not Job.exists(identifier, connection=_connection(app))
    except Exception:  # noqa: BLE001 - Redis down: we cannot tell
        return None


def _in_app(app: Flask, name: str, args: tuple) -> None:
    with app.app_context():
        try:
            _resolve(name)(*args)
        except Exception:  # the job records its own failure; this is the last resort
            log.exception("job %s%r failed", name, args)
            raise


def execute(name: str, *args) -> None:
    """Run a job inside an app context (the entry point RQ workers import)."""
    _count_attempt()
    if has_app_context():
        _resolve(name)(*args)
        return
    from facilitate import create_app

    with create_app().app_context():
        _resolve(name)(*args)


def redis_connection(app: Flask):
    from redis import Redis

    # Short timeouts: a Redis that does not answer must not hold a web request.
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)


def _connection(app: Flask):
    return app.extensions.get("facilitate_redis") or redis_connection(app)


def _queue(app: Flask):
    from rq import Queue

    return Queue(QUEUE, connection=_connection(app))


def queue_status(app: Flask) -> dict:
    """Describe the job queue for /health: jobs waiting and live workers (RQ needs one)."""
    how = mode(app)
    if how != "rq":
        return {"mode": how, "ok": True}
    from rq import Worker

    try:
        queue = _queue(app)
        workers = Worker.count(connection=queue.connection, queue=queue)
        status = {"mode": how, "ok": workers > 0, "queued": queue.count, "workers": workers}
    except Exception as error:  # noqa: BLE001 - reported, not raised
        return {"mode": how, "ok": False, "error": type(error).__name__}
    if not workers:
        status["error"] = "no live worker"
    return status


#: A worker's registration lapses this many seconds after its last sign of life, so /health
#: stops counting a killed worker within a minute (RQ's default is seven).
WORKER_TTL = 60


def work(app: Flask, burst: bool = False) -> None:
    """Run an RQ worker; when Redis goes away, wait and reconnect instead of exiting."""
    import time

    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown
    from redis.exceptions import TimeoutError as RedisSlow
    from rq import Worker

    pause = 1.0
    while True:
        try:
            # No read timeout here: the worker blocks on the queue on purpose.
            connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=5)
            connection.ping()
            pause = 1.0
            worker = Worker([QUEUE], connection=connection, worker_ttl=WORKER_TTL)
            worker.work(burst=burst)
            return  # burst done, or a shutdown signal: leave
        except (RedisDown, RedisSlow) as error:
            log.warning("Redis unreachable (%s); worker retries in %.0f s", error, pause)
            time.sleep(pause)
            pause = min(pause * 2, 30.0)
