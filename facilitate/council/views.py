"""The council's public pages: overview, timeline, topics and support, meetings, draw records."""

from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import form_tokens
from facilitate.access import admin_only, public
from facilitate.auth.forms import EmptyForm
from facilitate.auth.services import normalise_email
from facilitate.council import ballots as ballot_services
from facilitate.council import queries, services
from facilitate.council import topics as topic_services
from facilitate.council.access import child_of, load_council
from facilitate.council.forms import CouncilForm, ResidentTopicForm, SupportForm
from facilitate.council.permissions import can_take_part, can_translate, is_secretariat
from facilitate.council.reading import convened_in, meeting_in, overview_in, topic_in
from facilitate.council.services import CouncilRefused
from facilitate.council.template_labels import template_labels
from facilitate.extensions import db, limiter
from facilitate.models.council import (
    Council,
    CouncilMeeting,
    CouncilRotation,
    CouncilTopic,
    TopicSource,
    TopicStatus,
)
from facilitate.public_url import absolute_url_for

bp = Blueprint("council", __name__, url_prefix="/council")


bp.context_processor(template_labels)


#: The bot guard refused the form: sent within seconds of opening it, or sent twice.
TOO_QUICK = _l(
    "Your support was not sent: the form came back faster than a person fills it in, or it "
    "had been sent already. Your details are kept below; check them and send the form again."
)


def _guard_key(council: Council) -> str:
    return f"council:{council.id}"


def _email_key() -> str:
    """Count requests per e-mail address, from wherever they come (mail-bombing a stranger)."""
    return "council-email:" + normalise_email(request.form.get("email", ""))


@bp.route("/")
@public
def index():
    """List the standing councils."""
    councils = db.session.scalars(db.select(Council).order_by(Council.name)).all()
    return render_template("council/index.html", councils=councils)


@bp.route("/new", methods=["GET", "POST"])
@admin_only
def create():
    """Create a standing council with the Ost-Belgien defaults filled in."""
    form = CouncilForm()
    if form.validate_on_submit():
        data = {f.name: f.data for f in form if f.name not in ("csrf_token", "rules")}
        try:
            council = services.create_council(
                {**data, "quota_rules": form.parsed_rules}, current_user
            )
        except CouncilRefused as refused:
            # The reason is shown on the form, so undo whatever the refused action wrote.
            db.session.rollback()
            form.slug.errors.append(refused.reasons[0])
        else:
            flash(_("The council was created."), "success")
            return redirect(url_for("council_manage.index", council_slug=council.slug))
    return render_template("council/form.html", form=form, council=None)


@bp.route("/<council_slug>")
@public
def show(council_slug):
    """Show the council: who sits when, the assemblies it convened and how they were answered."""
    council = load_council(council_slug)
    today = date.today()
    topics, meetings = queries.public_topics(council), queries.meetings(council)
    return render_template(
        "council/show.html",
        council=council,
        today=today,
        timeline=queries.timeline(council, today),
        sitting=services.sitting_terms(council, today),
        next_on=services.next_rotation_on(council, today),
        convened=convened_in(queries.convened_with_states(council), str(get_locale())),
        topics=topics,
        meetings=meetings,
        texts=overview_in(council, topics, meetings, str(get_locale())),
        rotations=queries.rotations(council),
        staff=is_secretariat(current_user, council),
        member=can_take_part(current_user, council, today),
        translator=council.is_multilingual and can_translate(current_user, council, today),
    )


