"""Organisers prepare, open, close and moderate surveys; members answer them anonymously."""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms import SelectChoice

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.ballots.permissions import member_for
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models import Sitting
from facilitate.models.base import utcnow
from facilitate.models.surveys import (
    AGREEMENT_LABELS,
    MODERATION_LABELS,
    QUESTION_KIND_LABELS,
    SURVEY_STATUS_LABELS,
    Survey,
    SurveyQuestion,
    SurveyStatus,
)
from facilitate.permissions import can_manage_assembly
from facilitate.races import lost_race
from facilitate.surveys import queries, services
from facilitate.surveys.forms import QuestionForm, SurveyForm, WordingForm

bp = Blueprint("surveys", __name__, url_prefix="/assemblies/<slug>/surveys")
navigation.add_assembly_page("surveys.index", _l("Surveys"), "take_part", 73)

log = logging.getLogger(__name__)


@bp.context_processor
def _labels():
    return {
        "AGREEMENT_LABELS": AGREEMENT_LABELS,
        "MODERATION_LABELS": MODERATION_LABELS,
        "QUESTION_KIND_LABELS": QUESTION_KIND_LABELS,
        "SURVEY_STATUS_LABELS": SURVEY_STATUS_LABELS,
        "LANGUAGE_NAMES": LANGUAGE_NAMES,
        "reader_language": str(get_locale()),
    }


def _survey(assembly, survey_id: int) -> Survey:
    survey = child_or_404(Survey, survey_id, assembly)
    # Members never see a survey being prepared, not even that it exists.
    if survey.status == SurveyStatus.DRAFT and not can_manage_assembly(current_user, assembly):
        abort(404)
    return survey


def _question(assembly, survey_id: int, question_id: int) -> SurveyQuestion:
    survey = _survey(assembly, survey_id)
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def _back(assembly, survey_id: int) -> str:
    return url_for("surveys.show", slug=assembly.slug, survey_id=survey_id)


def _checked(form, back: str):
    """Refuse an invalid form, with its errors, back on `back`."""
    if not form.validate_on_submit():
        errors = [e for field in form.errors.values() for e in field] or [_("Please try again.")]
        raise services.SurveyRefused(*errors, back_to=back)


def _run(back: str, action, success: str):
    """Run one service call behind an empty form (the CSRF token) and come back to `back`."""
    _checked(EmptyForm(), back)
    try:
        action()
    except services.SurveyRefused as refused:
        refused.back_to = back
        raise
    flash(success, "success")
    return redirect(back)


@bp.route("/")
@assembly_view("take_part")
def index(assembly):
    """List the assembly's surveys with their response rates."""
    manage = can_manage_assembly(current_user, assembly)
    surveys = queries.surveys_of(assembly, manage)
    form = SurveyForm()
    form.sitting.choices = _sitting_choices(assembly)
    return render_template(
        "surveys/index.html",
        assembly=assembly,
        surveys=[(s, queries.response_rate(s)) for s in surveys],
        manage=manage,
        form=form,
    )


def _sitting_choices(assembly) -> list[SelectChoice]:
    sittings = db.session.scalars(
        db.select(Sitting).filter_by(assembly_id=assembly.id).order_by(Sitting.starts_at)
    )
    return [SelectChoice(0, _("The end of the assembly"))] + [
        SelectChoice(s.id, s.title) for s in sittings
    ]


@bp.route("/new", methods=["POST"])
@assembly_view("manage")
def new(assembly):
    """Start preparing a survey with the built-in questions."""
    form = SurveyForm()
    form.sitting.choices = _sitting_choices(assembly)
    _checked(form, url_for("surveys.index", slug=assembly.slug))
    sitting = child_or_404(Sitting, form.sitting.data, assembly) if form.sitting.data else None
    survey = services.create_survey(assembly, form.title.data, sitting, current_user)
    flash(_("Survey created. Check its questions, then open it."), "success")
    return redirect(_back(assembly, survey.id))


@bp.route("/<int:survey_id>")
@assembly_view("take_part")
def show(assembly, survey_id):
    """Show a survey: its questions to edit for organisers, the form to answer for members."""
    survey = _survey(assembly, survey_id)
    member = member_for(current_user, assembly)
    return render_template(
        "surveys/show.html",
        assembly=assembly,
        survey=survey,
        manage=can_manage_assembly(current_user, assembly),
        member=member,
        answered=member is not None and services.has_answered(survey, member),
        rate=queries.response_rate(survey),
        form=EmptyForm(),
        question_form=QuestionForm(language=assembly.language),
        wording_form=WordingForm(language=assembly.language),
    )


