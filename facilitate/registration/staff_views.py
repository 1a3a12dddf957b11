"""Organisers register someone who answered by phone or on paper."""

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view
from facilitate.extensions import db
from facilitate.registration import confirmation, page, services
from facilitate.registration.forms import form_values, registration_form
from facilitate.registration.views import bp


# No rate limit and no bot guard: the organiser is signed in, and may enter a stack of forms.
@bp.route("/assemblies/<slug>/pool/register", methods=["GET", "POST"])
@assembly_view("manage")
def register_by_staff(assembly):
    """Take a registration given by phone or on paper; e-mail optional, letter code kept."""
    form = registration_form(assembly, staff=True)
    refusal = []
    if form.validate_on_submit():
        try:
            registrant, token = services.register_by_staff(
                assembly,
                form_values(form, assembly),
                date.today(),
                actor=current_user._get_current_object(),
            )
        except services.RegistrationRefused as refused:
            # As on the public form: the reasons beside what was typed from the paper form,
            # and nothing the refused attempt wrote (a claimed letter code) kept.
            db.session.rollback()
            refusal = refused.reasons
        else:
            confirmation.send_confirmation(assembly, registrant, token)
            flash(_("%(r)s was registered.", r=registrant.reference), "success")
            return redirect(url_for("registration.register_by_staff", slug=assembly.slug))
    return render_template(
        "registration/staff.html",
        assembly=assembly,
        form=form,
        refusal=refusal,
        staff=True,
        **page.form_context(assembly),
    ), (422 if refusal or form.errors else 200)
