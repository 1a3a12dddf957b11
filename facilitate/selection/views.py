"""Organisers check feasibility, start the draw, and read its result and record."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import jobs, navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.audit.downloads import record_download
from facilitate.auth.forms import EmptyForm
from facilitate.auth.recent import recent_auth_required
from facilitate.exports import csv_response
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, PanelSeat, RunStatus, SelectionRun
from facilitate.pool import consistency
from facilitate.pool import queries as pool_queries
from facilitate.selection import reports, reserves, services
from facilitate.selection.engine import pool_instance
from facilitate.selection.forms import DropForm, RunForm
from facilitate.selection.progress import progress_response
from facilitate.sortition import check_feasibility
from facilitate.sortition.selection import new_seed

bp = Blueprint("selection", __name__, url_prefix="/assemblies/<slug>/selection")

navigation.add_assembly_page("selection.index", _l("Selection"), "manage", 50)


@bp.route("/")
@assembly_view("manage")
def index(assembly):
    """Show the pool against the quotas, whether a panel can exist, and past runs."""
    services.expire_stale_runs(assembly)
    report = check_feasibility(pool_instance(assembly, households=True))
    runs = db.session.scalars(
        db.select(SelectionRun).filter_by(assembly_id=assembly.id).order_by(SelectionRun.id.desc())
    ).all()
    return render_template(
        "selection/index.html",
        assembly=assembly,
        report=report,
        composition=pool_queries.composition(assembly),
        inconsistent=consistency.check_pool(assembly, limit=101),
        runs=runs,
        form=RunForm(),
        relax_form=EmptyForm(),
        can_run=assembly.status is AssemblyStatus.SELECTING and not services.panel_seats(assembly),
        active=services.active_run(assembly),
        seats=services.panel_seats(assembly, include_dropped=True),
        vacant=services.vacant_seats(assembly),
        reserves=reserves.reserve_list(assembly),
        waiting=reserves.waiting,
        drop_form=DropForm(),
    )


@bp.route("/runs", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def start(assembly):
    """Queue a draw as a background job (one at a time per assembly)."""
    form = RunForm()
    if assembly.status is not AssemblyStatus.SELECTING:
        flash(_("Move the assembly to “Selecting” before drawing the panel."), "error")
        return redirect(url_for("selection.index", slug=assembly.slug))
    if services.panel_seats(assembly):
        flash(_("The panel has already been drawn; use replacements for dropouts."), "error")
        return redirect(url_for("selection.index", slug=assembly.slug))
    if not form.validate_on_submit():
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for("selection.index", slug=assembly.slug))
    data = {name: field.data for name, field in form._fields.items()}
    data["seed"] = int(data["seed"]) if data["seed"] else new_seed()
    try:
        run = services.start_run(assembly, current_user, data)
    except services.RunAlreadyActive as already:
        # Not a refusal but a different answer (the running draw); whatever start_run wrote
        # before the database said no (expired runs) must not be committed with it.
        running_id = already.run.id
        db.session.rollback()
        flash(_("A draw is already running for this assembly; here it is."), "info")
        return redirect(url_for("selection.run", slug=assembly.slug, run_id=running_id))
    jobs.enqueue("selection.run", run.id)
    return redirect(url_for("selection.run", slug=assembly.slug, run_id=run.id))


@bp.route("/runs/<int:run_id>")
@assembly_view("manage")
def run(assembly, run_id):
    """Show a run's progress, or its result: composition, probabilities and record."""
    found = child_or_404(SelectionRun, run_id, assembly)
    return render_template(
        "selection/run.html",
        assembly=assembly,
        run=found,
        cancel_form=EmptyForm(),
        result=reports.summarise(found, assembly) if found.status is RunStatus.SUCCEEDED else None,
    )


@bp.route("/runs/<int:run_id>/cancel", methods=["POST"])
@assembly_view("manage")
def cancel(assembly, run_id):
    """Stop a queued or running draw; nothing it draws afterwards is recorded."""
    found = child_or_404(SelectionRun, run_id, assembly)
    if EmptyForm().validate_on_submit():
        back = url_for("selection.run", slug=assembly.slug, run_id=found.id)
        try:
            services.cancel_run(found, current_user._get_current_object())
        except services.RunNotActive as refused:
            refused.back_to = back
            raise
        flash(_("The draw was cancelled. Nothing was drawn."), "success")
    return redirect(url_for("selection.run", slug=assembly.slug, run_id=found.id))


