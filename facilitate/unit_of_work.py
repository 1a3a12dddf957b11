"""One unit of work per request: the view runs, then one commit; any exception rolls back.

Views validate, call services and return; they do not commit. The commit happens here, before
the response leaves, so a commit that fails becomes an error page rather than a success
message for something that was not stored. Mail and jobs registered with `after_commit` leave
only after it. A `Refused` raised anywhere below a view is shown to the person, with
everything the refused action wrote rolled back.
"""

import logging
import time
from urllib.parse import urlsplit

from flask import (
    Flask,
    current_app,
    flash,
    has_app_context,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
)
from flask_babel import lazy_gettext
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from facilitate.extensions import db
from facilitate.refusals import Refused

log = logging.getLogger(__name__)


class Application(Flask):
    """Flask with the request's unit of work around every view."""

    def dispatch_request(self):
        flashed = list(session.get("_flashes", []))
        attempt = 0
        while True:
            try:
                # A page served without the database (a kept page) never opens a session:
                # opening one only to commit nothing costs a tenth of such a request.
                if db.session.registry.has():
                    db.session.info.pop("audited", None)
                    db.session.info.pop("wrote", None)
                response = self.make_response(super().dispatch_request())
                _check_audited(response, flashed)
                if db.session.registry.has():
                    db.session.commit()
                return response
            except BaseException as error:
                db.session.rollback()
                # A success message flashed before the failure would tell of work not kept.
                if session.get("_flashes", []) != flashed:
                    session["_flashes"] = flashed
                attempt += 1
                if not _worth_retrying(error, attempt):
                    raise
                log.info("retrying %s %s after %s", request.method, request.path, error.orig)
                time.sleep(0.1 * attempt)


class Unaudited(AssertionError):
    """A consequential route succeeded without an audit entry (raised in tests only)."""


def _check_audited(response, flashed_before: list) -> None:
    """Make sure a successful use of a consequential route wrote an audit entry.

    Success is a download (GET 200) or a form that went through (POST answered by a redirect
    without a new error message); a refused or re-shown form is not, and writes nothing.
    """
    from facilitate.audit.registry import ACTIONS, DOWNLOADS

    if request.method == "GET" and request.endpoint in DOWNLOADS:
        succeeded = response.status_code == 200
    elif request.method == "POST" and request.endpoint in ACTIONS:
        new = session.get("_flashes", [])[len(flashed_before) :]
        errors = any(category in ("error", "warning") for category, _text in new)
        # A redirect to the sign-in page, or a form sent back, wrote nothing.
        wrote = db.session.info.get("wrote")
        succeeded = response.status_code in (302, 303) and not errors and wrote
    else:
        return
    if not succeeded or db.session.info.get("audited"):
        return
    message = f"{request.method} {request.endpoint} succeeded without an audit entry"
    if current_app.testing:
        raise Unaudited(message)
    log.error(message)


@event.listens_for(Session, "after_flush")
def _note_writes(session, _context) -> None:
    if session.new or session.dirty or session.deleted:
        session.info["wrote"] = True


def _worth_retrying(error: BaseException, attempt: int) -> bool:
    """Run the whole request again when the database gave up at once on a passing conflict.

    Everything it wrote was rolled back and mail and jobs wait for the commit, so a second run
    is the first one done again. Not for uploads (their stream is read) nor for timeouts, which
    have already waited their share.
    """
    if attempt > current_app.config["DATABASE_WRITE_RETRIES"]:
        return False
    if not isinstance(error, OperationalError) or request.files:
        return False
    orig = error.orig
    # SQLite: the write lock stayed taken past the busy timeout. PostgreSQL: a deadlock or a
    # serialisation failure, which the server resolved by cancelling us.
    return "database is locked" in str(orig) or getattr(orig, "sqlstate", None) in {
        "40P01",
        "40001",
    }


def register(app: Flask) -> None:
    """Show refusals the same way everywhere."""
    app.register_error_handler(Refused, show_refusal)
    app.register_error_handler(OperationalError, database_unavailable)
    # Every connection of the pool busy past its wait: the same answer, not a bare 500.
    app.register_error_handler(PoolTimeout, database_unavailable)


def show_refusal(refused: Refused):
    """Send a refused form back where it came from with the reasons; explain a refused page."""
    reasons = refused.reasons or [str(lazy_gettext("This action was refused."))]
    if request.method != "GET":
        target = refused.back_to or _same_site_referrer()
        if target:
            for reason in reasons:
                flash(reason, "error")
            return redirect(target)
    return render_template("errors/error.html", code=422, message=" ".join(reasons)), 422


def _same_site_referrer() -> str | None:
    """The page the form was on, if it is one of ours."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def database_unavailable(error: OperationalError | PoolTimeout):
    """Say plainly that nothing was saved when the database was busy or out of reach."""
    # The unit of work has rolled back; a page that implied success would lie.
    log.warning("database unavailable for %s %s", request.method, request.path, exc_info=error)
    if request.method in ("GET", "HEAD"):
        # A page that failed to load changed nothing, and may follow a save that did succeed.
        message = lazy_gettext(
            "The database is busy or out of reach. Please try again in a moment."
        )
    else:
        message = lazy_gettext(
            "The database is busy or out of reach, so nothing was saved. "
            "Please try again in a moment."
        )
    page = render_template("errors/error.html", code=503, message=message)
    return page, 503, {"Retry-After": "5"}


# No wait lasts for ever. A request's PostgreSQL connection gives up on a lock after
# DATABASE_LOCK_TIMEOUT_MS and on a statement after DATABASE_STATEMENT_TIMEOUT_MS, so a held
# lock or a runaway query fails one request with "busy, try again" instead of wedging every
# worker. A draw, mail delivery, a command or a migration may rightly wait longer: outside a
# request a connection gets JOB_LOCK_TIMEOUT_MS and JOB_STATEMENT_TIMEOUT_MS, set as it leaves
# the pool, and only when it does not have them already.

#: Where the limits a connection currently has are remembered (its pool record's info).
_APPLIED = "facilitate_timeouts"


def wanted(config, in_request: bool) -> tuple[int, int]:
    """Return (lock, statement) timeouts in ms for a request or for other work; 0 is none."""
    prefix = "DATABASE" if in_request else "JOB"
    return (
        int(config.get(f"{prefix}_LOCK_TIMEOUT_MS") or 0),
        int(config.get(f"{prefix}_STATEMENT_TIMEOUT_MS") or 0),
    )


@event.listens_for(Pool, "checkout")
def _apply(dbapi_connection, record, _proxy) -> None:
    if not has_app_context() or "psycopg" not in type(dbapi_connection).__module__:
        return
    config = current_app.config
    if not config.get("SQLALCHEMY_DATABASE_URI", "").startswith("postgresql"):
        return
    target = wanted(config, has_request_context())
    if record.info.get(_APPLIED) == target:
        return
    lock, statement = target
    cursor = dbapi_connection.cursor()
    cursor.execute(
        "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
        (str(lock), str(statement)),
    )
    cursor.close()
    # Settings made in a transaction that rolls back are undone: keep these.
    dbapi_connection.commit()
    record.info[_APPLIED] = target
