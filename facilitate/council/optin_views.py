"""Members of a finished assembly offer to serve on the council that convened it."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view
from facilitate.auth.forms import EmptyForm
from facilitate.council import optin
from facilitate.council.services import CouncilRefused
from facilitate.council.views import bp
from facilitate.extensions import db
from facilitate.sittings.services import member_for


@bp.route("/opt-in/<slug>", methods=["GET", "POST"])
@assembly_view("take_part")
def opt_in(assembly):
    """Ask a member of a finished assembly whether they would serve on the council."""
    council = optin.council_for(assembly)
    member = member_for(current_user, assembly)
    if council is None or member is None or assembly.status not in optin.ASKED_FROM:
        if request.method == "POST":
            abort(404)
        return render_template("council/opt_in.html", assembly=assembly, council=None)
    values = optin.prefilled_values(council, member)
    refusal = []
    if request.method == "POST" and EmptyForm().validate_on_submit():
        chosen = {c: request.form.get(f"value-{c}", "") for c in council.quota_rules}
        try:
            optin.opt_in(council, member, chosen, date.today())
        except CouncilRefused as refused:
            db.session.rollback()
            refusal, values = refused.reasons, chosen
        else:
            flash(
                _("Thank you: you are in the pool from which the council's seats are drawn."),
                "success",
            )
            return redirect(url_for("members.mine", slug=assembly.slug))
    return render_template(
        "council/opt_in.html",
        assembly=assembly,
        council=council,
        values=values,
        done=optin.existing_opt_in(council, member),
        refusal=refusal,
        form=EmptyForm(),
    ), 422 if refusal else 200
