"""One interface for background work: RQ workers on Redis when configured, a thread otherwise.

Jobs are named functions that take plain values and keep their progress and results in the
database, so any web process can show them. `flask --app facilitate jobs worker` runs an RQ
worker for the queue when REDIS_URL is set.
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
}
QUEUE = "facilitate"

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
        return _queue(app).enqueue(execute, name, *args, job_timeout=3600).id
    if how == "inline":
        # A context of its own: its own database session, as a worker would have.
        with app.app_context():
            _resolve(name)(*args)
        return None
    return _lane(name).submit(_in_app, app, name, args)


def _in_app(app: Flask, name: str, args: tuple) -> None:
    with app.app_context():
        try:
            _resolve(name)(*args)
        except Exception:  # the job records its own failure; this is the last resort
            log.exception("job %s%r failed", name, args)
            raise


def execute(name: str, *args) -> None:
    """Run a job inside an app context (the entry point RQ workers import)."""
    if has_app_context():
        _resolve(name)(*args)
        return
    from facilitate import create_app

    with create_app().app_context():
        _resolve(name)(*args)


def redis_connection(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"])


def _queue(app: Flask):
    from rq import Queue

    return Queue(QUEUE, connection=app.extensions.get("facilitate_redis") or redis_connection(app))


def queue_status(app: Flask) -> dict:
    """Describe the job queue for /health."""
    how = mode(app)
    if how != "rq":
        return {"mode": how, "ok": True}
    try:
        queue = _queue(app)
        return {"mode": how, "ok": True, "queued": queue.count}
    except Exception as error:  # noqa: BLE001 - reported, not raised
        return {"mode": how, "ok": False, "error": type(error).__name__}
