"""A registrant corrects their own quota answers and date of birth through their private link."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitate.access import public
from facilitate.extensions import db, limiter
from facilitate.models import Assembly
from facilitate.pool import corrections
from facilitate.pool.correction_forms import correction_form, requested_changes
from facilitate.registration import services
from facilitate.registration.views import bp


@bp.route("/r/<token>/answers", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def answers(token):
    """Let a registrant correct their answers to the quota questions until the draw."""
    registrant = services.find_by_token(token)
    if registrant is None:
        abort(404)
    g.assembly = assembly = db.session.get(Assembly, registrant.assembly_id)
    closed = corrections.closed_because(assembly, registrant)
    form = correction_form(assembly, registrant, by_registrant=True)
    if not closed and form.validate_on_submit():
        try:
            corrections.correct_answers(
                registrant,
                requested_changes(form, assembly, by_registrant=True),
                by_registrant=True,
                actor=None,
            )
        except corrections.CorrectionRefused as refused:
            refused.back_to = url_for("registration.answers", token=token)
            raise
        flash(_("Your answers were corrected."), "success")
        return redirect(url_for("registration.manage", token=token))
    return render_template(
        "registration/answers.html",
        assembly=assembly,
        registrant=registrant,
        form=form,
        closed=closed,
        token=token,
    ), 400 if form.errors else 200
