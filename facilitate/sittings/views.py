"""The schedule: sittings with their agenda, experts and materials; public calendar feed."""

from datetime import UTC, datetime
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from facilitate import navigation, permissions
from facilitate.access import assembly_view, child_or_404, load_assembly, public
from facilitate.auth.forms import EmptyForm
from facilitate.experts import services as experts
from facilitate.experts.forms import AssignForm
from facilitate.extensions import db
from facilitate.languages.reading import read_keyed
from facilitate.languages.services import sitting_sources
from facilitate.models import Sitting
from facilitate.models.sittings import (
    ATTENDANCE_MODE_LABELS,
    MEDIA_KIND_LABELS,
    SITTING_KIND_LABELS,
    SITTING_MODE_LABELS,
    AgendaItem,
    SittingKind,
    SittingMode,
)
from facilitate.models.sittings_content import MATERIAL_FORMAT_LABELS
from facilitate.sittings import access_gaps, materials, questions, services
from facilitate.sittings.forms import (
    AgendaItemForm,
    AnswerForm,
    CodeForm,
    MaterialForm,
    QuestionForm,
    SittingForm,
)
from facilitate.sittings.ics import ics_response

bp = Blueprint("sittings", __name__, url_prefix="/assemblies/<slug>/sittings")

navigation.add_assembly_page("sittings.index", _l("Sittings"), "take_part", 60)


@bp.app_context_processor
def _labels():
    return {
        "SITTING_KIND_LABELS": SITTING_KIND_LABELS,
        "SITTING_MODE_LABELS": SITTING_MODE_LABELS,
        "ATTENDANCE_MODE_LABELS": ATTENDANCE_MODE_LABELS,
        "MEDIA_KIND_LABELS": MEDIA_KIND_LABELS,
        "MATERIAL_FORMAT_LABELS": MATERIAL_FORMAT_LABELS,
    }


def _data(form: SittingForm) -> dict:
    """Take the form's UTC instants (converted from the assembly's local time) and cents."""
    return {
        "title": form.title.data.strip(),
        "kind": SittingKind(form.kind.data),
        "mode": SittingMode(form.mode.data),
        "starts_at": form.starts_at,
        "ends_at": form.ends_at,
        "place": (form.place.data or "").strip(),
        "online_url": (form.online_url.data or "").strip(),
        "topic": (form.topic.data or "").strip(),
        "description": form.description.data or "",
        "allowance_cents": int((form.allowance.data or Decimal(0)) * 100),
        "table_size": form.table_size.data,
        "own_languages": form.languages.data or [],
    }


@bp.route("/")
@assembly_view("take_part")
def index(assembly):
    """Show the schedule of sittings and how to add it to a calendar."""
    return render_template(
        "sittings/index.html",
        assembly=assembly,
        sittings=services.schedule(assembly),
        member=services.member_for(current_user, assembly),
        can_manage=permissions.can_manage_assembly(current_user, assembly),
        now=datetime.now(UTC),
    )


@bp.route("/new", methods=["GET", "POST"])
@assembly_view("manage")
def create(assembly):
    """Add a sitting to the schedule."""
    form = SittingForm(time_zone=assembly.time_zone)
    if form.validate_on_submit():
        sitting = services.create_sitting(assembly, _data(form))
        flash(_("The sitting was added to the schedule."), "success")
        return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))
    return render_template("sittings/form.html", assembly=assembly, form=form, sitting=None)


@bp.route("/<int:sitting_id>/edit", methods=["GET", "POST"])
@assembly_view("manage")
def edit(assembly, sitting_id):
    """Change a sitting; members' calendars pick up a move."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = SittingForm(obj=sitting, time_zone=assembly.time_zone)
    if not form.is_submitted():
        form.fill_from(sitting)
        form.allowance.data = Decimal(sitting.allowance_cents) / 100
        form.kind.data = sitting.kind.value
        form.mode.data = sitting.mode.value
        form.languages.data = sitting.own_languages
    if form.validate_on_submit():
        moved = services.update_sitting(sitting, _data(form))
        flash(
            _("The sitting was changed; calendars subscribed to the feed will update.")
            if moved
            else _("The sitting was saved."),
            "success",
        )
        return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))
    return render_template("sittings/form.html", assembly=assembly, form=form, sitting=sitting)


@bp.route("/<int:sitting_id>/cancel", methods=["POST"])
@assembly_view("manage")
def cancel(assembly, sitting_id):
    """Cancel a sitting; it stays on the schedule, marked cancelled."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if sitting.cancelled_at is None:
        services.cancel_sitting(sitting)
        flash(_("The sitting was cancelled."), "success")
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/<int:sitting_id>")
@assembly_view("take_part")
def show(assembly, sitting_id):
    """Show a sitting: agenda, experts, materials, questions, and what this person may do."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    emails = experts.expert_emails(sitting)
    member = services.member_for(current_user, assembly)
    assigned = experts.experts_at(sitting)
    can_manage = permissions.can_manage_assembly(current_user, assembly)
    assign_form = AssignForm()
    assign_form.expert_id.choices = [
        SelectChoice(e.id, e.name) for e in experts.experts_of(assembly) if e not in assigned
    ]
    shown_materials = materials.materials_for(assembly, sitting)
    return render_template(
        "sittings/show.html",
        assembly=assembly,
        sitting=sitting,
        # In the reader's language when every text of the page is current in it.
        texts=read_keyed(assembly, sitting_sources(sitting, shown_materials), str(get_locale())),
        experts=assigned if can_manage else [e for e in assigned if e.published],
        materials=shown_materials,
        gaps=access_gaps.access_gaps(sitting, assembly, str(get_locale())) if can_manage else None,
        questions=questions.questions_for(sitting),
        member=member,
        checked_in=member is not None and member.id in services.attendance_of(sitting),
        can_manage=can_manage,
        can_facilitate=permissions.can_facilitate(current_user, assembly),
        can_add_material=permissions.can_add_material(current_user, assembly, emails),
        can_answer=permissions.can_answer_question(current_user, assembly, emails),
        agenda_form=AgendaItemForm(),
        material_form=MaterialForm(),
        question_form=QuestionForm(),
        answer_form=AnswerForm(),
        code_form=CodeForm(),
        assign_form=assign_form,
        form=EmptyForm(),
    )


@bp.route("/<int:sitting_id>/agenda", methods=["POST"])
@assembly_view("manage")
def add_agenda_item(assembly, sitting_id):
    """Add an item with its time to the agenda."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = AgendaItemForm()
    if form.validate_on_submit():
        services.add_agenda_item(sitting, form.data)
        flash(_("The agenda item was added."), "success")
    else:
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/<int:sitting_id>/agenda/<int:item_id>/delete", methods=["POST"])
@assembly_view("manage")
def delete_agenda_item(assembly, sitting_id, item_id):
    """Remove an agenda item."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.sitting_id != sitting.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.remove_agenda_item(item)
    flash(_("The agenda item was removed."), "success")
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/calendar.ics")
@public
def public_feed(slug):
    """Serve the public calendar of an announced assembly (no online links, no agenda)."""
    assembly = load_assembly(slug)
    if not permissions.can_view_public(assembly):
        abort(404)
    return ics_response(assembly, services.schedule(assembly), "public", private=False)


from facilitate.sittings import (  # noqa: E402,F401
    access_views,
    allowance_views,
    content_views,
    media_views,
    room_views,
)
