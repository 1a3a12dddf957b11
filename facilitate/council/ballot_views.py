"""The secretariat's ballot pages: put a question to the members, open it, close it."""

from datetime import UTC, datetime

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.auth.forms import EmptyForm
from facilitate.council import ballots as ballot_services
from facilitate.council.access import child_of, council_view
from facilitate.council.forms import BallotForm
from facilitate.council.manage_pages import fill_ballot_choices, home
from facilitate.council.manage_views import bp
from facilitate.models.council import CouncilBallot, CouncilMeeting, CouncilTopic


@bp.route("/ballots", methods=["POST"])
@council_view("manage")
def open_ballot(council):
    """Put a question, or a choice between topics, to the sitting members."""
    form = BallotForm()
    fill_ballot_choices(council, form)
    if not form.validate_on_submit():
        flash(_("Give the question; choose topics only from those before the council."), "error")
        return home(council, "#ballots")
    topics = [child_of(CouncilTopic, t, council) for t in form.topics.data]
    meeting_id = form.meeting_id.data
    meeting = child_of(CouncilMeeting, meeting_id, council) if meeting_id else None
    data = {
        "question": form.question.data,
        "secret": form.secret.data,
        "threshold": form.threshold.data,
        "topics": topics,
    }
    ballot = ballot_services.open_ballot(council, meeting, data, current_user)
    if ballot.opened_at is None:
        flash(_("The ballot opens once its texts are translated."), "warning")
    else:
        flash(_("The ballot is open to the members."), "success")
    return home(council, "#ballots")


@bp.route("/ballots/<int:council_ballot_id>/open", methods=["POST"])
@council_view("manage")
def start_ballot(council, council_ballot_id):
    """Open a ballot that waited for its translations, once every text is current."""
    ballot = child_of(CouncilBallot, council_ballot_id, council)
    if EmptyForm().validate_on_submit():
        ballot_services.start_ballot(ballot, datetime.now(UTC), current_user)
        flash(_("The ballot is open to the members."), "success")
    return home(council, "#ballots")


@bp.route("/ballots/<int:council_ballot_id>/close", methods=["POST"])
@council_view("manage")
def close_ballot(council, council_ballot_id):
    """Close a ballot and announce the decision, or why there is none."""
    ballot = child_of(CouncilBallot, council_ballot_id, council)
    result = ballot_services.close_ballot(ballot, datetime.now(UTC), current_user)
    if result.winner is None:
        flash(_("The ballot closed. %(why)s", why=result.explanation), "warning")
    elif ballot.is_question:
        flash(_("The ballot closed. Decided: %(o)s.", o=result.winner.title), "success")
    else:
        flash(_("The ballot closed: “%(o)s” has the most votes.", o=result.winner.title), "success")
    return home(council, "#ballots")
