"""Import registrants: upload, map columns, check every row, then import all or nothing.

Rows that may be duplicates are listed; importing them needs the "import anyway" button, which
keeps every row and flags those.
"""

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.extensions import db
from facilitate.models import PoolImport
from facilitate.pool import importer
from facilitate.pool.forms import UploadForm, mapping_form
from facilitate.pool.views import bp
from facilitate.tabular import TableError, read_table

#: How many row errors one page lists; the total is always given.
SHOWN_ERRORS = 200


@bp.route("/import", methods=["GET", "POST"])
@assembly_view("manage")
def upload(assembly):
    """Take a CSV or XLSX file and propose a mapping of its columns."""
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            table = read_table(data, form.file.data.filename)
        except TableError as error:
            db.session.rollback()  # shown on the form, so the handler does not roll back
            form.file.errors.append(str(error))
        else:
            staged = PoolImport(
                assembly_id=assembly.id,
                filename=form.file.data.filename[:255],
                content=data,
                mapping=json.dumps(importer.auto_mapping(table.header, assembly)),
                created_by_id=current_user.id,
            )
            db.session.add(staged)
            db.session.flush()  # the review page's address needs the staged upload's id
            return redirect(url_for("pool.review_import", slug=assembly.slug, import_id=staged.id))
    return render_template(
        "pool/upload.html", assembly=assembly, form=form
    ), 400 if form.errors else 200


@bp.route("/import/<int:import_id>", methods=["GET", "POST"])
@assembly_view("manage")
def review_import(assembly, import_id):
    """Correct the column mapping, check every row, and import when there are no errors."""
    staged = child_or_404(PoolImport, import_id, assembly)
    header = read_table(staged.content, staged.filename).header
    mapping = json.loads(staged.mapping)
    form = mapping_form(
        header, assembly, mapping, formdata=request.form if request.method == "POST" else None
    )
    checked = None
    if request.method == "POST" and form.validate_on_submit():
        mapping = {column: form[f"col_{i}"].data for i, column in enumerate(header)}
        staged.mapping = json.dumps(mapping)
        checked = importer.check_rows(staged.content, staged.filename, mapping, assembly)
        action = request.form.get("action")
        confirmed = action == "import_flagged" or (action == "import" and not checked.duplicates)
        if confirmed and not checked.errors:
            count = importer.import_rows(
                assembly,
                checked.rows,
                actor=current_user._get_current_object(),
                flags=checked.flags,
            )
            db.session.delete(staged)
            flash(_("Imported %(n)d registrants.", n=count), "success")
            return redirect(url_for("pool.index", slug=assembly.slug))
    return render_template(
        "pool/review_import.html",
        assembly=assembly,
        staged=staged,
        form=form,
        header=header,
        checked=checked,
        shown=SHOWN_ERRORS,
        cancel_form=EmptyForm(),
    ), 422 if checked and checked.errors else 200


@bp.route("/import/<int:import_id>/cancel", methods=["POST"])
@assembly_view("manage")
def cancel_import(assembly, import_id):
    """Throw the uploaded file away without importing."""
    staged = child_or_404(PoolImport, import_id, assembly)
    if EmptyForm().validate_on_submit():
        db.session.delete(staged)
        flash(_("The upload was discarded; nothing was imported."), "info")
    return redirect(url_for("pool.index", slug=assembly.slug))
