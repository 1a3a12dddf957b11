"""Members cite submissions and evidence in recommendations and in their own notes."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from facilitate.access import assembly_view, child_or_404, object_rule
from facilitate.auth.forms import EmptyForm
from facilitate.evidence import citations, queries
from facilitate.evidence.forms import CiteForm, CiteInRecommendationForm
from facilitate.evidence.permissions import can_change_entry, can_cite
from facilitate.evidence.views import bp
from facilitate.extensions import db
from facilitate.models import Recommendation, RecommendationStatus
from facilitate.models.evidence import Submission, SubmissionStatus
from facilitate.models.notes import Note
from facilitate.models.sittings_content import Material

#: Recommendations still standing: merged and withdrawn ones draw on nothing new.
CITABLE = (RecommendationStatus.DRAFT, RecommendationStatus.FINAL)


def cite_choices(assembly, user) -> list[SelectChoice]:
    """Offer the assembly's standing recommendations and the reader's own notes."""
    recommendations = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.assembly_id == assembly.id, Recommendation.status.in_(CITABLE))
        .order_by(Recommendation.number)
    ).all()
    notes = db.session.scalars(
        select(Note)
        .filter_by(assembly_id=assembly.id, author_id=user.id)
        .order_by(Note.id.desc())
        .limit(50)
    ).all()
    choices = [SelectChoice("", _("Choose…"))]
    choices += [
        SelectChoice(f"r{r.id}", _("Recommendation %(n)d: %(t)s", n=r.number, t=r.current.title))
        for r in recommendations
        if r.versions
    ]
    choices += [
        SelectChoice(f"n{n.id}", _("My note: %(t)s", t=" ".join(n.body.split())[:60]))
        for n in notes
    ]
    return choices


def _target(assembly, value: str):
    kind, raw = value[:1], value[1:]
    if not raw.isdigit():
        return None, None
    if kind == "r":
        return child_or_404(Recommendation, int(raw), assembly), None
    if kind == "n":
        return None, child_or_404(Note, int(raw), assembly)
    return None, None


@bp.route("/<int:submission_id>/cite", methods=["POST"])
@assembly_view("cite")
def cite(assembly, submission_id):
    """Cite this submission in a recommendation or in one of my notes."""
    submission = child_or_404(Submission, submission_id, assembly)
    form = CiteForm()
    form.target.choices = cite_choices(assembly, current_user)
    back = url_for("evidence.show", slug=assembly.slug, submission_id=submission.id)
    if not form.validate_on_submit():
        flash(_("Choose where to cite it."), "error")
        return redirect(back)
    recommendation, note = _target(assembly, form.target.data)
    try:
        citations.cite_evidence(
            current_user, form.comment.data or "", submission, None, recommendation, note
        )
    except citations.CitationRefused as refused:
        refused.back_to = back
        raise
    flash(_("Cited."), "success")
    return redirect(back)


@bp.route("/recommendations/<int:recommendation_id>", methods=["GET", "POST"])
@assembly_view("take_part", writes="cite")
def recommendation_evidence(assembly, recommendation_id):
    """Show and add the evidence a recommendation draws on."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    form = CiteInRecommendationForm()
    materials = db.session.scalars(
        select(Material).filter_by(assembly_id=assembly.id).order_by(Material.title)
    ).all()
    form.material_id.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(str(m.id), m.title) for m in materials
    ]
    allowed = can_cite(current_user, assembly)
    if form.validate_on_submit():
        submission = None
        if form.submission_number.data:
            submission = db.session.scalar(
                select(Submission).filter_by(
                    assembly_id=assembly.id,
                    number=form.submission_number.data,
                    status=SubmissionStatus.ACCEPTED,
                )
            )
            if submission is None:
                form.submission_number.errors.append(_("No accepted submission has this number."))
        material = (
            child_or_404(Material, int(form.material_id.data), assembly)
            if (form.material_id.data or "").isdigit()
            else None
        )
        if not form.errors:
            try:
                citations.cite_evidence(
                    current_user, form.comment.data or "", submission, material, recommendation
                )
            except citations.CitationRefused as refused:
                db.session.rollback()  # the reason is shown inline; keep nothing it wrote
                form.submission_number.errors.append(str(refused))
            else:
                flash(_("Cited."), "success")
                return redirect(
                    url_for(
                        "evidence.recommendation_evidence",
                        slug=assembly.slug,
                        recommendation_id=recommendation.id,
                    )
                )
    return render_template(
        "evidence/recommendation.html",
        assembly=assembly,
        recommendation=recommendation,
        citations=queries.citations_of(recommendation),
        form=form if allowed else None,
        remove_form=EmptyForm(),
        can_remove=lambda c: can_change_entry(current_user, assembly, c.created_by_id),
    ), 422 if form.errors else 200


@bp.route("/citations/<int:citation_id>/remove", methods=["POST"])
@assembly_view("take_part")
@object_rule("citation_owner", "citation_id")
def remove_citation(assembly, citation):
    """Withdraw a citation made by mistake (its author or an organiser)."""
    if EmptyForm().validate_on_submit():
        citations.remove_citation(citation)
        flash(_("Citation removed."), "success")
    if citation.recommendation_id:
        return redirect(
            url_for(
                "evidence.recommendation_evidence",
                slug=assembly.slug,
                recommendation_id=citation.recommendation_id,
            )
        )
    return redirect(url_for("evidence.index", slug=assembly.slug))
