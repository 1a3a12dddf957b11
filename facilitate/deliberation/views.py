"""Tables draft recommendations; members amend; facilitators record decisions; history shows."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.deliberation import diffs, services
from facilitate.deliberation.forms import (
    AmendmentForm,
    DecisionForm,
    MergeForm,
    RecommendationForm,
    WithdrawForm,
)
from facilitate.deliberation.permissions import can_draft, can_edit_recommendation, can_steer
from facilitate.extensions import db
from facilitate.languages.reading import recommendation_in
from facilitate.models import Recommendation, Sitting, User
from facilitate.models.base import utcnow
from facilitate.models.recommendations import (
    AMENDMENT_STATUS_LABELS,
    RECOMMENDATION_STATUS_LABELS,
    Amendment,
)

bp = Blueprint("recommendations", __name__, url_prefix="/assemblies/<slug>/recommendations")
navigation.add_assembly_page("recommendations.index", _l("Recommendations"), "take_part", 70)


@bp.context_processor
def _labels():
    return {
        "RECOMMENDATION_STATUS_LABELS": RECOMMENDATION_STATUS_LABELS,
        "AMENDMENT_STATUS_LABELS": AMENDMENT_STATUS_LABELS,
        "diff_words": diffs.diff_words,
    }


def _url(assembly, recommendation) -> str:
    return url_for("recommendations.show", slug=assembly.slug, recommendation_id=recommendation.id)


def _to(assembly, recommendation):
    return redirect(_url(assembly, recommendation))


def _sitting_choices(assembly):
    sittings = db.session.scalars(
        db.select(Sitting).filter_by(assembly_id=assembly.id).order_by(Sitting.starts_at)
    )
    return [(s.id, f"{s.title} ({s.starts_at:%Y-%m-%d})") for s in sittings]


@bp.route("/")
@assembly_view("take_part")
def index(assembly):
    """List the recommendations with their status and drafting table."""
    recommendations = db.session.scalars(
        db.select(Recommendation).filter_by(assembly_id=assembly.id).order_by(Recommendation.number)
    ).all()
    return render_template(
        "deliberation/recommendations.html",
        assembly=assembly,
        recommendations=recommendations,
        may_draft=can_draft(current_user, assembly),
    )


@bp.route("/new", methods=["GET", "POST"])
@assembly_view("draft")
def new(assembly):
    """Draft a new recommendation."""
    form = RecommendationForm()
    form.sittings.choices = _sitting_choices(assembly)
    if form.validate_on_submit():
        recommendation = services.draft_recommendation(
            assembly,
            current_user,
            form.title.data,
            form.text.data,
            form.rationale.data or "",
            form.table_number.data,
            form.sittings.data,
            form.evidence.data or "",
        )
        flash(_("Recommendation %(n)d drafted.", n=recommendation.number), "success")
        return _to(assembly, recommendation)
    return render_template("deliberation/draft.html", assembly=assembly, form=form)


@bp.route("/<int:recommendation_id>")
@assembly_view("take_part")
def show(assembly, recommendation_id):
    """Show the current text, the amendments and the history with every difference."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    steer = can_steer(current_user, assembly)
    merge_form = MergeForm()
    merge_form.target.choices = [
        SelectChoice(r.id, f"{r.number}. {r.current.title}")
        for r in db.session.scalars(
            db.select(Recommendation).filter(
                Recommendation.assembly_id == assembly.id,
                Recommendation.id != recommendation.id,
                Recommendation.status.in_(services.OPEN),
            )
        )
    ]
    names = {
        u.id: u.name
        for u in db.session.scalars(
            db.select(User).filter(
                User.id.in_(
                    {v.created_by_id for v in recommendation.versions}
                    | {a.proposed_by_id for a in recommendation.amendments}
                )
            )
        )
    }
    return render_template(
        "deliberation/recommendation.html",
        assembly=assembly,
        recommendation=recommendation,
        steer=steer,
        may_edit=can_edit_recommendation(current_user, assembly, recommendation),
        names=names,
        decision_form=DecisionForm(),
        merge_form=merge_form,
        withdraw_form=WithdrawForm(),
        form=EmptyForm(),
        reading=recommendation_in(assembly, recommendation, str(get_locale())),
    )


