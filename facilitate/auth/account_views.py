"""A person's own sign-in security, and administrators' two-factor policy."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate import shown_once
from facilitate.access import admin_only, signed_in
from facilitate.audit.services import record_action
from facilitate.auth import two_factor
from facilitate.auth.forms import CodeForm, EmptyForm
from facilitate.auth.recent import recent_auth_required
from facilitate.auth.secret_sealing import UnreadableSecret
from facilitate.auth.sign_in import required_for_staff
from facilitate.auth.views import bp
from facilitate.extensions import db
from facilitate.models import User

#: Pages a person who must enrol can still reach before enrolling.
_OPEN_WHILE_ENROLLING = {
    "static",
    "auth.two_factor_setup",
    "auth.reauthenticate",
    "auth.logout",
    "auth.set_language",
}
#: New backup codes wait server-side, sealed, to be shown once (shown_once.py), never in the
#: cookie, which anyone holding it can read.
CODES_KEY = "backup_codes"


@bp.before_app_request
def _send_to_enrolment():
    """Keep someone who must use two-factor sign-in on the enrolment page until they do."""
    if request.endpoint in _OPEN_WHILE_ENROLLING or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    if user.two_factor_enabled or not two_factor.must_use_two_factor(user, required_for_staff()):
        return None
    return redirect(url_for("auth.two_factor_setup"))


@bp.route("/account/security")
@signed_in
def account_security():
    """Show whether two-factor sign-in is on and how many backup codes are left."""
    user = current_user._get_current_object()
    return render_template(
        "account/security.html",
        user=user,
        remaining=two_factor.unused_backup_codes(user),
        required=two_factor.must_use_two_factor(user, required_for_staff()),
        form=EmptyForm(),
    )


@bp.route("/account/two-factor", methods=["GET", "POST"])
@signed_in
@recent_auth_required
def two_factor_setup():
    """Show the QR code and key of a new secret; turn it on with a code from the app."""
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return redirect(url_for("auth.account_security"))
    secret = _pending_secret()
    form = CodeForm()
    if form.validate_on_submit():
        codes = two_factor.enable_two_factor(user, secret, form.code.data)
        if codes:
            record_action(user, "account.two_factor_enabled", target=f"user:{user.email}")
            session.pop("totp_pending", None)
            shown_once.keep(CODES_KEY, codes)
            flash(_("Two-factor sign-in is on."), "success")
            return redirect(url_for("auth.backup_codes"))
        form.code.errors.append(_("That code does not match. Check the time on your phone."))
    uri = two_factor.provisioning_uri(
        secret, user.email, current_app.config.get("TOTP_ISSUER", "facilitate")
    )
    return render_template(
        "account/two_factor_setup.html",
        form=form,
        secret=secret,
        qr=two_factor.qr_svg(uri),
    )


def _pending_secret() -> str:
    """Return the secret being enrolled, or start a new one."""
    # It waits in the session, sealed (a cookie is only signed), until a code proves the app
    # has it.
    sealed = session.get("totp_pending")
    if sealed:
        try:
            return two_factor.open_secret(sealed)
        except UnreadableSecret:
            pass  # sealed under an earlier key, or before sealing: start again
    secret = two_factor.new_secret()
    session["totp_pending"] = two_factor.seal_secret(secret)
    return secret


@bp.route("/account/backup-codes")
@signed_in
def backup_codes():
    """Show newly made backup codes once; a reload shows them no more."""
    kept = shown_once.take(CODES_KEY)
    if not kept:
        return redirect(url_for("auth.account_security"))
    return render_template("account/backup_codes.html", codes=kept[-1])


@bp.route("/account/backup-codes/new", methods=["POST"])
@signed_in
@recent_auth_required
def new_backup_codes():
    """Replace the backup codes (the old ones stop working)."""
    user = current_user._get_current_object()
    if not EmptyForm().validate_on_submit() or not user.two_factor_enabled:
        abort(400)
    shown_once.keep(CODES_KEY, two_factor.new_backup_codes(user))
    record_action(user, "account.backup_codes_replaced", target=f"user:{user.email}")
    return redirect(url_for("auth.backup_codes"))


@bp.route("/account/two-factor/disable", methods=["POST"])
@signed_in
@recent_auth_required
def disable_two_factor():
    """Turn two-factor sign-in off, unless an administrator requires it."""
    user = current_user._get_current_object()
    if not EmptyForm().validate_on_submit():
        abort(400)
    if two_factor.must_use_two_factor(user, required_for_staff()):
        flash(_("Your account must use two-factor sign-in; it cannot be turned off."), "error")
    else:
        two_factor.disable_two_factor(user)
        record_action(user, "account.two_factor_disabled", target=f"user:{user.email}")
        flash(_("Two-factor sign-in is off."), "success")
    return redirect(url_for("auth.account_security"))


@bp.route("/admin/two-factor", methods=["GET", "POST"])
@admin_only
def two_factor_policy():
    """List organisers and administrators; require two-factor sign-in of some of them."""
    form = EmptyForm()
    if form.validate_on_submit():
        person = db.session.get(User, request.form.get("user_id", type=int) or 0)
        if person is None:
            abort(404)
        required = request.form.get("required") == "1"
        two_factor.set_required(person, required)
        record_action(
            current_user, "admin.two_factor_required", target=f"user:{person.email}",
            before={"require_two_factor": not required}, after={"require_two_factor": required},
        )  # fmt: skip
        flash(_("Saved for %(e)s.", e=person.email), "success")
        return redirect(url_for("auth.two_factor_policy"))
    staff = db.session.scalars(
        db.select(User).where(User.is_admin | User.can_organise).order_by(User.email)
    ).all()
    return render_template(
        "account/policy.html", staff=staff, form=form, required_for_staff=required_for_staff()
    )
