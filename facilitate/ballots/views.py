"""Organisers prepare and run ballots; members vote on their phones; everyone checks results."""

import logging
from datetime import UTC

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms import SelectChoice

from facilitate import navigation, shown_once
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.ballots import (
    deadlines,
    guards,  # noqa: F401  (registers the lifecycle guard)
    queries,
    services,
)
from facilitate.ballots.forms import BallotForm, ItemForm, ReceiptForm, StatementForm
from facilitate.ballots.permissions import can_see_results, member_for
from facilitate.extensions import db
from facilitate.languages.reading import item_in
from facilitate.models.ballots import (
    BALLOT_MODE_LABELS,
    BALLOT_STATUS_LABELS,
    ITEM_METHOD_LABELS,
    ITEM_STATUS_LABELS,
    SCALE_LABELS,
    THRESHOLD_LABELS,
    YES_NO_LABELS,
    Ballot,
    BallotItem,
    ItemMethod,
    ItemStatus,
)
from facilitate.models.base import utcnow
from facilitate.permissions import can_manage_assembly
from facilitate.races import lost_race

bp = Blueprint("ballots", __name__, url_prefix="/assemblies/<slug>/ballots")
navigation.add_assembly_page("ballots.index", _l("Ballots"), "take_part", 72)

#: Receipts wait server-side, sealed, to be shown once (shown_once.py), never in the cookie.
RECEIPTS_KEY = "ballot_receipts"

log = logging.getLogger(__name__)


@bp.context_processor
def _labels():
    return {
        "BALLOT_MODE_LABELS": BALLOT_MODE_LABELS,
        "BALLOT_STATUS_LABELS": BALLOT_STATUS_LABELS,
        "ITEM_METHOD_LABELS": ITEM_METHOD_LABELS,
        "ITEM_STATUS_LABELS": ITEM_STATUS_LABELS,
        "THRESHOLD_LABELS": THRESHOLD_LABELS,
    }


def _ballot(assembly, ballot_id) -> Ballot:
    return child_or_404(Ballot, ballot_id, assembly)


def _close_due(assembly) -> None:
    """Close the assembly's ballots past their deadline, so no page shows one as open.

    The request's unit of work commits the close with the page; should the request fail, the
    next page or `flask ballots close-due` closes them (the deadline check refuses late votes
    meanwhile).
    """
    try:
        deadlines.close_due_ballots(utcnow(), assembly.id)
    except OperationalError:
        # A busy database must not break a page; the next view or the cron command closes it.
        db.session.rollback()
        log.warning("could not close the due ballots of %s", assembly.slug, exc_info=True)


def _item(assembly, ballot_id, ballot_item_id) -> BallotItem:
    ballot = _ballot(assembly, ballot_id)
    item = db.session.get(BallotItem, ballot_item_id)
    if item is None or item.ballot_id != ballot.id:
        abort(404)
    return item


@bp.route("/")
@assembly_view("take_part")
def index(assembly):
    """List the assembly's ballots."""
    _close_due(assembly)
    return render_template(
        "ballots/index.html",
        assembly=assembly,
        ballots=queries.ballots_of(assembly),
        manage=can_manage_assembly(current_user, assembly),
    )


@bp.route("/new", methods=["GET", "POST"])
@assembly_view("manage")
def new(assembly):
    """Start preparing a ballot."""
    form = BallotForm()
    if form.validate_on_submit():
        closes_at = form.closes_at.data.replace(tzinfo=UTC) if form.closes_at.data else None
        ballot = services.create_ballot(
            assembly, form.title.data, form.mode.data, closes_at, current_user
        )
        flash(_("Ballot created. Add its items, then open it."), "success")
        return redirect(url_for("ballots.show", slug=assembly.slug, ballot_id=ballot.id))
    return render_template("ballots/new.html", assembly=assembly, form=form)


def _item_form(assembly) -> ItemForm:
    form = ItemForm()
    form.recommendations.choices = [
        SelectChoice(r.id, f"{r.number}. {r.current.title}")
        for r in services.votable_recommendations(assembly)
        if r.versions
    ]
    return form


@bp.route("/<int:ballot_id>")
@assembly_view("take_part")
def show(assembly, ballot_id):
    """Show a ballot: controls for the organiser, what to vote on for a member."""
    _close_due(assembly)
    ballot = _ballot(assembly, ballot_id)
    member = member_for(current_user, assembly)
    receipts = shown_once.take(RECEIPTS_KEY)
    return render_template(
        "ballots/show.html",
        assembly=assembly,
        ballot=ballot,
        manage=can_manage_assembly(current_user, assembly),
        member=member,
        voted=queries.voted_item_ids(member, ballot),
        voter_counts={i.id: queries.voter_count(i) for i in ballot.items},
        eligible=services.eligible_members(assembly.id),
        receipts=receipts,
        item_form=_item_form(assembly),
        form=EmptyForm(),
    )