@bp.route("/<council_slug>/propose", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("3 per day", methods=["POST"], key_func=_email_key)
@public
def propose(council_slug):
    """Let a resident propose a topic; supporters then sign it online."""
    council = load_council(council_slug)
    form = ResidentTopicForm()
    if form.validate_on_submit():
        if not form_tokens.accept(request.form, _guard_key(council)):
            flash(_("Please take a moment to check the form, then send it again."), "error")
        else:
            topic = topic_services.propose_topic(
                council,
                {
                    "title": form.title.data,
                    "description": form.description.data,
                    "source": TopicSource.RESIDENTS,
                    "proposed_by": form.name.data,
                },
            )
            topic_services.request_support(
                topic, council, form.name.data, form.email.data, _support_link(council)
            )
            flash(_("Thank you. Confirm your own support with the link we emailed you."), "success")
            return redirect(
                url_for("council.topic", council_slug=council.slug, council_topic_id=topic.id)
            )
    form.started.data = form_tokens.issue(_guard_key(council))
    return render_template("council/propose.html", council=council, form=form)


def _support_link(council: Council):
    return lambda token: absolute_url_for(
        "council.confirm", council_slug=council.slug, support_token=token
    )


@bp.route("/<council_slug>/topics/<int:council_topic_id>")
@public
def topic(council_slug, council_topic_id):
    """Show a proposal and how much support it has."""
    council = load_council(council_slug)
    item = child_of(CouncilTopic, council_topic_id, council)
    return _topic_page(council, item, SupportForm())


@bp.route("/<council_slug>/topics/<int:council_topic_id>/support", methods=["POST"])
@limiter.limit("30 per hour")
@limiter.limit("10 per day", key_func=_email_key)
@public
def support(council_slug, council_topic_id):
    """Send a supporter the link that confirms their support."""
    council = load_council(council_slug)
    item = child_of(CouncilTopic, council_topic_id, council)
    form = SupportForm()
    if not form.validate_on_submit():
        # The errors show next to the fields, with what was typed.
        return _topic_page(council, item, form)
    if not form_tokens.accept(request.form, _guard_key(council)):
        flash(TOO_QUICK, "error")
        return _topic_page(council, item, form)
    if item.status is not TopicStatus.GATHERING or item.source is not TopicSource.RESIDENTS:
        flash(_("This proposal is not gathering support."), "error")
    else:
        topic_services.request_support(
            item, council, form.name.data, form.email.data, _support_link(council)
        )
        # The same answer whether or not the address had signed, so nobody can probe who did.
        flash(_("Check your inbox: your support counts once you follow the link."), "success")
    return redirect(url_for("council.topic", council_slug=council.slug, council_topic_id=item.id))


def _topic_page(council: Council, item: CouncilTopic, form: SupportForm):
    """Show the proposal with the support form as sent, and a fresh token to send it again."""
    form.started.data = form_tokens.issue(_guard_key(council))
    texts = topic_in(council, item, str(get_locale()))
    return render_template(
        "council/topic.html", council=council, topic=item, form=form, texts=texts
    )


@bp.route("/<council_slug>/confirm/<support_token>", methods=["GET", "POST"])
@public
def confirm(council_slug, support_token):
    """Confirm a support with the emailed link (a button, so link scanners do not count)."""
    council = load_council(council_slug)
    found = topic_services.support_for_token(support_token)
    item = db.session.get(CouncilTopic, found.topic_id) if found else None
    if item is None or item.council_id != council.id:
        return render_template("council/confirm.html", council=council, topic=None, form=None), 404
    form = EmptyForm()
    if form.validate_on_submit():
        topic_services.confirm_support(found, council)
        flash(_("Your support is counted. Thank you."), "success")
        return redirect(
            url_for("council.topic", council_slug=council.slug, council_topic_id=item.id)
        )
    return render_template(
        "council/confirm.html", council=council, topic=item, form=form, done=found.confirmed_at
    )


@bp.route("/<council_slug>/meetings/<int:council_meeting_id>")
@public
def meeting(council_slug, council_meeting_id):
    """Show a council meeting: its agenda, its decisions and, once published, its minutes."""
    council = load_council(council_slug)
    item = child_of(CouncilMeeting, council_meeting_id, council)
    results = {b.id: ballot_services.ballot_result(b) for b in item.ballots if b.closed_at}
    texts = meeting_in(council, item, str(get_locale()))
    return render_template(
        "council/meeting.html", council=council, meeting=item, results=results, texts=texts
    )


@bp.route("/<council_slug>/draws/<int:council_rotation_id>.json")
@public
def record(council_slug, council_rotation_id):
    """Download the selection engine's audit record of a draw."""
    council = load_council(council_slug)
    rotation = child_of(CouncilRotation, council_rotation_id, council)
    response = jsonify(rotation.record or {"explanation": rotation.explanation})
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{council.slug}-{rotation.held_on.isoformat()}.json"'
    )
    return response


from facilitate.council import optin_views  # noqa: E402, F401
