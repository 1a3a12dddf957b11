"""Sign in, sign out, accept an invitation, choose a language."""

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
from flask_login import current_user, login_user, logout_user

from facilitate.access import public, signed_in
from facilitate.auth import services
from facilitate.auth.forms import AcceptInvitationForm, EmptyForm, LanguageForm, LoginForm
from facilitate.extensions import db, limiter
from facilitate.security import end_login_session, is_safe_next, start_login_session

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))


def _sign_in(user) -> None:
    """Start a fresh session so nothing from before the sign-in carries over."""
    locale = session.get("locale")
    session.clear()
    session["sid"] = start_login_session(user)
    if locale:
        session["locale"] = locale
    login_user(user)


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
        if user is None:
            flash(_("The email or password is wrong."), "error")
        else:
            _sign_in(user)
            db.session.commit()
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("assemblies.dashboard"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    """Sign out and revoke this session on the server."""
    if EmptyForm().validate_on_submit():
        end_login_session(session.get("sid"))
        db.session.commit()
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
            _sign_in(user)
            db.session.commit()
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return redirect(url_for("assemblies.dashboard"))
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
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("public.home"))
