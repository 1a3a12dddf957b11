"""The stage pages: each stage's checklist, then the pages the stage works in."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view
from facilitate.cockpit.checklist import checklist
from facilitate.cockpit.stages import STAGES, current_stage

bp = Blueprint("cockpit", __name__)


@bp.app_context_processor
def _stages() -> dict:
    # The assembly navigation groups its links under these, in this order.
    return {"cockpit_stages": STAGES}


@bp.route("/assemblies/<slug>/stage/<stage>")
@assembly_view("manage")
def stage(assembly, stage):
    """Show a stage's checklist and the pages the stage works in."""
    if stage not in STAGES:
        abort(404)
    entries = navigation.entries_for(current_user._get_current_object(), assembly)
    return render_template(
        "cockpit/stage.html",
        assembly=assembly,
        stage=stage,
        stage_label=STAGES[stage],
        current=current_stage(assembly),
        items=checklist(assembly, stage),
        pages=[e for e in entries if e.stage == stage],
    )
