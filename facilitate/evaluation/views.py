"""The evaluator's page and downloads: an assembly's process records, no personal data."""

import json

from flask import Blueprint, Response, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view
from facilitate.audit.downloads import record_download
from facilitate.evaluation.records import gather_records
from facilitate.evaluation.tables import CSV_HEADER, record_rows
from facilitate.exports import csv_response

bp = Blueprint("evaluation", __name__, url_prefix="/assemblies/<slug>")
navigation.add_assembly_page("evaluation.index", _l("Evaluation"), "evaluate", 98)


def _records(assembly) -> dict:
    return gather_records(assembly, str(get_locale()), assembly.language)


def _recorded(assembly, name: str) -> None:
    record_download(current_user._get_current_object(), "evaluation.export", assembly, name)


@bp.route("/evaluation")
@assembly_view("evaluate")
def index(assembly):
    """Show the assembly's process records for its evaluation."""
    return render_template("evaluation/index.html", assembly=assembly, records=_records(assembly))


@bp.route("/evaluation.csv")
@assembly_view("evaluate")
def export_csv(assembly):
    """Download the process records as one fact a row."""
    name = f"{assembly.slug}-evaluation.csv"
    _recorded(assembly, name)
    return csv_response(CSV_HEADER, record_rows(_records(assembly)), name)


@bp.route("/evaluation.json")
@assembly_view("evaluate")
def export_json(assembly):
    """Download the process records as JSON."""
    name = f"{assembly.slug}-evaluation.json"
    _recorded(assembly, name)
    return Response(
        json.dumps(_records(assembly), ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