@bp.route("/<int:ballot_id>/state")
@assembly_view("take_part")
def state(assembly, ballot_id):
    """Tell a waiting phone whether the open items changed, so it reloads."""
    _close_due(assembly)
    ballot = _ballot(assembly, ballot_id)
    open_ids = ",".join(str(i.id) for i in ballot.items if i.status == ItemStatus.OPEN)
    return jsonify(done=open_ids != request.args.get("seen", open_ids), progress=0, message="")


@bp.route("/<int:ballot_id>/items", methods=["POST"])
@assembly_view("manage")
def add_item(assembly, ballot_id):
    """Add an item to a ballot being prepared."""
    ballot = _ballot(assembly, ballot_id)
    form = _item_form(assembly)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)), "error")
        return redirect(url_for("ballots.show", slug=assembly.slug, ballot_id=ballot.id))
    return _act(
        assembly,
        ballot,
        lambda: services.add_item(
            ballot,
            form.method.data,
            form.threshold.data,
            form.recommendations.data,
            form.title.data,
        ),
        _("Item added."),
    )


def _act(assembly, ballot, action, success: str, target: str = "ballots.show"):
    """Run one service call and come back with its outcome; a refusal comes back to `target`."""
    back = url_for(target, slug=assembly.slug, ballot_id=ballot.id)
    if EmptyForm().validate_on_submit():
        try:
            action()
        except services.BallotError as error:
            error.back_to = back
            raise
        flash(success, "success")
    return redirect(back)


@bp.route("/<int:ballot_id>/items/<int:ballot_item_id>/remove", methods=["POST"])
@assembly_view("manage")
def remove_item(assembly, ballot_id, ballot_item_id):
    """Take an item off a ballot being prepared."""
    item = _item(assembly, ballot_id, ballot_item_id)
    return _act(assembly, item.ballot, lambda: services.remove_item(item), _("Item removed."))


@bp.route("/<int:ballot_id>/open", methods=["POST"])
@assembly_view("manage")
def open_ballot(assembly, ballot_id):
    """Open the ballot for voting."""
    ballot = _ballot(assembly, ballot_id)
    return _act(
        assembly,
        ballot,
        lambda: services.open_ballot(ballot, utcnow(), current_user._get_current_object()),
        _("The ballot is open."),
    )


@bp.route("/<int:ballot_id>/items/<int:ballot_item_id>/close", methods=["POST"])
@assembly_view("manage")
def close_item(assembly, ballot_id, ballot_item_id):
    """Close an item; in a sequential ballot the next one opens."""
    item = _item(assembly, ballot_id, ballot_item_id)
    return _act(
        assembly,
        item.ballot,
        lambda: services.close_item(item, utcnow(), current_user._get_current_object()),
        _("Item closed."),
    )


@bp.route("/<int:ballot_id>/close", methods=["POST"])
@assembly_view("manage")
def close_ballot(assembly, ballot_id):
    """Close every remaining item of the ballot."""
    ballot = _ballot(assembly, ballot_id)
    return _act(
        assembly,
        ballot,
        lambda: services.close_ballot(ballot, utcnow(), current_user._get_current_object()),
        _("Ballot closed."),
    )


@bp.route("/<int:ballot_id>/publish", methods=["POST"])
@assembly_view("manage")
def publish(assembly, ballot_id):
    """Publish the results to members and observers."""
    ballot = _ballot(assembly, ballot_id)
    return _act(
        assembly,
        ballot,
        lambda: services.publish_results(ballot, utcnow(), current_user._get_current_object()),
        _("Results published."),
        "ballots.results",
    )


@bp.route("/<int:ballot_id>/items/<int:ballot_item_id>/vote", methods=["GET"])
@assembly_view("take_part")
def vote_form(assembly, ballot_id, ballot_item_id):
    """Show the ballot paper for one item, saying that a cast ballot cannot be changed."""
    _close_due(assembly)
    item = _item(assembly, ballot_id, ballot_item_id)
    member = member_for(current_user, assembly)
    voted = member is not None and services.has_voted(item, member)
    return render_template(
        "ballots/vote.html",
        assembly=assembly,
        ballot=item.ballot,
        item=item,
        reading=item_in(assembly, item, str(get_locale())),
        member=member,
        voted=voted,
        choices=_choices(item),
        form=EmptyForm(),
    )


