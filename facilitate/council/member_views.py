"""The members' pages: propose and co-sign topics, vote in the council's ballots."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms import SelectChoice

from facilitate import shown_once
from facilitate.ballots.forms import ReceiptForm
from facilitate.council import ballots as ballot_services
from facilitate.council import queries, services
from facilitate.council import topics as topic_services
from facilitate.council.access import child_of, council_view
from facilitate.council.forms import MemberTopicForm, VoteForm
from facilitate.council.permissions import seat_of
from facilitate.council.reading import members_in, option_title
from facilitate.council.services import CouncilRefused
from facilitate.council.template_labels import template_labels
from facilitate.extensions import db
from facilitate.models.council import CouncilBallot, CouncilTopic, TopicSource, TopicStatus

bp = Blueprint("council_members", __name__, url_prefix="/council/<council_slug>/members")
bp.context_processor(template_labels)

#: Receipts wait server-side, sealed, to be shown once (shown_once.py), never in the cookie.
RECEIPTS_KEY = "council_receipts"


def _home(council):
    return redirect(url_for("council_members.index", council_slug=council.slug))


def _seat_or_explain(council):
    term = seat_of(current_user, council, date.today())
    if term is None:
        flash(_("Only sitting members of the council can do this."), "error")
    return term


@bp.route("/")
@council_view("take_part")
def index(council):
    """Show the member's seat, open ballots, receipts, proposals awaiting signatures, decisions."""
    today = date.today()
    term = seat_of(current_user, council, today)
    ballots = queries.open_ballots(council)
    receipts = shown_once.take(RECEIPTS_KEY)
    drafts = [
        t
        for t in queries.topics(council)
        if t.source is TopicSource.COUNCIL_MEMBERS and t.status is TopicStatus.GATHERING
    ]
    closed = [b for b in queries.ballots(council) if b.closed_at is not None][:10]
    texts = members_in(council, ballots + closed, drafts, str(get_locale()))
    return render_template(
        "council/members.html",
        council=council,
        term=term,
        ballots=ballots,
        texts=texts,
        vote_forms={b.id: _vote_form(b, texts) for b in ballots},
        voted={b.id for b in ballots for p in b.participations if term and p.term_id == term.id},
        sitting=len(services.sitting_terms(council, today)),
        receipts=receipts,
        receipt_form=ReceiptForm(),
        drafts=drafts,
        topic_form=MemberTopicForm(),
        closed=closed,
        results={b.id: ballot_services.ballot_result(b) for b in closed},
    )


def _vote_form(ballot: CouncilBallot, texts=None) -> VoteForm:
    form = VoteForm(prefix=f"b{ballot.id}")
    form.option.choices = [
        SelectChoice(o.key, option_title(texts, o) if texts else o.title) for o in ballot.options
    ]
    return form


@bp.route("/propose", methods=["POST"])
@council_view("take_part")
def propose(council):
    """Propose a topic; it goes before the council once enough members sign."""
    term = _seat_or_explain(council)
    form = MemberTopicForm()
    if term is not None and form.validate_on_submit():
        topic_services.propose_as_member(council, term, form.data)
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
        topic_services.cosign_topic(topic, council, term)
        flash(_("You signed “%(t)s”.", t=topic.title), "success")
    return _home(council)


@bp.route("/ballots/<int:council_ballot_id>/vote", methods=["POST"])
@council_view("take_part")
def vote(council, council_ballot_id):
    """Cast your vote in an open ballot (once); the receipt code is shown once."""
    ballot = child_of(CouncilBallot, council_ballot_id, council)
    term = _seat_or_explain(council)
    form = _vote_form(ballot)
    if term is None:
        return _home(council)
    if not form.validate_on_submit():
        flash(_("Choose one option."), "error")
        return _home(council)
    try:
        code = ballot_services.cast_vote(ballot, term, form.option.data, date.today())
        shown_once.keep(RECEIPTS_KEY, [ballot.question, code])
        # Flushed here, not left to the request's commit: a lost race must be caught below.
        db.session.flush()
    except CouncilRefused as refused:
        # The answer is always the members' page, with or without a referrer.
        refused.back_to = url_for("council_members.index", council_slug=council.slug)
        raise
    except (IntegrityError, OperationalError):
        # A second click or device lost the race to the unique (ballot, member) row, or the
        # database gave up waiting for the ballot's lock: say which.
        db.session.rollback()
        if ballot_services.has_voted(ballot, term):
            flash(_("You have already voted on this question. Your first vote counts."), "error")
        else:
            flash(_("Your vote could not be recorded just now. Please vote again."), "error")
    else:
        flash(_("Your vote was recorded."), "success")
    return _home(council)


@bp.route("/receipt", methods=["POST"])
@council_view("take_part")
def check_receipt(council):
    """Say whether a receipt code is among a closed ballot's papers, never what it chose."""
    form = ReceiptForm()
    found = ballot_services.counted_in(council, form.code.data) if form.validate_on_submit() else []
    if found:
        questions = ", ".join(f"“{b.question}”" for b in found)
        flash(_("Your vote was counted in: %(q)s.", q=questions), "success")
    else:
        flash(_("No closed ballot has a paper with this receipt code. Check the code."), "error")
    return _home(council)
