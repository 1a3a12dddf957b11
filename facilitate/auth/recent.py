"""Ask for a recent sign-in before high-impact actions (drawing, exporting, erasing, publishing).

Apply below the access decorator, so that 404 and 403 come first and the access rule stays on
the outer wrapper:

    @bp.route(...)
    @assembly_view("manage")
    @recent_auth_required
    def export(assembly): ...
"""

from datetime import UTC, datetime, timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _

from facilitate.security import authenticated_since, is_safe_next

DEFAULT_MINUTES = 15


def is_recent(sid: str | None, now: datetime | None = None) -> bool:
    """Say whether this sign-in checked the password within RECENT_AUTH_MINUTES."""
    since = authenticated_since(sid)
    minutes = current_app.config.get("RECENT_AUTH_MINUTES", DEFAULT_MINUTES)
    return since is not None and (now or datetime.now(UTC)) - since <= timedelta(minutes=minutes)


def _return_address() -> str:
    """Where to come back to: this page for a GET, the form's page for a POST."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and is_safe_next(referrer.path):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("assemblies.dashboard")


def recent_auth_required(view=None, *, when_form: dict[str, str] | None = None):
    """Send the person to re-authenticate unless they signed in recently.

    `when_form` limits the check to POSTs carrying these form values (e.g. publishing). A POST
    is never replayed: the person returns to the form's page and is asked to repeat it.
    """

    def decorator(inner):
        @wraps(inner)
        def wrapper(*args, **kwargs):
            applies = when_form is None or all(
                request.form.get(name) == value for name, value in when_form.items()
            )
            if applies and not is_recent(session.get("sid")):
                if request.method != "GET":
                    session["reauth_repeat"] = True
                flash(_("Please confirm it is you before this action."), "info")
                return redirect(url_for("auth.reauthenticate", next=_return_address()))
            return inner(*args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
