"""The secretariat corrects or withdraws someone in the council's pool (routes on council_manage)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate import local_time
from facilitate.council import candidates
from facilitate.council.access import child_of, council_view
from facilitate.council.forms import CandidateForm
from facilitate.council.manage_views import bp
from facilitate.models.council import CouncilCandidate


def _pool(council):
    return redirect(url_for("council_manage.pool", council_slug=council.slug))


@bp.route("/pool/<int:council_candidate_id>/edit", methods=["GET", "POST"])
@council_view("manage")
def edit_candidate(council, council_candidate_id):
    """Correct a person's name, address, quota values, source or date of agreement."""
    candidate = child_of(CouncilCandidate, council_candidate_id, council)
    form = CandidateForm(obj=candidate)
    if form.validate_on_submit():
        values = {c: request.form.get(f"value-{c}", "") for c in council.quota_rules}
        data = {**form.data, "values": values}
        if candidates.update_candidate(
            council, candidate, data, actor=current_user._get_current_object()
        ):
            flash(_("The details of %(n)s were corrected.", n=candidate.name), "success")
        return _pool(council)
    return render_template(
        "council/candidate.html", council=council, candidate=candidate, form=form
    )


@bp.route("/pool/<int:council_candidate_id>/withdraw", methods=["POST"])
@council_view("manage")
def withdraw_candidate(council, council_candidate_id):
    """Take someone out of the pool at their request; they are not drawn from today on."""
    candidate = child_of(CouncilCandidate, council_candidate_id, council)
    candidates.withdraw_candidate(
        council, candidate, local_time.today(council), actor=current_user._get_current_object()
    )
    flash(_("%(n)s left the pool and will not be drawn.", n=candidate.name), "success")
    return _pool(council)
