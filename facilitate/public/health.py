"""A health check for load balancers and monitoring: 503 with the reasons when anything fails.

Anyone may read it, so it tells counts, ages and error kinds only: never a name, an address,
an assembly or a run.
"""

import time
from datetime import UTC, datetime

from flask import current_app, jsonify
from sqlalchemy import func, select, text

from facilitate import jobs
from facilitate.access import public
from facilitate.extensions import db
from facilitate.models import OutboxMessage
from facilitate.public.views import bp
from facilitate.selection.services import expire_stale_runs


@bp.route("/health")
@public
def health():
    """Report whether the database, the job queue, the draws and the mail are well."""
    checks = {"database": _database(), "queue": jobs.queue_status(current_app)}
    if checks["database"]["ok"]:
        checks["draws"] = _guarded(_draws)
        checks["mail"] = _guarded(_mail)
    failing = sorted(name for name, check in checks.items() if not check["ok"])
    body = jsonify(status="degraded" if failing else "ok", failing=failing, **checks)
    return body, 503 if failing else 200


def _guarded(check) -> dict:
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - reported, not raised
        db.session.rollback()
        return {"ok": False, "error": type(error).__name__}


def _database() -> dict:
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - reported, not raised
        db.session.rollback()
        return {"ok": False, "error": type(error).__name__}
    milliseconds = round((time.perf_counter() - started) * 1000, 1)
    slow = milliseconds > current_app.config["HEALTH_DATABASE_SLOW_MS"]
    report = {"ok": not slow, "backend": db.engine.dialect.name, "latency_ms": milliseconds}
    if slow:
        report["error"] = "slow"
    return report


def _draws() -> dict:
    # Reaping here, not only reporting: monitoring polls /health every minute or so, which
    # frees an assembly from a dead draw even where no cron runs `flask jobs reap` and no
    # organiser opens the page. It is safe for anyone to trigger: it touches only runs that
    # can no longer finish. The check fails once, for the poll that found them.
    reaped = expire_stale_runs()
    report = {"ok": not reaped, "stuck_runs_failed": len(reaped)}
    if reaped:
        report["error"] = "draws had stopped; marked failed"
    return report


def _mail() -> dict:
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.error == "",
            OutboxMessage.sealed_body.is_not(None),
        )
    )
    if oldest is None:
        return {"ok": True, "oldest_unsent_minutes": 0}
    if oldest.tzinfo is None:  # SQLite hands aggregates back without the zone
        oldest = oldest.replace(tzinfo=UTC)
    minutes = round((datetime.now(UTC) - oldest).total_seconds() / 60, 1)
    limit = current_app.config["HEALTH_MAIL_MAX_AGE_MINUTES"]
    report = {"ok": minutes <= limit, "oldest_unsent_minutes": minutes}
    if minutes > limit:
        report["error"] = f"mail waiting longer than {limit} minutes"
    return report
