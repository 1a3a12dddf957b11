"""The public record of the draws: how the panel was chosen, with no personal data."""

from flask import abort, current_app, render_template

from facilitate.access import public, public_assembly_or_404
from facilitate.disclosure import SMALLEST_SHOWN
from facilitate.public import queries
from facilitate.public.cache import cached_page
from facilitate.public.draws import (
    REASON_LABELS,
    chance_table,
    draw_records,
    main_draw,
    public_draw,
)
from facilitate.public.views import bp


@bp.route("/a/<slug>/selection")
@public
@cached_page
def selection(slug):
    """Show how the panel was drawn, each replacement draw, and everyone's chances."""
    assembly = public_assembly_or_404(slug)
    draws = draw_records(assembly)
    return render_template(
        "public/selection.html",
        assembly=assembly,
        draws=draws,
        result=draws[0]["result"] if draws else None,
        chances=chance_table(draws),
        panel=queries.panel_composition(assembly),
        reason_labels=REASON_LABELS,
        smallest=SMALLEST_SHOWN,
    )


def _download(assembly, run, name: str):
    if run is None:
        abort(404)
    return current_app.response_class(
        run.record,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{assembly.slug}-{name}.json"'},
    )


@bp.route("/a/<slug>/selection/record.json")
@public
def selection_record(slug):
    """Download the audit record of the main draw (pseudonymous references only)."""
    assembly = public_assembly_or_404(slug)
    return _download(assembly, main_draw(assembly), "draw")


@bp.route("/a/<slug>/selection/draws/<int:run_id>/record.json")
@public
def draw_record(slug, run_id):
    """Download the audit record of one draw, the main one or a replacement."""
    assembly = public_assembly_or_404(slug)
    return _download(assembly, public_draw(assembly, run_id), f"draw-{run_id}")
