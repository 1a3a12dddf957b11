"""The public record of the draw: how the panel was chosen, with no personal data."""

from flask import abort, current_app, render_template
from sqlalchemy import select

from facilitate.access import public, public_assembly_or_404
from facilitate.extensions import db
from facilitate.models import RunStatus, SelectionRun
from facilitate.public import queries
from facilitate.public.cache import cached_page
from facilitate.public.views import bp
from facilitate.selection import reports

SMALLEST_SHOWN = queries.SMALLEST_SHOWN


def latest_draw(assembly):
    return db.session.scalar(
        select(SelectionRun)
        .where(SelectionRun.assembly_id == assembly.id, SelectionRun.status == RunStatus.SUCCEEDED)
        .order_by(SelectionRun.id.desc())
        .limit(1)
    )


@bp.route("/a/<slug>/selection")
@public
@cached_page
def selection(slug):
    """Show how the panel was drawn and how it compares with the targets."""
    assembly = public_assembly_or_404(slug)
    run = latest_draw(assembly)
    summary = reports.summarise(run, assembly) if run else None
    return render_template(
        "public/selection.html", assembly=assembly, run=run, result=summary, smallest=SMALLEST_SHOWN
    )


@bp.route("/a/<slug>/selection/record.json")
@public
def selection_record(slug):
    """Download the audit record of the draw (pseudonymous references only)."""
    assembly = public_assembly_or_404(slug)
    run = latest_draw(assembly)
    if run is None:
        abort(404)
    return current_app.response_class(
        run.record,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{assembly.slug}-draw.json"'},
    )
