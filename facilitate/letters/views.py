"""Organisers draw invitation letters and export them."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.audit.downloads import record_download
from facilitate.auth.recent import recent_auth_required
from facilitate.exports import csv_response
from facilitate.extensions import db
from facilitate.letters import services
from facilitate.letters.addresses import BadInput
from facilitate.letters.forms import COLUMN_FIELDS, DrawForm
from facilitate.letters.printing import letter_sheets
from facilitate.models import AssemblyStatus, LetterDraw

bp = Blueprint("letters", __name__, url_prefix="/assemblies/<slug>/letters")

navigation.add_assembly_page("letters.index", _l("Letters"), "manage", 30)

#: Letters recruit the pool; once selection has begun, new invitations come too late.
OPEN = {AssemblyStatus.DRAFT, AssemblyStatus.RECRUITING}


@bp.app_template_filter("letter_code")
def _letter_code(code: str) -> str:
    return services.format_code(code)


def _registration_url(assembly):
    def url_of(code: str) -> str:
        return url_for("registration.register", slug=assembly.slug, code=code, _external=True)

    return url_of


def _render_index(assembly, form, problems=(), header=()):
    return render_template(
        "letters/index.html",
        assembly=assembly,
        form=form,
        draws=services.draws_with_usage(assembly),
        strata_of=services.strata_of,
        problems=problems,
        header=header,
        is_open=assembly.status in OPEN,
    )


@bp.route("/")
@assembly_view("manage")
def index(assembly):
    """Show the form to draw letters and the record of every past draw."""
    return _render_index(assembly, DrawForm())


@bp.route("/draws", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def draw(assembly):
    """Draw letters from an uploaded address file, all or nothing."""
    form = DrawForm()
    if assembly.status not in OPEN:
        flash(_("Letters cannot be drawn once selection has begun."), "error")
        return redirect(url_for("letters.index", slug=assembly.slug))
    if not form.validate_on_submit():
        return _render_index(assembly, form), 400
    upload = form.file.data
    try:
        record = services.draw_letters(
            assembly,
            upload.read(),
            upload.filename or "",
            form.count.data,
            seed=form.seed.data or "",
            columns=form.columns(),
            stratify=form.stratify.data or "",
            user_id=current_user.id,
        )
    except BadInput as error:
        db.session.rollback()
        field = COLUMN_FIELDS.get(error.field, error.field)
        if field in form and field != "file":
            form[field].errors.extend(error.messages)
            return _render_index(assembly, form, header=error.header), 400
        return _render_index(assembly, form, error.messages, error.header), 400
    flash(_("%(n)d letters drawn. Download them below.", n=record.drawn), "success")
    return redirect(url_for("letters.index", slug=assembly.slug, _anchor=f"draw-{record.id}"))


@bp.route("/draws/<int:draw_id>/letters.csv")
@assembly_view("manage")
@recent_auth_required
def export_csv(assembly, draw_id):
    """Download a draw's letters for a mail merge."""
    record = child_or_404(LetterDraw, draw_id, assembly)
    rows = services.mail_merge_rows(record, _registration_url(assembly))
    filename = f"{assembly.slug}-letters-{record.id}.csv"
    record_download(current_user._get_current_object(), "letters.export", assembly, filename)
    return csv_response(services.MAIL_MERGE_HEADER, rows, filename)


@bp.route("/draws/<int:draw_id>/print")
@assembly_view("manage")
@recent_auth_required
def print_letters(assembly, draw_id):
    """Show a draw's letters ready to print, one per page, in the assembly's language."""
    record = child_or_404(LetterDraw, draw_id, assembly)
    name = f"{assembly.slug}-letters-{record.id}-print"
    record_download(current_user._get_current_object(), "letters.print", assembly, name)
    with force_locale(assembly.language):
        sheets = letter_sheets(record, _registration_url(assembly), _("QR code of the link"))
        return render_template("letters/print.html", assembly=assembly, draw=record, sheets=sheets)
