"""Members' notes per sitting, the facilitators' table records, and searching them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404, object_rule
from facilitate.auth.forms import EmptyForm
from facilitate.deliberation import note_services
from facilitate.deliberation.forms import NoteForm
from facilitate.deliberation.permissions import can_steer
from facilitate.extensions import db
from facilitate.models import Sitting
from facilitate.models.notes import NOTE_VISIBILITY_LABELS

bp = Blueprint("notes", __name__, url_prefix="/assemblies/<slug>/notes")
navigation.add_assembly_page("notes.index", _l("Notes"), "take_part", 68)


@bp.context_processor
def _labels():
    return {"NOTE_VISIBILITY_LABELS": NOTE_VISIBILITY_LABELS}


def _sittings(assembly):
    return db.session.scalars(
        db.select(Sitting).filter_by(assembly_id=assembly.id).order_by(Sitting.starts_at)
    ).all()


@bp.route("/")
@assembly_view("take_part")
def index(assembly):
    """List the sittings and search the notes this person may read."""
    sittings = _sittings(assembly)
    criteria = note_services.NoteFilter(
        sitting_id=request.args.get("sitting", type=int),
        table_number=request.args.get("table", type=int),
        q=request.args.get("q", "")[:100],
    )
    return render_template(
        "deliberation/notes.html",
        assembly=assembly,
        sittings=sittings,
        criteria=criteria,
        notes=note_services.visible_notes(assembly, current_user, criteria),
        steer=can_steer(current_user, assembly),
    )


def _note_form(sitting, steer: bool) -> NoteForm:
    form = NoteForm()
    if not steer:
        del form.is_table_record
        del form.table_number
    return form


@bp.route("/sittings/<int:sitting_id>", methods=["GET", "POST"])
@assembly_view("take_part")
def sitting(assembly, sitting_id):
    """Show a sitting's notes this person may read, and write a new one."""
    place = child_or_404(Sitting, sitting_id, assembly)
    steer = can_steer(current_user, assembly)
    form = _note_form(place, steer)
    if form.validate_on_submit():
        try:
            note_services.write_note(
                place,
                current_user,
                form.visibility.data,
                form.body.data,
                form.table_number.data if steer else None,
                bool(steer and form.is_table_record.data),
            )
            flash(_("Note saved."), "success")
            return redirect(url_for("notes.sitting", slug=assembly.slug, sitting_id=place.id))
        except note_services.NoteError as error:
            db.session.rollback()  # the form is shown again as typed; keep nothing it wrote
            flash(str(error), "error")
    return render_template(
        "deliberation/sitting_notes.html",
        assembly=assembly,
        sitting=place,
        form=form,
        steer=steer,
        table=note_services.table_of(place, current_user),
        notes=note_services.visible_notes(
            assembly, current_user, note_services.NoteFilter(sitting_id=place.id)
        ),
    )


# A note this person may not read is 404, as if it did not exist (the rule's `visible`).
@bp.route("/<int:note_id>", methods=["GET", "POST"])
@assembly_view("take_part")
@object_rule("note_author", "note_id", writes_only=True)
def show(assembly, note):
    """Show one note; its author may change it."""
    form = NoteForm(obj=note)
    del form.is_table_record, form.table_number
    if form.validate_on_submit():
        try:
            note_services.update_note(note, current_user, form.visibility.data, form.body.data)
            flash(_("Note saved."), "success")
            return redirect(url_for("notes.show", slug=assembly.slug, note_id=note.id))
        except note_services.NoteError as error:
            db.session.rollback()  # the form is shown again as typed; keep nothing it wrote
            flash(str(error), "error")
    return render_template(
        "deliberation/note.html", assembly=assembly, note=note, form=form, delete_form=EmptyForm()
    )


@bp.route("/<int:note_id>/delete", methods=["POST"])
@assembly_view("take_part")
@object_rule("note_author", "note_id")
def delete(assembly, note):
    """Delete the author's own note."""
    sitting_id = note.sitting_id
    if EmptyForm().validate_on_submit():
        note_services.delete_note(note, current_user)
        flash(_("Note deleted."), "success")
    return redirect(url_for("notes.sitting", slug=assembly.slug, sitting_id=sitting_id))