@bp.route("/<int:recommendation_id>/amend", methods=["GET", "POST"])
@assembly_view("take_part", writes="draft")
def amend(assembly, recommendation_id):
    """Propose an amendment, or (authors and facilitators) save a new version directly."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    may_edit = can_edit_recommendation(current_user, assembly, recommendation)
    current = recommendation.current
    form = AmendmentForm(
        data={
            "title": current.title,
            "text": current.text,
            "rationale": current.rationale,
            "sittings": [s.id for s in recommendation.sittings],
            "evidence": recommendation.evidence,
        }
    )
    form.sittings.choices = _sitting_choices(assembly)
    if form.validate_on_submit():
        try:
            _save_amendment(recommendation, form, may_edit and form.apply_now.data)
        except services.DraftingError as error:
            db.session.rollback()  # the form is shown again as typed; keep nothing it wrote
            flash(str(error), "error")
            return render_template(
                "deliberation/amend.html",
                assembly=assembly,
                r=recommendation,
                form=form,
                may_edit=may_edit,
            )
        return _to(assembly, recommendation)
    return render_template(
        "deliberation/amend.html", assembly=assembly, r=recommendation, form=form, may_edit=may_edit
    )


def _save_amendment(recommendation, form, apply_now: bool) -> None:
    data = (form.title.data, form.text.data, form.rationale.data or "")
    if apply_now:
        services.edit_recommendation(
            recommendation,
            current_user,
            *data,
            form.reason.data or "",
            form.sittings.data,
            form.evidence.data or "",
        )
        flash(_("New version saved."), "success")
    else:
        services.propose_amendment(recommendation, current_user, *data, form.reason.data or "")
        flash(_("Amendment proposed. The drafting table or the plenary will decide."), "success")


def _steer_action(assembly, recommendation, action, success):
    """Run one steering service (facilitators and organisers) and go back to the recommendation."""
    try:
        action()
    except services.DraftingError as error:
        error.back_to = _url(assembly, recommendation)
        raise
    flash(success, "success")
    return _to(assembly, recommendation)


@bp.route("/<int:recommendation_id>/amendments/<int:amendment_id>", methods=["POST"])
@assembly_view("steer")
def decide(assembly, recommendation_id, amendment_id):
    """Record the drafting table's or the plenary's decision on an amendment."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    amendment = child_or_404(Amendment, amendment_id, assembly, "recommendation.assembly_id")
    if amendment.recommendation_id != recommendation.id:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose accept or reject, and who decided."), "error")
        return _to(assembly, recommendation)
    return _steer_action(
        assembly,
        recommendation,
        lambda: services.decide_amendment(
            amendment,
            current_user,
            form.decision.data == "accept",
            form.body.data,
            form.note.data or "",
            utcnow(),
        ),
        _("Decision recorded."),
    )


@bp.route("/<int:recommendation_id>/merge", methods=["POST"])
@assembly_view("steer")
def merge(assembly, recommendation_id):
    """Merge this recommendation into another."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    form = MergeForm()
    form.target.choices = (
        [SelectChoice(form.target.data, "")] if isinstance(form.target.data, int) else []
    )
    target = db.session.get(Recommendation, form.target.data) if form.target.data else None
    if target is None or target.assembly_id != assembly.id or not form.validate_on_submit():
        flash(_("Choose a recommendation to merge into."), "error")
        return _to(assembly, recommendation)
    return _steer_action(
        assembly,
        recommendation,
        lambda: services.merge_recommendation(
            recommendation, target, current_user, form.note.data or ""
        ),
        _("Merged into recommendation %(n)d.", n=target.number),
    )


@bp.route("/<int:recommendation_id>/withdraw", methods=["POST"])
@assembly_view("steer")
def withdraw(assembly, recommendation_id):
    """Withdraw a recommendation, keeping its history."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    form = WithdrawForm()
    reason = form.reason.data if form.validate_on_submit() else ""
    return _steer_action(
        assembly,
        recommendation,
        lambda: services.withdraw_recommendation(recommendation, current_user, reason or ""),
        _("Recommendation withdrawn."),
    )


@bp.route("/<int:recommendation_id>/finalise", methods=["POST"])
@assembly_view("steer")
def finalise(assembly, recommendation_id):
    """Mark a draft as final, ready for the vote."""
    recommendation = child_or_404(Recommendation, recommendation_id, assembly)
    if not EmptyForm().validate_on_submit():
        return _to(assembly, recommendation)
    return _steer_action(
        assembly,
        recommendation,
        lambda: services.finalise_recommendation(recommendation, current_user),
        _("Marked final."),
    )