def _choices(item: BallotItem) -> list[tuple[str, str]]:
    if item.method == ItemMethod.YES_NO:
        return [(k, str(v)) for k, v in YES_NO_LABELS.items()]
    if item.method == ItemMethod.SCALE:
        return [(k, str(v)) for k, v in SCALE_LABELS.items()]
    return [(str(o.id), o.label) for o in item.options]


@bp.route("/<int:ballot_id>/items/<int:ballot_item_id>/vote", methods=["POST"])
@assembly_view("vote")
def vote(assembly, ballot_id, ballot_item_id):
    """Cast the member's ballot on one item; the receipt code is shown once."""
    item = _item(assembly, ballot_id, ballot_item_id)
    member = member_for(current_user, assembly)
    back = url_for(
        "ballots.vote_form", slug=assembly.slug, ballot_id=ballot_id, ballot_item_id=item.id
    )
    if not EmptyForm().validate_on_submit():
        return redirect(back)
    try:
        code = services.cast_ballot(item, member, _submitted_values(item), utcnow().date())
        shown_once.keep(RECEIPTS_KEY, [item.title, code])
        # Flush, not commit (the unit of work commits): the write must be tried here, so a
        # lost race can be told apart ("already voted") from a vote that was not recorded.
        db.session.flush()
    except services.BallotError as error:
        error.back_to = back
        raise
    except (IntegrityError, OperationalError):
        # A second click or device loses the race to the unique (item, member) row; any other
        # failure (a lock held too long, a lost connection) recorded nothing and must say so.
        return lost_race(
            lambda: services.has_voted(item, member),
            already=_l("You have already voted on this item. Your first ballot counts."),
            failed=_l("Your vote was not recorded. Please vote again."),
            back=back,
            what=f"a vote on item {ballot_item_id}",  # no attribute: the session needs a rollback
        )
    flash(_("Your ballot was cast."), "success")
    return redirect(url_for("ballots.show", slug=assembly.slug, ballot_id=ballot_id))


def _submitted_values(item: BallotItem) -> list[str]:
    if item.method == ItemMethod.RANKING:
        ranks = {o.id: request.form.get(f"rank-{o.id}", "") for o in item.options}
        return services.ranking_from_positions(item, ranks)
    return request.form.getlist("choice")


@bp.route("/<int:ballot_id>/results")
@assembly_view("take_part")
def results(assembly, ballot_id):
    """Show counted results to organisers, and to everyone once published."""
    _close_due(assembly)
    ballot = _ballot(assembly, ballot_id)
    visible = can_see_results(current_user, assembly, ballot)
    member = member_for(current_user, assembly)
    return render_template(
        "ballots/results.html",
        assembly=assembly,
        ballot=ballot,
        visible=visible,
        results=queries.ballot_results(ballot) if visible else [],
        member=member,
        manage=can_manage_assembly(current_user, assembly),
        receipt_form=ReceiptForm(),
        statement_form=StatementForm(),
        form=EmptyForm(),
    )


@bp.route("/<int:ballot_id>/receipt", methods=["POST"])
@assembly_view("take_part")
def check_receipt(assembly, ballot_id):
    """Say whether a receipt code is among the counted ballots, never what it chose."""
    ballot = _ballot(assembly, ballot_id)
    form = ReceiptForm()
    if form.validate_on_submit() and can_see_results(current_user, assembly, ballot):
        items = queries.counted_in(ballot, form.code.data)
        if items:
            titles = ", ".join(i.title for i in items)
            flash(_("Your ballot was counted in: %(items)s.", items=titles), "success")
        else:
            flash(_("No counted ballot has this receipt code. Check the code."), "error")
    return redirect(url_for("ballots.results", slug=assembly.slug, ballot_id=ballot.id))


@bp.route("/<int:ballot_id>/items/<int:ballot_item_id>/statement", methods=["POST"])
@assembly_view("vote")
def add_statement(assembly, ballot_id, ballot_item_id):
    """Add a member's minority statement to a closed item."""
    item = _item(assembly, ballot_id, ballot_item_id)
    member = member_for(current_user, assembly)
    form = StatementForm()
    if not form.validate_on_submit():
        flash(_("Write the statement first."), "error")
        return redirect(url_for("ballots.results", slug=assembly.slug, ballot_id=ballot_id))
    return _act(
        assembly,
        item.ballot,
        lambda: services.add_statement(item, member, current_user, form.text.data),
        _("Your statement was added to the result."),
        "ballots.results",
    )
