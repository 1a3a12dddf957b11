"""Residents register, then view, correct or withdraw through a private link."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import public, public_assembly_or_404
from facilitate.auth.services import normalise_email
from facilitate.extensions import db, limiter
from facilitate.registration import confirmation, guards, page, services
from facilitate.registration.forms import (
    ContactFields,
    WithdrawForm,
    form_values,
    registration_form,
)

bp = Blueprint("registration", __name__)


def _email_key() -> str:
    return "register-email:" + normalise_email(request.form.get("email", ""))


@bp.route("/a/<slug>/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("5 per day", methods=["POST"], key_func=_email_key)
@public
def register(slug):
    """Show and take the registration form while recruitment is open."""
    posted = request.method == "POST"
    # Someone signed in, or with a message waiting, must not get the page kept for all.
    personal = not posted and (current_user.is_authenticated or bool(session.get("_flashes")))
    if not posted and not personal:
        kept = _kept_page(slug, request.args.get("code", ""))
        if kept is not None:
            return kept
    g.assembly = assembly = services.registration_assembly(slug, with_questions=posted) or abort(
        404
    )
    if not services.is_open(assembly, date.today()):
        return render_template("registration/closed.html", assembly=assembly)
    if not posted:
        return page.blank_form(assembly, request.args.get("code", ""), personal)
    form = registration_form(assembly, code=request.args.get("code", ""))
    refusal = []
    if guards.looks_like_a_bot(request.form, assembly.id):
        abort(400)
    if form.validate_on_submit():
        try:
            registrant, token = services.register(
                assembly, form_values(form, assembly), date.today()
            )
        except services.RegistrationRefused as refused:
            # The form shows the reasons inline; nothing the refused attempt wrote (such as a
            # claimed letter code) may be kept by the request's commit.
            db.session.rollback()
            refusal = refused.reasons
        else:
            confirmation.send_confirmation(assembly, registrant, token)
            return redirect(url_for("registration.done", slug=assembly.slug))
    form.started.data = guards.issue_started_token(assembly.id)
    status = 422 if refusal or form.errors else 200
    return render_template(
        "registration/register.html",
        assembly=assembly,
        form=form,
        refusal=refusal,
        **page.form_context(assembly),
    ), status


def _kept_page(slug: str, code: str):
    """Serve the kept anonymous page without the database while this worker's look at the
    assembly is recent and found it open."""
    seen = page.recently_seen(slug)
    if seen is None or not services.is_open(seen, date.today()):
        return None
    g.assembly = seen  # its language chooses the page's (i18n.select_locale)
    return page.kept_page(seen, code)


@bp.route("/a/<slug>/register/done")
@public
def done(slug):
    """Thank the resident and say what happens next."""
    return render_template("registration/done.html", assembly=public_assembly_or_404(slug))


@bp.route("/a/<slug>/privacy")
@public
def privacy(slug):
    """Show the privacy notice registrants agree to."""
    return render_template("registration/privacy.html", assembly=public_assembly_or_404(slug))


@bp.route("/r/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def manage(token):
    """Let a registrant see and correct what they gave us."""
    registrant = services.find_by_token(token)
    if registrant is None:
        abort(404)
    g.assembly = assembly = db.session.get(services.Assembly, registrant.assembly_id)
    form = ContactFields(obj=registrant)
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items()}
        services.correct_registration(registrant, data)
        flash(_("Your details were updated."), "success")
        return redirect(url_for("registration.manage", token=token))
    return render_template(
        "registration/manage.html",
        assembly=assembly,
        registrant=registrant,
        form=form,
        withdraw_form=WithdrawForm(),
        token=token,
    )


@bp.route("/r/<token>/withdraw", methods=["POST"])
@public
def withdraw(token):
    """Withdraw from the pool."""
    registrant = services.find_by_token(token)
    if registrant is None:
        abort(404)
    if WithdrawForm().validate_on_submit():
        services.withdraw_registration(registrant)
        flash(_("You have withdrawn. Thank you for your interest."), "success")
    else:
        flash(_("Tick the box to confirm that you want to withdraw."), "error")
    return redirect(url_for("registration.manage", token=token))


from facilitate.registration import (  # noqa: E402,F401  (routes on bp)
    correction_views,
    question_views,
    staff_views,
)
