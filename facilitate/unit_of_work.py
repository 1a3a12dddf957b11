"""One unit of work per request: the view runs, then one commit; any exception rolls back.

Views validate, call services and return; they do not commit. The commit happens here, before
the response leaves, so a commit that fails becomes an error page rather than a success
message for something that was not stored. Mail and jobs registered with `after_commit` leave
only after it. A `Refused` raised anywhere below a view is shown to the person, with
everything the refused action wrote rolled back.
"""

import logging
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request, session
from flask_babel import lazy_gettext
from sqlalchemy.exc import OperationalError

from facilitate.extensions import db
from facilitate.refusals import Refused

log = logging.getLogger(__name__)


class Application(Flask):
    """Flask with the request's unit of work around every view."""

    def dispatch_request(self):
        flashed = list(session.get("_flashes", []))
        try:
            response = super().dispatch_request()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            # A success message flashed before the failure would tell of work not kept.
            if session.get("_flashes", []) != flashed:
                session["_flashes"] = flashed
            raise
        return response


def register(app: Flask) -> None:
    """Show refusals the same way everywhere."""
    app.register_error_handler(Refused, show_refusal)
    app.register_error_handler(OperationalError, database_unavailable)


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


def database_unavailable(error: OperationalError):
    """Say plainly that nothing was saved when the database was busy or out of reach."""
    # The unit of work has rolled back; a page that implied success would lie.
    log.warning("database unavailable for %s %s", request.method, request.path, exc_info=error)
    message = lazy_gettext(
        "The database is busy or out of reach, so nothing was saved. Please try again in a moment."
    )
    page = render_template("errors/error.html", code=503, message=message)
    return page, 503, {"Retry-After": "5"}