@bp.route("/runs/<int:run_id>/status")
@assembly_view("manage")
def status(assembly, run_id):
    """Report a run's progress as JSON, for the progress bar."""
    return progress_response(child_or_404(SelectionRun, run_id, assembly))


@bp.route("/runs/<int:run_id>/record.json")
@assembly_view("manage")
def record(assembly, run_id):
    """Download the run's audit record."""
    found = child_or_404(SelectionRun, run_id, assembly)
    if found.status is not RunStatus.SUCCEEDED:
        abort(404)
    return current_app.response_class(
        found.record,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{assembly.slug}-run-{found.id}.json"'
        },
    )


@bp.route("/runs/<int:run_id>/panel.csv")
@assembly_view("manage")
@recent_auth_required
def panel_csv(assembly, run_id):
    """Download the drawn panel with contact details, for organisers only."""
    found = child_or_404(SelectionRun, run_id, assembly)
    header, rows = reports.panel_table(found, assembly)
    name = f"{assembly.slug}-panel.csv"
    record_download(current_user._get_current_object(), "selection.panel_csv", assembly, name)
    return csv_response(header, rows, name)


@bp.route("/relax", methods=["POST"])
@assembly_view("manage")
def relax(assembly):
    """Accept the smallest relaxation of the quotas that makes a panel possible."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    report = check_feasibility(pool_instance(assembly, households=True))
    if report.feasible or not report.relaxation:
        flash(_("Nothing to relax: a panel meeting the quotas exists."), "info")
    else:
        changed = services.apply_relaxation(
            assembly, [vars(r) for r in report.relaxation], actor=current_user._get_current_object()
        )
        flash(_("%(n)d quotas were relaxed as proposed.", n=changed), "success")
    return redirect(url_for("selection.index", slug=assembly.slug))


@bp.route("/seats/<int:seat_id>/drop", methods=["POST"])
@assembly_view("manage")
def drop(assembly, seat_id):
    """Record that a member has left the panel."""
    seat = child_or_404(PanelSeat, seat_id, assembly)
    form = DropForm()
    if form.validate_on_submit() and seat.dropped_at is None:
        services.drop_out(seat, form.reason.data)
        flash(
            _(
                "%(r)s has left the panel; the seat waits for a replacement.",
                r=seat.registrant.reference,
            ),
            "success",
        )
    return redirect(url_for("selection.index", slug=assembly.slug))


def _invite_link(token: str) -> str:
    return url_for("members.respond", invite_token=token, _external=True)


@bp.route("/replacements", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def replace(assembly):
    """Seat the first suitable reserves, then queue a replacement draw for any seat left."""
    form = RunForm()
    if not services.vacant_seats(assembly):
        flash(_("No seat is waiting for a replacement."), "error")
        return redirect(url_for("selection.index", slug=assembly.slug))
    if not form.validate_on_submit():
        abort(400)
    if not reserves.seat_reserves(assembly, current_user._get_current_object(), _invite_link):
        flash(_("Reserves from the list took every vacant seat."), "success")
        return redirect(url_for("selection.index", slug=assembly.slug))
    data = {name: field.data for name, field in form._fields.items()}
    data.update(kind="replacement", algorithm="leximin", reserves=0)
    data["seed"] = int(data["seed"]) if data["seed"] else new_seed()
    try:
        run = services.start_run(assembly, current_user, data)
    except services.RunAlreadyActive as already:
        # Not a refusal but a different answer (the running draw); whatever start_run wrote
        # before the database said no (expired runs) must not be committed with it.
        running_id = already.run.id
        db.session.rollback()
        flash(_("A draw is already running for this assembly; here it is."), "info")
        return redirect(url_for("selection.run", slug=assembly.slug, run_id=running_id))
    jobs.enqueue("selection.replace", run.id)
    return redirect(url_for("selection.run", slug=assembly.slug, run_id=run.id))
