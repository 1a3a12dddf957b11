"""Organisers upload the postcode→area table that registrants' postcodes are checked against."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view
from facilitate.extensions import db
from facilitate.pool import postcodes
from facilitate.pool.correction_forms import PostcodeTableForm
from facilitate.pool.views import bp
from facilitate.tabular import TableError

#: How many line errors the page lists; the total is always given.
SHOWN_ERRORS = 200


@bp.route("/postcodes")
@assembly_view("manage")
def postcode_table(assembly):
    """Show the postcode table's size per area and the form to replace it."""
    return _page(assembly, PostcodeTableForm(), [], 0)


@bp.route("/postcodes", methods=["POST"])
@assembly_view("manage")
def upload_postcodes(assembly):
    """Replace the postcode table with a file of postcode,area lines, all or nothing."""
    form = PostcodeTableForm()
    if not form.validate_on_submit():
        return _page(assembly, form, [], 0, 400)
    try:
        table, errors = postcodes.parse_postcode_table(
            form.file.data.read(), form.file.data.filename or ""
        )
    except TableError as error:
        errors = [error]
    if errors:
        db.session.rollback()  # shown on the page, so the handler does not roll back
        return _page(assembly, form, [str(e) for e in errors[:SHOWN_ERRORS]], len(errors), 400)
    flagged = postcodes.replace_postcode_table(
        assembly,
        table,
        actor=current_user._get_current_object(),
        filename=form.file.data.filename or "",
    )
    flash(
        _("%(n)d postcodes loaded; %(f)d registrations flagged.", n=len(table), f=flagged),
        "success",
    )
    return redirect(url_for("pool.postcode_table", slug=assembly.slug))


def _page(assembly, form, errors, total, status=200):
    count, areas = postcodes.table_summary(assembly)
    return render_template(
        "pool/postcodes.html",
        assembly=assembly,
        form=form,
        errors=errors,
        error_total=total,
        count=count,
        areas=areas,
    ), status
