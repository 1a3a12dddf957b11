"""Evidence and questions: materials in the library and members' questions to experts."""

import re

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from facilitate import permissions
from facilitate.access import assembly_view, child_or_404, object_rule
from facilitate.auth.forms import EmptyForm
from facilitate.experts import services as experts
from facilitate.languages.reading import read_keyed
from facilitate.languages.services import material_sources
from facilitate.models import Sitting
from facilitate.models.sittings_content import Material, Question
from facilitate.sittings import materials, questions
from facilitate.sittings.forms import AnswerForm, MaterialForm, QuestionForm
from facilitate.sittings.views import bp


def _ascii(filename: str) -> str:
    """Keep a download name safe inside a header."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "document"


def _back_url(assembly, sitting_id) -> str:
    if sitting_id is None:
        return url_for("sittings.library", slug=assembly.slug)
    return url_for("sittings.show", slug=assembly.slug, sitting_id=sitting_id)


def _back(assembly, sitting_id):
    return redirect(_back_url(assembly, sitting_id))


def _flash_errors(form) -> None:
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")


@bp.route("/library")
@assembly_view("take_part")
def library(assembly):
    """List every document and link of the evidence library."""
    found = materials.materials_for(assembly)
    return render_template(
        "sittings/library.html",
        assembly=assembly,
        materials=found,
        texts=read_keyed(assembly, material_sources(found), str(get_locale())),
        can_manage=permissions.can_manage_assembly(current_user, assembly),
        material_form=MaterialForm(),
        form=EmptyForm(),
    )


def _add(assembly, sitting):
    form = MaterialForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(assembly, sitting.id if sitting else None)
    upload = request.files.get(form.document.name)
    expert = None
    if not permissions.can_manage_assembly(current_user, assembly):
        expert = experts.expert_for_user(current_user, assembly)
    data = {"title": form.title.data, "summary": form.summary.data, "url": form.url.data}
    if upload and upload.filename:
        data.update(filename=upload.filename, content=upload.read())
    try:
        materials.add_material(assembly, sitting, current_user, data, expert.id if expert else None)
    except materials.MaterialError as refused:
        refused.back_to = _back_url(assembly, sitting.id if sitting else None)
        raise
    flash(_("“%(t)s” was added.", t=form.title.data), "success")
    return _back(assembly, sitting.id if sitting else None)


@bp.route("/library", methods=["POST"])
@assembly_view("manage")
def add_library_material(assembly):
    """Add a document or link to the assembly-wide library."""
    return _add(assembly, None)


@bp.route("/<int:sitting_id>/materials", methods=["POST"])
@assembly_view("take_part")
@object_rule("material_adder", "sitting_id")
def add_material(assembly, sitting):
    """Attach a document or link to a sitting (organisers, or the sitting's own experts)."""
    return _add(assembly, sitting)


@bp.route("/materials/<int:material_id>")
@assembly_view("take_part")
def download(assembly, material_id):
    """Download a document of the library (links open directly)."""
    material = child_or_404(Material, material_id, assembly)
    if material.is_link:
        return redirect(material.url)
    return Response(
        material.content,
        mimetype=material.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{_ascii(material.filename)}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.route("/materials/<int:material_id>/delete", methods=["POST"])
@assembly_view("take_part")
@object_rule("material_remover", "material_id")
def delete_material(assembly, material):
    """Remove a material (organisers, or the expert who uploaded it)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    sitting_id = material.sitting_id
    materials.delete_material(material)
    flash(_("The material was removed."), "success")
    return _back(assembly, sitting_id)


@bp.route("/<int:sitting_id>/questions", methods=["POST"])
@assembly_view("take_part")
def ask(assembly, sitting_id):
    """Submit a question to the sitting's experts."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = QuestionForm()
    if form.validate_on_submit():
        questions.ask_question(sitting, current_user, form.body.data)
        flash(_("Your question was added."), "success")
    else:
        _flash_errors(form)
    return _back(assembly, sitting.id)


def _question(assembly, question_id) -> Question:
    return child_or_404(Question, question_id, assembly, "sitting.assembly_id")


@bp.route("/questions/<int:question_id>/support", methods=["POST"])
@assembly_view("take_part")
def support(assembly, question_id):
    """Support a question, or withdraw the support."""
    question = _question(assembly, question_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if question.author_id == current_user.id:
        flash(_("You cannot support your own question."), "error")
    else:
        questions.toggle_support(question, current_user)
    return _back(assembly, question.sitting_id)


@bp.route("/questions/<int:question_id>/move/<any(up, down):direction>", methods=["POST"])
@assembly_view("facilitate")
def move_question(assembly, question_id, direction):
    """Move a question up or down the facilitator's order."""
    question = _question(assembly, question_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    questions.move_question(question, direction)
    return _back(assembly, question.sitting_id)


@bp.route("/questions/<int:question_id>/answered", methods=["POST"])
@assembly_view("facilitate")
def mark_answered(assembly, question_id):
    """Mark a question answered in the room, or reopen it."""
    question = _question(assembly, question_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    questions.set_answered(question, current_user, question.answered_at is None)
    return _back(assembly, question.sitting_id)


@bp.route("/questions/<int:question_id>/answer", methods=["POST"])
@assembly_view("take_part")
@object_rule("question_answerer", "question_id")
def answer(assembly, question):
    """Write an answer to a question (the sitting's experts or a facilitator)."""
    form = AnswerForm()
    if form.validate_on_submit():
        questions.answer_question(question, current_user, form.answer.data)
        flash(_("Your answer was published to the members."), "success")
    else:
        _flash_errors(form)
    return _back(assembly, question.sitting_id)
