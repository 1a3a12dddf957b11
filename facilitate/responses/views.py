"""Organisers record what the authority did with each recommendation; deadline reminders."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate.access import assembly_view, child_or_404, signed_in
from facilitate.extensions import db
from facilitate.models import Assembly, Membership, Recommendation, ResponseStatus, Role
from facilitate.navigation import add_assembly_page
from facilitate.responses import services
from facilitate.responses.forms import UPDATE_LABELS, ResponseForm, UpdateForm

bp = Blueprint("responses", __name__)
add_assembly_page("responses.index", _l("Responses"), "manage", 80)


@bp.route("/assemblies/<slug>/responses/")
@assembly_view("manage")
def index(assembly):
    """List the final recommendations with the authority's answers and the deadlines."""
    recommendations = services.final_recommendations(assembly)
    return render_template(
        "responses/index.html",
        assembly=assembly,
        recommendations=recommendations,
        follow=services.follow_up(assembly, recommendations),
    )


@bp.route("/assemblies/<slug>/responses/<int:recommendation_id>", methods=["GET", "POST"])
@assembly_view("manage")
def edit(assembly, recommendation_id):
    """Record or correct the authority's answer to one recommendation."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    existing = recommendation.response
    form = ResponseForm(obj=existing, status=existing.status.value if existing else None)
    if form.validate_on_submit():
        try:
            services.record_response(
                recommendation,
                ResponseStatus(form.status.data),
                form.justification.data,
                form.responded_on.data,
                current_user,
            )
        except services.ResponseRefused as refused:
            db.session.rollback()  # the reason is shown inline; keep nothing it wrote
            form.justification.errors.append(str(refused))
        else:
            flash(_("The answer was recorded."), "success")
            return redirect(
                url_for("responses.edit", slug=assembly.slug, recommendation_id=recommendation.id)
            )
    return render_template(
        "responses/edit.html",
        assembly=assembly,
        recommendation=recommendation,
        form=form,
        update_form=UpdateForm(),
        update_labels=UPDATE_LABELS,
    ), 422 if form.errors else 200


@bp.route("/assemblies/<slug>/responses/<int:recommendation_id>/updates", methods=["POST"])
@assembly_view("manage")
def add_update(assembly, recommendation_id):
    """Add a dated implementation update to an answer."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    form = UpdateForm()
    if recommendation.response is None:
        flash(_("Record the authority's answer first."), "error")
    elif form.validate_on_submit():
        services.add_update(
            recommendation.response, {k: f.data for k, f in form._fields.items()}, current_user
        )
        flash(_("Update added."), "success")
    else:
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
    return redirect(
        url_for("responses.edit", slug=assembly.slug, recommendation_id=recommendation.id)
    )


@bp.route("/deadlines")
@signed_in
def reminders():
    """Remind organisers of answers and reviews that are due or overdue, across assemblies."""
    query = (
        db.select(Assembly).where(Assembly.handover_on.is_not(None)).order_by(Assembly.handover_on)
    )
    if not current_user.is_admin:
        query = query.join(Membership).where(
            Membership.user_id == current_user.id, Membership.role == Role.ORGANISER
        )
    rows = []
    for assembly in db.session.scalars(query):
        recommendations = services.final_recommendations(assembly)
        rows.append(
            {
                "assembly": assembly,
                "count": len(recommendations),
                **services.follow_up(assembly, recommendations),
            }
        )
    return render_template("responses/reminders.html", rows=rows)
