"""The audit log: per assembly for its organisers, everything for administrators."""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import admin_only, assembly_view
from facilitate.audit import queries
from facilitate.audit.downloads import record_download
from facilitate.auth.recent import recent_auth_required
from facilitate.exports import csv_response
from facilitate.extensions import db
from facilitate.request_guards import page_number

bp = Blueprint("audit", __name__)

navigation.add_assembly_page("audit.assembly_log", _l("Audit log"), "manage", 97)


def _render(assembly, query, criteria):
    shown = db.paginate(query, page=page_number(), per_page=queries.PAGE_SIZE)
    return render_template(
        "audit/log.html",
        assembly=assembly,
        entries=shown.items,
        total=shown.total,
        pages=max(shown.pages, 1),
        page=shown.page,
        criteria=criteria,
        actions=queries.actions_in(assembly),
        slugs=queries.assembly_slugs(shown.items),
        changes=queries.changes,
    )


@bp.route("/assemblies/<slug>/audit")
@assembly_view("manage")
def assembly_log(assembly):
    """Show who did what in this assembly, newest first."""
    criteria = queries.Criteria.from_args(request.args)
    return _render(assembly, queries.filtered(criteria, assembly), criteria)


@bp.route("/assemblies/<slug>/audit.csv")
@assembly_view("manage")
@recent_auth_required
def assembly_csv(assembly):
    """Download this assembly's matching entries with their hashes."""
    query = queries.filtered(queries.Criteria.from_args(request.args), assembly)
    name = f"{assembly.slug}-audit.csv"
    record_download(current_user._get_current_object(), "audit.export", assembly, name)
    return csv_response(queries.CSV_HEADER, queries.csv_rows(query), name)


@bp.route("/admin/audit")
@admin_only
def all_log():
    """Show the whole audit log to administrators."""
    criteria = queries.Criteria.from_args(request.args)
    return _render(None, queries.filtered(criteria), criteria)


@bp.route("/admin/audit.csv")
@admin_only
@recent_auth_required
def all_csv():
    """Download every matching entry with its hashes."""
    query = queries.filtered(queries.Criteria.from_args(request.args))
    record_download(current_user._get_current_object(), "audit.export", None, "audit.csv")
    return csv_response(queries.CSV_HEADER, queries.csv_rows(query), "audit.csv")
