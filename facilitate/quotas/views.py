"""Organisers set the panel's quota categories, values and seat bounds."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.exports import csv_response
from facilitate.models import AssemblyStatus, QuotaCategory, QuotaValue
from facilitate.quotas import charts, services
from facilitate.quotas.checks import quota_problems
from facilitate.quotas.csv_import import parse_quota_csv
from facilitate.quotas.forms import (
    CategoryForm,
    ComputeForm,
    ImportForm,
    ValueForm,
    value_rows_form,
)
from facilitate.tabular import TableError

bp = Blueprint("quotas", __name__, url_prefix="/assemblies/<slug>/quotas")

navigation.add_assembly_page("quotas.index", _l("Quotas"), "manage", 20)

#: After recruitment the draw depends on the quotas; changing them then would be unfair.
EDITABLE = {AssemblyStatus.DRAFT, AssemblyStatus.RECRUITING}


def _back(assembly):
    return redirect(url_for("quotas.index", slug=assembly.slug))


def _locked(assembly) -> bool:
    if assembly.status in EDITABLE:
        return False
    flash(_("Quotas cannot change once selection has begun."), "error")
    return True


@bp.route("/")
@assembly_view("manage")
def index(assembly):
    """Show the quotas with their warnings and the forms to change them."""
    return _render_index(assembly)


def _render_index(assembly, category_form=None, import_errors=None):
    return render_template(
        "quotas/index.html",
        assembly=assembly,
        problems=quota_problems(assembly),
        chart=charts.quota_chart(assembly),
        category_form=category_form or CategoryForm(),
        value_forms={c.id: value_rows_form(c) for c in assembly.categories},
        new_value_form=ValueForm(),
        compute_form=ComputeForm(),
        import_form=ImportForm(),
        import_errors=import_errors or [],
        delete_form=EmptyForm(),
        editable=assembly.status in EDITABLE,
    )


@bp.route("/categories", methods=["POST"])
@assembly_view("manage")
def add_category(assembly):
    """Add a category with its values."""
    form = CategoryForm()
    if _locked(assembly):
        return _back(assembly)
    if form.validate_on_submit():
        if any(c.name.lower() == form.name.data.strip().lower() for c in assembly.categories):
            form.name.errors.append(_("This assembly already has that category."))
        else:
            services.add_category(
                assembly,
                form.name.data,
                form.values.parsed,
                actor=current_user._get_current_object(),
            )
            flash(_("Category “%(c)s” added.", c=form.name.data.strip()), "success")
            return _back(assembly)
    return _render_index(assembly, category_form=form), 400


@bp.route("/categories/<int:category_id>", methods=["POST"])
@assembly_view("manage")
def update_category(assembly, category_id):
    """Save the shares and seat bounds of a category's values."""
    category = child_or_404(QuotaCategory, category_id, assembly)
    form = value_rows_form(category)
    if _locked(assembly):
        return _back(assembly)
    if form.validate_on_submit():
        rows = {
            v.id: {
                "population_share": form[f"share_{v.id}"].data,
                "min_seats": form[f"min_{v.id}"].data,
                "max_seats": form[f"max_{v.id}"].data,
            }
            for v in category.values
        }
        services.update_values(category, rows, actor=current_user._get_current_object())
        flash(_("Quotas for “%(c)s” saved.", c=category.name), "success")
    else:
        for field in form:
            for error in field.errors:
                flash(f"{category.name}: {field.label.text}: {error}", "error")
    return _back(assembly)


@bp.route("/categories/<int:category_id>/values", methods=["POST"])
@assembly_view("manage")
def add_value(assembly, category_id):
    """Add a value to a category."""
    category = child_or_404(QuotaCategory, category_id, assembly)
    form = ValueForm()
    if not _locked(assembly) and form.validate_on_submit():
        if any(v.name.lower() == form.name.data.strip().lower() for v in category.values):
            flash(
                _("“%(v)s” is already a value of %(c)s.", v=form.name.data, c=category.name),
                "error",
            )
        else:
            services.add_value(
                category, form.name.data, form.share.data, actor=current_user._get_current_object()
            )
    return _back(assembly)


@bp.route("/categories/<int:category_id>/delete", methods=["POST"])
@assembly_view("manage")
def delete_category(assembly, category_id):
    """Remove a category and its values."""
    category = child_or_404(QuotaCategory, category_id, assembly)
    if not _locked(assembly) and EmptyForm().validate_on_submit():
        services.delete_category(category, actor=current_user._get_current_object())
        flash(_("Category removed."), "success")
    return _back(assembly)


@bp.route("/values/<int:value_id>/delete", methods=["POST"])
@assembly_view("manage")
def delete_value(assembly, value_id):
    """Remove one value from its category."""
    value = child_or_404(QuotaValue, value_id, assembly, "category.assembly_id")
    if not _locked(assembly) and EmptyForm().validate_on_submit():
        services.delete_value(value, actor=current_user._get_current_object())
    return _back(assembly)


@bp.route("/compute", methods=["POST"])
@assembly_view("manage")
def compute(assembly):
    """Set every min/max from the population shares and the panel size."""
    form = ComputeForm()
    if not _locked(assembly) and form.validate_on_submit():
        missing = services.compute_bounds(
            assembly, form.tolerance.data, actor=current_user._get_current_object()
        )
        flash(_("Seat bounds computed from the population shares."), "success")
        if missing:
            flash(_("No share given, left unchanged: %(v)s", v=", ".join(missing)), "warning")
    return _back(assembly)


@bp.route("/import", methods=["POST"])
@assembly_view("manage")
def import_csv(assembly):
    """Replace the quotas with those in a CSV file, all or nothing."""
    form = ImportForm()
    if _locked(assembly):
        return _back(assembly)
    if not form.validate_on_submit():
        return _render_index(assembly, import_errors=form.file.errors), 400
    try:
        rows, errors = parse_quota_csv(
            form.file.data.read(), form.file.data.filename, assembly.panel_size
        )
    except TableError as error:
        errors = [error]
    if errors:
        return _render_index(assembly, import_errors=[str(e) for e in errors]), 400
    services.replace_quotas(assembly, rows, actor=current_user._get_current_object())
    flash(_("Imported %(n)d quota rows.", n=len(rows)), "success")
    return _back(assembly)


@bp.route("/export.csv")
@assembly_view("manage")
def export_csv(assembly):
    """Download the quotas as category,feature,min,max,share."""
    rows = services.quotas_as_rows(assembly)
    return csv_response(
        ["category", "feature", "min", "max", "share"],
        ([r["category"], r["feature"], r["min"], r["max"], r["share"]] for r in rows),
        f"{assembly.slug}-quotas.csv",
    )
