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

#: Every endpoint that must ask for a recent sign-in, mapped to the form values that make one
#: of its POSTs high-impact (None: every request does). `tests/test_access.py` checks that each
#: asks a signed-in but not recent session to confirm, and that no endpoint asks unlisted.
HIGH_IMPACT: dict[str, dict[str, str] | None] = {
    "assemblies.change_status": {"to_status": "published"},
    "audit.all_csv": None,
    "audit.assembly_csv": None,
    "auth.disable_two_factor": None,
    "auth.new_backup_codes": None,
    "auth.two_factor_setup": None,
    "council_manage.accept_relaxation": None,
    "council_manage.rotate": None,
    "evidence.export": None,
    "letters.draw": None,
    "letters.two_stage_draw": None,
    "letters.wave_draw": None,
    "letters.export_csv": None,
    "letters.print_letters": None,
    "members.replace": None,
    "pool.erase": None,
    "pool.export": None,
    "selection.panel_csv": None,
    "selection.replace": None,
    "selection.start": None,
    "sittings.export_payments": None,
}


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

        #: Read by the route walk, which compares it with HIGH_IMPACT.
        wrapper.asks_recent_sign_in = dict(when_form or {})
        return wrapper

    return decorator(view) if view is not None else decorator