@bp.route("/<int:survey_id>/questions", methods=["POST"])
@assembly_view("manage")
def add_question(assembly, survey_id):
    """Add a question of the organiser's own to a survey being prepared."""
    survey, back = _survey(assembly, survey_id), _back(assembly, survey_id)
    form = QuestionForm()
    _checked(form, back)
    return _run(
        back,
        lambda: services.add_question(survey, form.kind.data, form.language.data, form.text.data),
        _("Question added."),
    )


@bp.route("/<int:survey_id>/questions/<int:question_id>/wording", methods=["POST"])
@assembly_view("manage")
def set_wording(assembly, survey_id, question_id):
    """Word a question in one language (edit it, or translate it)."""
    question, back = _question(assembly, survey_id, question_id), _back(assembly, survey_id)
    form = WordingForm()
    _checked(form, back)
    return _run(
        back,
        lambda: services.set_wording(question, form.language.data, form.text.data),
        _("Question saved."),
    )


@bp.route("/<int:survey_id>/questions/<int:question_id>/remove", methods=["POST"])
@assembly_view("manage")
def remove_question(assembly, survey_id, question_id):
    """Take a question out of a survey being prepared."""
    question = _question(assembly, survey_id, question_id)
    back = _back(assembly, survey_id)
    return _run(back, lambda: services.remove_question(question), _("Question removed."))


@bp.route("/<int:survey_id>/open", methods=["POST"])
@assembly_view("manage")
def open_survey(assembly, survey_id):
    """Open the survey to the members."""
    survey = _survey(assembly, survey_id)
    actor = current_user._get_current_object()
    return _run(
        _back(assembly, survey_id),
        lambda: services.open_survey(survey, utcnow(), actor),
        _("The survey is open: members can answer it."),
    )


@bp.route("/<int:survey_id>/close", methods=["POST"])
@assembly_view("manage")
def close_survey(assembly, survey_id):
    """Close the survey; its results can then be seen."""
    survey = _survey(assembly, survey_id)
    actor = current_user._get_current_object()
    return _run(
        url_for("surveys.results", slug=assembly.slug, survey_id=survey_id),
        lambda: services.close_survey(survey, utcnow(), actor),
        _("The survey is closed."),
    )


@bp.route("/<int:survey_id>/answer", methods=["POST"])
@assembly_view("vote")
def answer(assembly, survey_id):
    """Store the member's answers, apart from the record that they answered."""
    survey, back = _survey(assembly, survey_id), _back(assembly, survey_id)
    member = member_for(current_user, assembly)
    _checked(EmptyForm(), back)
    given = {q.id: request.form.get(f"question-{q.id}", "") for q in survey.questions}
    try:
        services.answer_survey(survey, member, given)
        # Flushed here, not at the commit: a lost race must read "already answered".
        db.session.flush()
    except services.SurveyRefused as refused:
        refused.back_to = back
        raise
    except (IntegrityError, OperationalError):
        return lost_race(
            lambda: services.has_answered(survey, member),
            already=_l("You have already answered this survey. Your first answers count."),
            failed=_l("Your answers were not recorded. Please send them again."),
            back=back,
            what=f"answers to survey {survey_id}",  # no attribute: the session needs a rollback
        )
    flash(_("Thank you: your answers were stored, with no link to you."), "success")
    return redirect(back)


@bp.route("/<int:survey_id>/results")
@assembly_view("take_part")
def results(assembly, survey_id):
    """Show the response rate and, once closed and enough answered, the results as charts."""
    survey = _survey(assembly, survey_id)
    manage = can_manage_assembly(current_user, assembly)
    return render_template(
        "surveys/results.html",
        assembly=assembly,
        survey=survey,
        manage=manage,
        results=queries.results(survey, str(get_locale()), assembly.language, moderator=manage),
        form=EmptyForm(),
    )


@bp.route("/<int:survey_id>/answers/<answer_id>/moderate", methods=["POST"])
@assembly_view("manage")
def moderate(assembly, survey_id, answer_id):
    """Approve a free-text answer for others to read, or hide it."""
    survey = _survey(assembly, survey_id)
    decision = request.form.get("decision", "")
    actor = current_user._get_current_object()
    return _run(
        url_for("surveys.results", slug=assembly.slug, survey_id=survey_id),
        lambda: services.moderate_answer(survey, answer_id[:32], decision, actor),
        _("Answer moderated."),
    )
