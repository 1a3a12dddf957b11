"""A health check for load balancers and monitoring."""

from flask import current_app, jsonify
from sqlalchemy import text

from facilitate import jobs
from facilitate.access import public
from facilitate.extensions import db
from facilitate.public.views import bp


@bp.route("/health")
@public
def health():
    """Report whether the database and the job queue answer."""
    try:
        db.session.execute(text("SELECT 1"))
        database = {"ok": True, "backend": db.engine.dialect.name}
    except Exception as error:  # noqa: BLE001 - reported, not raised
        database = {"ok": False, "error": type(error).__name__}
    queue = jobs.queue_status(current_app)
    healthy = database["ok"] and queue["ok"]
    return jsonify(status="ok" if healthy else "degraded", database=database, queue=queue), (
        200 if healthy else 503
    )
