"""The team's pages of who attended a sitting or voted in a ballot, counted per quota value."""

from flask import Blueprint, render_template
from flask_login import current_user

from facilitate import permissions
from facilitate.access import assembly_view, child_or_404
from facilitate.models import Sitting
from facilitate.models.ballots import Ballot
from facilitate.participation import services

bp = Blueprint("participation", __name__, url_prefix="/assemblies/<slug>/participation")


@bp.route("/sittings/<int:sitting_id>")
@assembly_view("evaluate")
def sitting(assembly, sitting_id):
    """Show the make-up of a sitting's attendees against the quotas."""
    found = child_or_404(Sitting, sitting_id, assembly)
    return _page(assembly, found.title, services.attendee_ids(found))


@bp.route("/ballots/<int:ballot_id>")
@assembly_view("evaluate")
def ballot(assembly, ballot_id):
    """Show the make-up of a ballot's voters against the quotas."""
    found = child_or_404(Ballot, ballot_id, assembly)
    return _page(assembly, found.title, services.voter_ids(found))


def _page(assembly, title, member_ids):
    # Evaluators read process records, not people: they get the public, protected counts.
    public = not permissions.can_manage_assembly(current_user, assembly)
    return render_template(
        "participation/show.html",
        assembly=assembly,
        title=title,
        composition=services.compose_participants(assembly, member_ids, public=public),
        protected=public,
    )
