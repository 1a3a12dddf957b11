"""Organisers correct a registrant's quota answers, date of birth or postcode, with a reason."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view, child_or_404
from facilitate.models import Registrant
from facilitate.pool import corrections
from facilitate.pool.correction_forms import correction_form, requested_changes
from facilitate.pool.views import bp


@bp.route("/<int:registrant_id>/correct", methods=["GET", "POST"])
@assembly_view("manage")
def correct(assembly, registrant_id):
    """Correct a registrant's answers until the draw; each change is kept with its reason."""
    registrant = child_or_404(Registrant, registrant_id, assembly)
    closed = corrections.closed_because(assembly, registrant, by_registrant=False)
    form = correction_form(assembly, registrant, by_registrant=False)
    if not closed and form.validate_on_submit():
        back = url_for("pool.correct", slug=assembly.slug, registrant_id=registrant.id)
        try:
            corrections.correct_answers(
                registrant,
                requested_changes(form, assembly, by_registrant=False),
                reason=form.reason.data,
                by_registrant=False,
                actor=current_user._get_current_object(),
            )
        except corrections.CorrectionRefused as refused:
            refused.back_to = back
            raise
        flash(_("The answers of %(r)s were corrected.", r=registrant.reference), "success")
        return redirect(url_for("pool.show", slug=assembly.slug, registrant_id=registrant.id))
    return render_template(
        "pool/correct.html", assembly=assembly, registrant=registrant, form=form, closed=closed
    ), 400 if form.errors else 200
