"""Where a sign-in goes next: the second factor, enrolment, or the page asked for.

Shared by the password, link and invitation sign-ins (auth and members views); it reads and
writes the session, so it belongs to the web layer.
"""

import time

from flask import current_app, flash, redirect, session, url_for
from flask_babel import gettext as _

from facilitate.auth import two_factor
from facilitate.security import is_safe_next, sign_in


def required_for_staff() -> bool:
    """Say whether this site makes every organiser and admin use two-factor sign-in."""
    return bool(current_app.config.get("REQUIRE_TWO_FACTOR", False))


def continue_sign_in(user, target: str | None, proven: bool):
    """Ask for the second factor when the account has one, else sign in.

    `proven` is False for a sign-in by emailed link or invitation: the session then never
    counts as a recent sign-in, and a link never stands in for the code.
    """
    if user.two_factor_enabled:
        session["pending_2fa"] = {
            "user_id": user.id,
            "next": target,
            "at": time.time(),
            "proven": proven,
        }
        return redirect(url_for("auth.second_factor"))
    sign_in(user, proven)
    return after_sign_in(user, target)


def after_sign_in(user, target: str | None):
    """Send the person on, or to enrolment first when they must use two-factor sign-in."""
    if not user.two_factor_enabled and two_factor.must_use_two_factor(user, required_for_staff()):
        flash(_("Your account must use two-factor sign-in. Please set it up now."), "warning")
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(target if is_safe_next(target) else url_for("assemblies.dashboard"))
