"""Organisers browse, export and erase registrants; outbox."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.audit.downloads import record_download
from facilitate.auth.forms import EmptyForm
from facilitate.auth.recent import recent_auth_required
from facilitate.exports import csv_response, xlsx_response
from facilitate.extensions import db
from facilitate.models import OutboxMessage, Registrant, RegistrantStatus
from facilitate.models.registrants import INELIGIBLE_RULE_LABELS, IneligibleRule
from facilitate.pool import exports, privacy, queries, statuses
from facilitate.pool.forms import StatusForm
from facilitate.request_guards import page_number

bp = Blueprint("pool", __name__, url_prefix="/assemblies/<slug>/pool")

navigation.add_assembly_page("pool.index", _l("Pool"), "manage", 40)
navigation.add_assembly_page("pool.outbox", _l("Outbox"), "manage", 90)


def _criteria(assembly) -> queries.PoolFilter:
    valid = {v.id for c in assembly.categories for v in c.values}
    value_ids = tuple(
        int(request.args[f"c{c.id}"])
        for c in assembly.categories
        if request.args.get(f"c{c.id}", "").isdigit() and int(request.args[f"c{c.id}"]) in valid
    )
    status = request.args.get("status", "")
    return queries.PoolFilter(
        q=request.args.get("q", "")[:100],
        status=status if status in {s.value for s in RegistrantStatus} else "",
        value_ids=value_ids,
        flagged=request.args.get("flagged") == "1",
        inconsistent=request.args.get("inconsistent") == "1",
    )


@bp.route("/")
@assembly_view("manage")
def index(assembly):
    """List registrants with search, filters and the pool's composition against the quotas."""
    criteria = _criteria(assembly)
    shown = queries.search_pool(assembly, criteria, page_number())
    value_names = {v.id: v.name for c in assembly.categories for v in c.values}
    return render_template(
        "pool/index.html",
        assembly=assembly,
        rows=shown.items,
        total=shown.total,
        page=shown.page,
        pages=max(shown.pages, 1),
        criteria=criteria,
        answers=queries.answers_for([r.id for r in shown.items]),
        value_names=value_names,
        composition=queries.composition(assembly),
        counts=queries.status_counts(assembly),
        possible_duplicates=queries.possible_duplicates(assembly),
    )


@bp.route("/<int:registrant_id>")
@assembly_view("manage")
def show(assembly, registrant_id):
    """Show one registrant's details, flags and support needs."""
    registrant = child_or_404(Registrant, registrant_id, assembly)
    return render_template(
        "pool/show.html",
        assembly=assembly,
        registrant=registrant,
        erase_form=EmptyForm(),
        status_form=StatusForm(),
        duplicates=queries.duplicates_of(registrant),
        rule_labels=INELIGIBLE_RULE_LABELS,
    )


@bp.route("/<int:registrant_id>/status", methods=["POST"])
@assembly_view("manage")
def set_status(assembly, registrant_id):
    """Mark a registrant ineligible, withdrawn or a duplicate, or eligible again, with a reason."""
    registrant = child_or_404(Registrant, registrant_id, assembly)
    back = url_for("pool.show", slug=assembly.slug, registrant_id=registrant.id)
    form = StatusForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)), "error")
        return redirect(back)
    kept = None
    if form.duplicate_of.data:
        kept = queries.by_reference(assembly, form.duplicate_of.data.strip().upper())
        if kept is None:
            flash(_("No registration %(r)s in this assembly.", r=form.duplicate_of.data), "error")
            return redirect(back)
    try:
        statuses.set_status(
            registrant,
            RegistrantStatus(form.status.data),
            reason=form.reason.data,
            rule=IneligibleRule(form.rule.data) if form.rule.data else None,
            duplicate_of=kept,
            actor=current_user._get_current_object(),
        )
    except statuses.StatusRefused as refused:
        refused.back_to = back
        raise
    flash(_("The status of %(r)s was changed.", r=registrant.reference), "success")
    return redirect(back)


@bp.route("/<int:registrant_id>/erase", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def erase(assembly, registrant_id):
    """Erase a person's data on request; the row stays for counts."""
    registrant = child_or_404(Registrant, registrant_id, assembly)
    if EmptyForm().validate_on_submit():
        privacy.erase_registrant(registrant, actor=current_user._get_current_object())
        flash(_("The personal data of %(r)s was erased.", r=registrant.reference), "success")
    return redirect(url_for("pool.show", slug=assembly.slug, registrant_id=registrant.id))


@bp.route("/export.<any(csv, xlsx):fmt>")
@assembly_view("manage")
@recent_auth_required
def export(assembly, fmt):
    """Download the pool with formula-like cells neutralised."""
    header, rows = exports.pool_table(assembly)
    name = f"{assembly.slug}-pool.{fmt}"
    record_download(current_user._get_current_object(), "pool.export", assembly, name)
    if fmt == "csv":
        return csv_response(header, rows, name)
    return xlsx_response(header, rows, name, title=_("Pool"))


@bp.route("/outbox")
@assembly_view("manage")
def outbox(assembly):
    """List the emails sent for this assembly: to whom, about what, when; never their text."""
    # Only these columns: the sealed text is not even loaded into the page's reach.
    messages = db.session.execute(
        db.select(
            OutboxMessage.recipient,
            OutboxMessage.subject,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
            OutboxMessage.error,
            OutboxMessage.attempts,
            OutboxMessage.next_attempt_at,
        )
        .filter_by(assembly_id=assembly.id)
        .order_by(OutboxMessage.id.desc())
        .limit(200)
    ).all()
    return render_template("pool/outbox.html", assembly=assembly, messages=messages)


from facilitate.pool import (  # noqa: E402,F401  (routes on this blueprint)
    correction_views,
    duplicate_views,
    import_views,
    postcode_views,
)
