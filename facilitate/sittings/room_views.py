"""In the room: check-in, attendance, preparation lists and small-group tables."""

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from facilitate import permissions
from facilitate.access import assembly_view, child_or_404
from facilitate.extensions import db, limiter
from facilitate.models import Member, Membership, Role, Sitting, User
from facilitate.models.sittings import AttendanceMode
from facilitate.sittings import groups, services
from facilitate.sittings.forms import (
    AllocateForm,
    AttendanceModeForm,
    CodeForm,
    FacilitatorForm,
    MoveForm,
)
from facilitate.sittings.views import bp


@bp.route("/<int:sitting_id>/checkin")
@assembly_view("take_part")
def checkin(assembly, sitting_id):
    """Facilitators check members in; a member sees their own check-in."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    members = services.active_members(assembly)
    return render_template(
        "sittings/checkin.html",
        assembly=assembly,
        sitting=sitting,
        members=members,
        present=services.attendance_of(sitting),
        by_mode=services.attendance_by_mode(sitting),
        member=services.member_for(current_user, assembly),
        can_facilitate=permissions.can_facilitate(current_user, assembly),
        code_form=CodeForm(),
        form=AttendanceModeForm(),
        query=request.args.get("q", "")[:100],
    )


@bp.route("/<int:sitting_id>/checkin/<int:member_id>", methods=["POST"])
@assembly_view("facilitate")
def check_in(assembly, sitting_id, member_id):
    """Check a member in, in person or online, or undo a mistaken check-in."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    member = child_or_404(Member, member_id, assembly)
    form = AttendanceModeForm()
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("undo"):
        services.undo_check_in(sitting, member)
    else:
        services.check_in(sitting, member, current_user, AttendanceMode(form.mode.data))
    return redirect(url_for("sittings.checkin", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/<int:sitting_id>/checkin-code", methods=["POST"])
@limiter.limit("20 per hour")
@assembly_view("take_part")
def check_in_with_code(assembly, sitting_id):
    """Let a member check themselves in with the code shown in the room."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    member = services.member_for(current_user, assembly)
    form = CodeForm()
    if member is None:
        flash(_("Only members of the panel check in."), "error")
    elif not form.validate_on_submit() or not services.code_matches(sitting, form.code.data):
        flash(_("That code is not right for this sitting. Check it and try again."), "error")
    else:
        services.check_in(sitting, member, None, AttendanceMode(form.mode.data))
        flash(_("You are checked in. Welcome!"), "success")
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/attendance")
@assembly_view("manage")
def attendance(assembly):
    """Show who attended which sitting, with totals per member and per sitting."""
    sittings, members, present, per_sitting = services.attendance_matrix(assembly)
    return render_template(
        "sittings/attendance.html",
        assembly=assembly,
        sittings=sittings,
        members=members,
        present=present,
        per_sitting=per_sitting,
    )


@bp.route("/<int:sitting_id>/preparation")
@assembly_view("manage")
def preparation(assembly, sitting_id):
    """List support needs to prepare for: access, childcare, interpreting, diet."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    return render_template(
        "sittings/preparation.html",
        assembly=assembly,
        sitting=sitting,
        rows=services.preparation_list(sitting, assembly),
    )


def _facilitator_choices(assembly) -> list[tuple[int, str]]:
    users = db.session.scalars(
        db.select(User)
        .join(Membership)
        .where(
            Membership.assembly_id == assembly.id,
            Membership.role.in_([Role.FACILITATOR, Role.ORGANISER]),
        )
        .distinct()
    )
    return [SelectChoice(0, _("(none)"))] + [SelectChoice(u.id, u.name) for u in users]


@bp.route("/<int:sitting_id>/tables")
@assembly_view("take_part")
def tables(assembly, sitting_id):
    """Show the small-group tables; facilitators allocate and adjust them."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    member = services.member_for(current_user, assembly)
    facilitator_form = FacilitatorForm()
    facilitator_form.user_id.choices = _facilitator_choices(assembly)
    seated = groups.tables_of(sitting)
    return render_template(
        "sittings/tables.html",
        assembly=assembly,
        sitting=sitting,
        tables=seated,
        facilitators=groups.facilitators_of(sitting),
        my_table=groups.table_of(sitting, member) if member else None,
        can_facilitate=permissions.can_facilitate(current_user, assembly),
        present=len(services.attendance_of(sitting)),
        evenness=groups.current_evenness(sitting),
        allocate_form=AllocateForm(size=sitting.table_size),
        move_form=MoveForm(),
        facilitator_form=facilitator_form,
        next_table=max(seated, default=0) + 1,
    )


@bp.route("/<int:sitting_id>/tables/allocate", methods=["POST"])
@assembly_view("facilitate")
def allocate(assembly, sitting_id):
    """Seat the checked-in members at tables, mixing categories and new encounters."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = AllocateForm()
    seed = (form.seed.data or "").strip()
    if not form.validate_on_submit() or (seed and not seed.isdigit()):
        flash(_("Give a table size between 3 and 12 and a seed of digits only."), "error")
        return redirect(url_for("sittings.tables", slug=assembly.slug, sitting_id=sitting.id))
    seed_value = int(seed) if seed else secrets.randbelow(10**12)
    back = url_for("sittings.tables", slug=assembly.slug, sitting_id=sitting.id)
    try:
        gap = groups.allocate_tables(sitting, assembly, form.size.data, seed_value)
    except groups.GroupError as refused:
        # The service's reason is for developers; the facilitator is told what to do.
        message = _("Check at least two members in before allocating tables.")
        raise groups.GroupError(message, back_to=back) from refused
    flash(_("Tables allocated (seed %(s)d; category gap %(g).2f).", s=seed_value, g=gap), "success")
    return redirect(back)


@bp.route("/<int:sitting_id>/tables/move", methods=["POST"])
@assembly_view("facilitate")
def move(assembly, sitting_id):
    """Move one member to another table."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = MoveForm()
    if not form.validate_on_submit():
        flash(_("Choose a table number between 1 and 99."), "error")
    else:
        member = db.session.get(Member, form.member_id.data)
        if member is None or member.assembly_id != assembly.id:
            abort(404)
        groups.move_member(sitting, member, form.table_no.data)
        flash(_("%(n)s moved to table %(t)d.", n=member.name, t=form.table_no.data), "success")
    return redirect(url_for("sittings.tables", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/<int:sitting_id>/tables/facilitator", methods=["POST"])
@assembly_view("facilitate")
def set_facilitator(assembly, sitting_id):
    """Assign a facilitator to a table."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = FacilitatorForm()
    form.user_id.choices = _facilitator_choices(assembly)
    if not form.validate_on_submit():
        flash(_("Choose one of the assembly's facilitators."), "error")
    else:
        user = db.session.get(User, form.user_id.data) if form.user_id.data else None
        groups.set_facilitator(sitting, form.table_no.data, user)
        flash(_("The facilitator of table %(t)d was set.", t=form.table_no.data), "success")
    return redirect(url_for("sittings.tables", slug=assembly.slug, sitting_id=sitting.id))
