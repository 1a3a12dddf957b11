"""Allowances and travel claims: totals per member and per assembly, payment export."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from facilitate.access import assembly_view, child_or_404
from facilitate.audit.downloads import record_download
from facilitate.auth.forms import EmptyForm
from facilitate.auth.recent import recent_auth_required
from facilitate.exports import csv_response
from facilitate.models import Member
from facilitate.sittings import allowances, services
from facilitate.sittings.forms import ClaimForm
from facilitate.sittings.views import bp


def _claim_form(assembly) -> ClaimForm:
    form = ClaimForm()
    form.member_id.choices = [SelectChoice(m.id, m.name) for m in services.active_members(assembly)]
    form.sitting_id.choices = [SelectChoice(0, _("(none)"))] + [
        SelectChoice(s.id, s.title) for s in services.schedule(assembly)
    ]
    return form


@bp.route("/allowances")
@assembly_view("manage")
def allowances_index(assembly):
    """Show allowances and travel claims per member, with what is still to pay."""
    rows = allowances.totals(assembly)
    return render_template(
        "sittings/allowances.html",
        assembly=assembly,
        rows=rows,
        total=sum(r.total_cents for r in rows),
        unpaid=sum(r.unpaid_cents for r in rows),
        claim_form=_claim_form(assembly),
        form=EmptyForm(),
    )


@bp.route("/allowances/claims", methods=["POST"])
@assembly_view("manage")
def add_claim(assembly):
    """Record a member's travel claim."""
    form = _claim_form(assembly)
    if not form.validate_on_submit():
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for("sittings.allowances_index", slug=assembly.slug))
    member = child_or_404(Member, form.member_id.data, assembly)
    data = {
        "sitting_id": form.sitting_id.data or None,
        "description": form.description.data,
        "amount_cents": int(round(form.amount.data * 100)),
    }
    allowances.add_claim(assembly, member, current_user, data)
    flash(_("The travel claim was recorded."), "success")
    return redirect(url_for("sittings.allowances_index", slug=assembly.slug))


@bp.route("/allowances/<int:member_id>/paid", methods=["POST"])
@assembly_view("manage")
def mark_paid(assembly, member_id):
    """Mark everything owed to a member as paid."""
    member = child_or_404(Member, member_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    cents = allowances.mark_paid(assembly, member)
    flash(_("%(a).2f marked as paid to %(n)s.", a=cents / 100, n=member.name), "success")
    return redirect(url_for("sittings.allowances_index", slug=assembly.slug))


@bp.route("/allowances/payments.csv")
@assembly_view("manage")
@recent_auth_required
def export_payments(assembly):
    """Download the payment list for the finance office."""
    header, rows = allowances.export_rows(assembly)
    name = f"{assembly.slug}-payments.csv"
    record_download(current_user._get_current_object(), "sittings.payments_csv", assembly, name)
    return csv_response(header, rows, name)
