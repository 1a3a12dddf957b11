"""Organisers draw invitation letters and export them."""

from decimal import Decimal, InvalidOperation

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.audit.downloads import record_download
from facilitate.auth.recent import recent_auth_required
from facilitate.exports import csv_response
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.letters import response_rates, services, waves
from facilitate.letters.addresses import BadInput
from facilitate.letters.forms import COLUMN_FIELDS, DrawForm, TwoStageForm, VerifyForm, WaveForm
from facilitate.letters.printing import letter_languages, letter_sheets
from facilitate.letters.two_stage import draw_two_stage_letters
from facilitate.letters.verification import verify_draw
from facilitate.models import AssemblyStatus, LetterDraw
from facilitate.pool.queries import composition

bp = Blueprint("letters", __name__, url_prefix="/assemblies/<slug>/letters")

navigation.add_assembly_page("letters.index", _l("Letters"), "manage", 30)

#: How each procedure of lottery.py is named on the record.
METHOD_LABELS = {
    "simple": _l("Simple lottery"),
    "stratified": _l("Stratified lottery"),
    "wave": _l("Later wave, weighted by the response"),
    "two_stage": _l("Two stages: places, then addresses"),
}

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
        design_of=services.design_of,
        verify_form=VerifyForm(),
        METHOD_LABELS=METHOD_LABELS,
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
    return _drawn(assembly, form, _render_index, lambda data, name: services.draw_letters(
        assembly, data, name, form.count.data, seed=form.seed.data or "",
        columns=form.columns(), stratify=form.stratify.data or "", user_id=current_user.id,
    ))  # fmt: skip


def _drawn(assembly, form, render, make):
    """Validate `form`, make the draw with `make(data, filename)`, and say how it went."""
    if assembly.status not in OPEN:
        flash(_("Letters cannot be drawn once selection has begun."), "error")
        return redirect(url_for("letters.index", slug=assembly.slug))
    if not form.validate_on_submit():
        return render(assembly, form), 400
    upload = form.file.data
    try:
        record = make(upload.read(), upload.filename or "")
    except BadInput as error:
        db.session.rollback()
        field = COLUMN_FIELDS.get(error.field, error.field)
        if field in form and field != "file":
            form[field].errors.extend(error.messages)
            return render(assembly, form, header=error.header), 400
        return render(assembly, form, error.messages, error.header), 400
    flash(_("%(n)d letters drawn. Download them below.", n=record.drawn), "success")
    return redirect(url_for("letters.index", slug=assembly.slug, _anchor=f"draw-{record.id}"))


@bp.route("/response")
@assembly_view("manage")
def response(assembly):
    """Show the response to the letters per draw, stratum and area beside the pool's make-up."""
    rates = {g: response_rates.rates_by(assembly, g) for g in ("draw", "stratum", "area")}
    return render_template(
        "letters/response.html",
        assembly=assembly,
        rates=rates,
        overall=response_rates.overall(rates["draw"]),
        draws={d.id: d for d in response_rates.draws_of(assembly)},
        composition=composition(assembly),
    )


def _cap(text) -> Decimal:
    try:
        cap = Decimal(text or waves.DEFAULT_CAP)
    except InvalidOperation:
        return waves.DEFAULT_CAP
    return min(max(cap, Decimal(1)), waves.MAX_CAP).quantize(Decimal("0.01"))


def _render_wave(assembly, form, problems=(), header=()):
    bases = waves.base_draws(assembly)
    wanted = form.based_on.data or request.args.get("based_on", type=int)
    # By default the newest first wave: a later wave's own answers are only starting to come.
    first = next((d for d in bases if d.wave == 1), bases[0] if bases else None)
    based_on = next((d for d in bases if d.id == wanted), first)
    cap = _cap(form.cap.raw_data[0] if form.cap.raw_data else request.args.get("cap"))
    weights = waves.wave_weights(based_on, cap) if based_on else {}
    form.based_on.data, form.cap.data = getattr(based_on, "id", None), cap
    form.shown.data = waves.weights_digest(weights)
    return render_template(
        "letters/wave.html", assembly=assembly, form=form, bases=bases, based_on=based_on,
        cap=cap, weights=weights, problems=problems, header=header, is_open=assembly.status in OPEN,
    )  # fmt: skip


@bp.route("/waves/new")
@assembly_view("manage")
def new_wave(assembly):
    """Show the weights a later wave would use and the form to draw it."""
    return _render_wave(assembly, WaveForm(formdata=None))


@bp.route("/waves", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def wave_draw(assembly):
    """Draw a later wave of letters weighted by the earlier draw's response rates."""
    form = WaveForm()
    based_on = child_or_404(LetterDraw, form.based_on.data or 0, assembly)
    return _drawn(assembly, form, _render_wave, lambda data, name: waves.draw_second_wave(
        assembly, data, name, form.count.data, based_on=based_on, cap=_cap(form.cap.data),
        shown=form.shown.data or "", seed=form.seed.data or "", columns=form.columns(),
        user_id=current_user.id,
    ))  # fmt: skip


def _render_two_stage(assembly, form, problems=(), header=()):
    return render_template(
        "letters/two_stage.html", assembly=assembly, form=form, problems=problems,
        header=header, is_open=assembly.status in OPEN,
    )  # fmt: skip


@bp.route("/two-stage")
@assembly_view("manage")
def two_stage(assembly):
    """Show the form for letters drawn in two stages, places first."""
    return _render_two_stage(assembly, TwoStageForm(formdata=None))


@bp.route("/two-stage", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def two_stage_draw(assembly):
    """Draw places with probability proportional to size, then letters within them."""
    form = TwoStageForm()
    return _drawn(assembly, form, _render_two_stage, lambda data, name: draw_two_stage_letters(
        assembly, data, name, form.count.data, form.places.data,
        place_column=form.stratify.data or "", seed=form.seed.data or "",
        columns=form.columns(), user_id=current_user.id,
    ))  # fmt: skip


@bp.route("/draws/<int:draw_id>/verify", methods=["POST"])
@assembly_view("manage")
def verify(assembly, draw_id):
    """Repeat a draw from its address file and say whether it gives the same letters."""
    record = child_or_404(LetterDraw, draw_id, assembly)
    form = VerifyForm()
    if not form.validate_on_submit():
        abort(400)
    problems = verify_draw(record, form.file.data.read())
    for problem in problems:
        flash(problem, "error")
    if not problems:
        flash(_("The draw is confirmed: the file and the record give the same letters."), "success")
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
    """Show a draw's letters ready to print, one per page, in every working language."""
    record = child_or_404(LetterDraw, draw_id, assembly)
    name = f"{assembly.slug}-letters-{record.id}-print"
    record_download(current_user._get_current_object(), "letters.print", assembly, name)
    languages, left_out = letter_languages(assembly)
    with force_locale(assembly.language):
        sheets = letter_sheets(record, _registration_url(assembly), _("QR code of the link"))
    for sheet in sheets:
        sheet["bodies"] = []
    for language, remit in languages.items():
        with force_locale(language):
            for sheet in sheets:
                body = render_template(
                    "letters/_letter_body.html",
                    assembly=assembly,
                    letter=sheet["letter"],
                    remit=remit,
                    language=language,
                )
                sheet["bodies"].append(Markup(body))  # noqa: S704 - Jinja escaped it already
    with force_locale(assembly.language):
        return render_template(
            "letters/print.html",
            assembly=assembly,
            draw=record,
            sheets=sheets,
            left_out=[LANGUAGE_NAMES.get(code, code) for code in left_out],
        )
