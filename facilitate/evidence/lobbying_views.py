"""Organisers, facilitators and members put approaches by interest groups on the record."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from facilitate import navigation
from facilitate.access import assembly_view, object_rule
from facilitate.auth.forms import EmptyForm
from facilitate.evidence import register
from facilitate.evidence.forms import ApproachForm
from facilitate.evidence.permissions import can_change_entry, can_report_approach, reporter_role
from facilitate.evidence.register_queries import register_entries
from facilitate.extensions import db
from facilitate.models import Role
from facilitate.models.evidence import Approach

bp = Blueprint("lobbying", __name__, url_prefix="/assemblies/<slug>/lobbying")
navigation.add_assembly_page("lobbying.index", _l("Lobbying register"), "take_part", 66)


@bp.route("/", methods=["GET", "POST"])
@assembly_view("take_part", writes="report")
def index(assembly):
    """Show the register and record an approach (organisers also record meetings)."""
    allowed = can_report_approach(current_user, assembly)
    role = reporter_role(current_user, assembly) if allowed else None
    form = ApproachForm()
    if form.validate_on_submit():
        try:
            register.record_approach(assembly, current_user, role, form.data, date.today())
        except register.ApproachRefused as refused:
            db.session.rollback()  # the reason is shown inline; keep nothing it wrote
            form.occurred_on.errors.append(str(refused))
        else:
            flash(_("The approach is on the public register. Thank you."), "success")
            return redirect(url_for("lobbying.index", slug=assembly.slug))
    mine = set(
        db.session.scalars(
            select(Approach.id).filter_by(assembly_id=assembly.id, reported_by_id=current_user.id)
        )
    )
    return render_template(
        "evidence/lobbying.html",
        assembly=assembly,
        form=form if allowed else None,
        may_record_meetings=role is Role.ORGANISER,
        entries=register_entries(assembly),
        mine=mine,
        withdraw_form=EmptyForm(),
        organiser=can_change_entry(current_user, assembly, None),
    ), 422 if form.errors else 200


@bp.route("/<int:approach_id>/withdraw", methods=["POST"])
@assembly_view("take_part")
@object_rule("approach_owner", "approach_id")
def withdraw(assembly, approach):
    """Remove an entry recorded by mistake (its reporter or an organiser)."""
    if EmptyForm().validate_on_submit():
        register.withdraw_approach(approach)
        flash(_("The entry was removed from the register."), "success")
    return redirect(url_for("lobbying.index", slug=assembly.slug))
