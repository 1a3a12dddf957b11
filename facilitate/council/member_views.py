"""The members' pages: propose and co-sign topics, vote in the council's ballots."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.council import queries
from facilitate.council import topics as topic_services
from facilitate.council.access import child_of, council_view
from facilitate.council.forms import MemberTopicForm, VoteForm
from facilitate.council.permissions import seat_of
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models.council import (
    CouncilBallot,
    CouncilBallotOption,
    CouncilTopic,
    TopicSource,
    TopicStatus,
)

bp = Blueprint("members", __name__, url_prefix="/<council_slug>/members")


def _home(council):
    return redirect(url_for("council.members.index", council_slug=council.slug))


def _seat_or_explain(council):
    term = seat_of(current_user, council, date.today())
    if term is None:
        flash(_("Only sitting members of the council can do this."), "error")
    return term


@bp.route("/")
@council_view("take_part")
def index(council):
    """Show the member's seat, proposals awaiting signatures and open ballots."""
    term = seat_of(current_user, council, date.today())
    ballots = queries.open_ballots(council)
    forms = {}
    for ballot in ballots:
        form = VoteForm(prefix=f"b{ballot.id}")
        form.option.choices = [(o.id, o.label) for o in ballot.options]
        forms[ballot.id] = form
    drafts = [
        t
        for t in queries.topics(council)
        if t.source is TopicSource.COUNCIL_MEMBERS and t.status is TopicStatus.GATHERING
    ]
    return render_template(
        "council/members.html",
        council=council,
        term=term,
        ballots=ballots,
        vote_forms=forms,
        voted={b.id for b in ballots for p in b.participations if term and p.term_id == term.id},
        drafts=drafts,
        topic_form=MemberTopicForm(),
        closed=[b for b in queries.ballots(council) if b.closed_at is not None][:10],
    )


@bp.route("/propose", methods=["POST"])
@council_view("take_part")
def propose(council):
    """Propose a topic; it goes before the council once enough members sign."""
    term = _seat_or_explain(council)
    form = MemberTopicForm()
    if term is not None and form.validate_on_submit():
        topic_services.propose_as_member(council, term, form.data)
        db.session.commit()
        flash(
            _(
                "Your proposal needs %(n)d members' signatures in all before it goes to the council.",
                n=council.min_member_proposers,
            ),
            "success",
        )
    elif term is not None:
        flash(_("Give the proposal a title."), "error")
    return _home(council)


@bp.route("/topics/<int:council_topic_id>/sign", methods=["POST"])
@council_view("take_part")
def sign(council, council_topic_id):
    """Add your signature to another member's proposal."""
    topic = child_of(CouncilTopic, council_topic_id, council)
    term = _seat_or_explain(council)
    if term is not None:
        try:
            topic_services.cosign_topic(topic, council, term)
        except CouncilRefused as refused:
            flash(refused.reasons[0], "error")
        else:
            db.session.commit()
            flash(_("You signed “%(t)s”.", t=topic.title), "success")
    return _home(council)


@bp.route("/ballots/<int:council_ballot_id>/vote", methods=["POST"])
@council_view("take_part")
def vote(council, council_ballot_id):
    """Cast your vote in an open ballot (once)."""
    ballot = child_of(CouncilBallot, council_ballot_id, council)
    term = _seat_or_explain(council)
    form = VoteForm(prefix=f"b{ballot.id}")
    form.option.choices = [(o.id, o.label) for o in ballot.options]
    if term is None:
        return _home(council)
    if not form.validate_on_submit():
        flash(_("Choose one option."), "error")
        return _home(council)
    option = child_of(CouncilBallotOption, form.option.data, ballot, "ballot_id")
    try:
        topic_services.cast_vote(ballot, term, option, date.today())
    except CouncilRefused as refused:
        flash(refused.reasons[0], "error")
    else:
        db.session.commit()
        flash(_("Your vote was recorded."), "success")
    return _home(council)
