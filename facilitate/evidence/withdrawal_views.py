"""Submitters check or withdraw their submission through the private link they were given."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitate.access import public
from facilitate.auth.forms import EmptyForm
from facilitate.evidence import services
from facilitate.evidence.public_views import bp
from facilitate.extensions import db, limiter
from facilitate.models import Assembly


def _submission_or_404(token: str):
    submission = services.find_by_token(token)
    if submission is None:
        abort(404)
    return submission


@bp.route("/e/<submission_token>")
@public
def manage(submission_token):
    """Show the submitter where their submission stands and offer to withdraw it."""
    submission = _submission_or_404(submission_token)
    return render_template(
        "evidence/manage.html",
        assembly=db.session.get(Assembly, submission.assembly_id),
        submission=submission,
        form=EmptyForm(),
        token=submission_token,
    )


@bp.route("/e/<submission_token>/withdraw", methods=["POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def withdraw(submission_token):
    """Withdraw the submission and erase its content and the submitter's details."""
    submission = _submission_or_404(submission_token)
    if EmptyForm().validate_on_submit():
        services.withdraw_submission(submission)
        flash(_("Your submission has been withdrawn and its content erased."), "success")
    return redirect(url_for("evidence_public.manage", submission_token=submission_token))
