"""Organisers import submissions collected elsewhere and download them all."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from facilitate.access import assembly_view
from facilitate.audit.downloads import record_download
from facilitate.auth.recent import recent_auth_required
from facilitate.evidence import importer, services
from facilitate.evidence.forms import ImportForm
from facilitate.evidence.views import bp
from facilitate.exports import csv_response
from facilitate.extensions import db
from facilitate.models.evidence import Submission
from facilitate.tabular import TableError

#: How many row errors one page lists; the total is always given.
SHOWN_ERRORS = 200


@bp.route("/import", methods=["GET", "POST"])
@assembly_view("manage")
def import_submissions(assembly):
    """Check every row of a CSV or XLSX file and import all of them, or none if any is wrong."""
    form = ImportForm()
    checked = None
    if form.validate_on_submit():
        upload = form.file.data
        themes = services.current_settings(assembly).theme_list
        try:
            checked = importer.check_rows(upload.read(), upload.filename, themes)
        except TableError as error:
            db.session.rollback()  # the reason is shown inline; keep nothing it wrote
            form.file.errors.append(str(error))
        else:
            if not checked.errors:
                count = importer.import_rows(
                    assembly, checked.rows, actor=current_user._get_current_object()
                )
                flash(_("Imported %(n)d submissions; they await moderation.", n=count), "success")
                return redirect(url_for("evidence.index", slug=assembly.slug))
    failed = bool(form.errors or (checked and checked.errors))
    return render_template(
        "evidence/import.html",
        assembly=assembly,
        form=form,
        checked=checked,
        shown=SHOWN_ERRORS,
        columns=importer.COLUMNS,
    ), 422 if failed else 200


@bp.route("/export.csv")
@assembly_view("manage")
@recent_auth_required
def export(assembly):
    """Download every submission with its outcome, formula-like cells neutralised."""
    rows = db.session.execute(
        select(
            Submission.number,
            Submission.created_at,
            Submission.submitter_type,
            Submission.name,
            Submission.email,
            Submission.organisation,
            Submission.funding,
            Submission.lobbies,
            Submission.publication,
            Submission.theme,
            Submission.stance,
            Submission.status,
            Submission.reason,
            Submission.campaign_id,
            Submission.published_at,
            Submission.text,
        )
        .where(Submission.assembly_id == assembly.id)
        .order_by(Submission.number)
    ).all()
    header = [
        "number", "received", "submitter_type", "name", "email", "organisation", "funding",
        "lobbies", "publication", "theme", "stance", "status", "reason", "campaign",
        "published", "text",
    ]  # fmt: skip
    name = f"{assembly.slug}-submissions.csv"
    record_download(current_user._get_current_object(), "evidence.export", assembly, name)
    return csv_response(header, ([_plain(v) for v in row] for row in rows), name)


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "value", value)
