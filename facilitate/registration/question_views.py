"""Organisers shape the registration form: their own questions and the support offered."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.models.registration_form import (
    QUESTION_KIND_LABELS,
    SUPPORT_LABELS,
    QuestionKind,
    RegistrationQuestion,
)
from facilitate.registration import questions
from facilitate.registration.forms import (
    EditQuestionForm,
    QuestionForm,
    offers_from,
    support_form,
)
from facilitate.registration.views import bp

navigation.add_assembly_page("registration.questions_page", _l("Registration form"), "manage", 25)


def _back(assembly):
    return url_for("registration.questions_page", slug=assembly.slug)


def _done_or_errors(assembly, form, done: str | None = None):
    """Flash the form's errors, or `done`; then go back to the page."""
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")
    if done and not form.errors:
        flash(done, "success")
    return redirect(_back(assembly))


def _refused_back_here(assembly, refused: questions.QuestionRefused):
    refused.back_to = _back(assembly)
    return refused


@bp.route("/assemblies/<slug>/registration-form")
@assembly_view("manage")
def questions_page(assembly):
    """Show the assembly's own questions and the support it offers, with forms to change them."""
    offered = dict(questions.offered_support(assembly))
    return render_template(
        "registration/questions.html",
        assembly=assembly,
        editable=assembly.status in questions.EDITABLE,
        new_form=QuestionForm(),
        edit_forms={
            q.id: EditQuestionForm(obj=q, prefix=f"q{q.id}")
            for q in assembly.registration_questions
        },
        support_form=support_form(offered),
        remove_form=EmptyForm(),
        kind_labels=QUESTION_KIND_LABELS,
        support_labels=SUPPORT_LABELS,
    )


@bp.route("/assemblies/<slug>/registration-form/questions", methods=["POST"])
@assembly_view("manage")
def add_question(assembly):
    """Add a question at the end of the form."""
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            questions.add_question(
                assembly,
                QuestionKind(form.kind.data),
                form.label.data,
                form.options.data or "",
                form.required.data,
                actor=current_user._get_current_object(),
            )
        except questions.QuestionRefused as refused:
            raise _refused_back_here(assembly, refused) from None
    return _done_or_errors(assembly, form, _("The question was added."))


@bp.route("/assemblies/<slug>/registration-form/questions/<int:question_id>", methods=["POST"])
@assembly_view("manage")
def edit_question(assembly, question_id):
    """Change a question's wording, options, requirement or place."""
    question = child_or_404(RegistrationQuestion, question_id, assembly)
    form = EditQuestionForm(prefix=f"q{question.id}")
    if form.validate_on_submit():
        try:
            questions.edit_question(
                question,
                form.label.data,
                form.options.data or "",
                form.required.data,
                form.position.data,
                actor=current_user._get_current_object(),
            )
        except questions.QuestionRefused as refused:
            raise _refused_back_here(assembly, refused) from None
    return _done_or_errors(assembly, form, _("The question was saved."))


@bp.route(
    "/assemblies/<slug>/registration-form/questions/<int:question_id>/remove", methods=["POST"]
)
@assembly_view("manage")
def remove_question(assembly, question_id):
    """Remove a question and the answers given to it."""
    question = child_or_404(RegistrationQuestion, question_id, assembly)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            questions.remove_question(question, actor=current_user._get_current_object())
        except questions.QuestionRefused as refused:
            raise _refused_back_here(assembly, refused) from None
    return _done_or_errors(assembly, form, _("The question was removed."))


@bp.route("/assemblies/<slug>/registration-form/support", methods=["POST"])
@assembly_view("manage")
def set_support(assembly):
    """Declare the support the assembly offers, each with a short note."""
    form = support_form({})
    if form.validate_on_submit():
        try:
            questions.set_support(
                assembly, offers_from(form), actor=current_user._get_current_object()
            )
        except questions.QuestionRefused as refused:
            raise _refused_back_here(assembly, refused) from None
    return _done_or_errors(assembly, form, _("The support offered was saved."))
