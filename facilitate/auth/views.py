"""Sign in (with a second factor when enabled), re-authenticate, sign out, accept invitations."""

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from facilitate.access import public, signed_in
from facilitate.auth import services, two_factor
from facilitate.auth.forms import (
    AcceptInvitationForm,
    CodeForm,
    EmptyForm,
    LanguageForm,
    LoginForm,
    ReauthenticateForm,
)
from facilitate.auth.sign_in import after_sign_in, continue_sign_in
from facilitate.extensions import db, limiter
from facilitate.models import User
from facilitate.security import end_login_session, is_safe_next, mark_authenticated, sign_in

bp = Blueprint("auth", __name__, url_prefix="/auth")

#: Seconds between the password and the second factor before the password is asked again.
PENDING_SECONDS = 300


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _code_limit() -> str:
    return current_app.config.get("TWO_FACTOR_RATE_LIMIT", "5 per minute;20 per hour")


def _email_key() -> str:
    """Count guesses at one account from one address.

    Per account alone, anyone could lock the real person out by failing ten times; the
    per-address limit beside it still stops one address trying many accounts.
    """
    email = services.normalise_email(request.form.get("email", ""))
    return f"login-email:{request.remote_addr}:{email}"


def _code_key() -> str:
    """Count code attempts per account, whichever address they come from."""
    pending = session.get("pending_2fa") or {}
    user_id = pending.get("user_id") or (
        current_user.get_id() if current_user.is_authenticated else request.remote_addr
    )
    return f"2fa:{user_id}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_email_key)
@public
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("assemblies.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        target = request.args.get("next")
        if user is None:
            flash(_("The email or password is wrong."), "error")
        else:
            return continue_sign_in(user, target, proven=True)
    return render_template("auth/login.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=_code_key)
@public
def second_factor():
    """Ask for the authenticator code after a correct password."""
    pending = session.get("pending_2fa") or {}
    user = db.session.get(User, pending["user_id"]) if pending.get("user_id") else None
    if user is None or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop("pending_2fa", None)
        flash(_("Please sign in again."), "info")
        if request.method == "GET":
            return render_template("auth/login.html", form=LoginForm())
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.check_second_factor(user, form.code.data):
            sign_in(user, proven=pending.get("proven") is True)
            return after_sign_in(user, pending.get("next"))
        flash(_("The code is wrong or has already been used."), "error")
    return render_template("auth/two_factor.html", form=form)


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=_code_key)
@signed_in
def reauthenticate():
    """Confirm the password (and code) again before a high-impact action."""
    form = ReauthenticateForm()
    if not current_user.two_factor_enabled:
        del form.code
    target = request.args.get("next")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        ok = services.authenticate(user.email, form.password.data) is not None
        if ok and user.two_factor_enabled:
            ok = two_factor.check_second_factor(user, form.code.data or "")
        if ok:
            mark_authenticated(session.get("sid"))
            if session.pop("reauth_repeat", False):
                flash(_("Thank you. Please repeat the action now."), "info")
            return redirect(target if is_safe_next(target) else url_for("assemblies.dashboard"))
        flash(_("The password or code is wrong."), "error")
    return render_template("auth/reauthenticate.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    """Sign out and revoke this session on the server."""
    if EmptyForm().validate_on_submit():
        end_login_session(session.get("sid"))
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def accept_invitation(token):
    """Create an account from an invitation link."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = AcceptInvitationForm()
    existing = db.session.scalar(db.select(services.User).filter_by(email=invitation.email))
    if existing is not None:
        del form.name, form.confirm
    if form.validate_on_submit():
        if (
            existing is not None
            and services.authenticate(invitation.email, form.password.data) is None
        ):
            flash(_("The password is wrong for this existing account."), "error")
        else:
            method = current_app.config["PASSWORD_HASH_METHOD"]
            name = form.name.data if existing is None else existing.name
            user = services.accept_invitation(invitation, name, form.password.data, method)
            # The link proves a mailbox: not a recent sign-in, and never instead of the code.
            response = continue_sign_in(user, None, proven=False)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return response
    return render_template(
        "auth/invitation.html", form=form, invitation=invitation, existing=existing
    )


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """Remember the chosen interface language."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("public.home"))


from facilitate.auth import account_views  # noqa: E402,F401  (routes on this blueprint)
