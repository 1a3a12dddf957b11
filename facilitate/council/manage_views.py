"""The secretariat's pages: draws, pool, settings, topics, convening, follow-up, meetings."""

import secrets
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate import jobs, local_time
from facilitate.auth.forms import EmptyForm
from facilitate.auth.recent import recent_auth_required
from facilitate.council import ballots as ballot_services
from facilitate.council import convening, draws, queries, services
from facilitate.council import topics as topic_services
from facilitate.council.access import child_of, council_view
from facilitate.council.forms import (
    BallotForm,
    CandidateForm,
    ConveneForm,
    CouncilForm,
    ElectionForm,
    EndTermForm,
    MandateForm,
    MeetingForm,
    OfficialTopicForm,
    RotateForm,
    StaffForm,
    StepForm,
    rules_text,
)
from facilitate.council.manage_pages import fill_ballot_choices, home
from facilitate.council.services import CouncilRefused
from facilitate.council.template_labels import template_labels
from facilitate.extensions import db
from facilitate.languages.services import council_ballot_gaps
from facilitate.models import User
from facilitate.models.council import (
    CouncilDraw,
    CouncilFollowUp,
    CouncilMeeting,
    CouncilTerm,
    CouncilTopic,
    StaffRole,
    TopicSource,
)
from facilitate.selection.progress import progress_response

bp = Blueprint("council_manage", __name__, url_prefix="/council/<council_slug>/manage")
bp.context_processor(template_labels)


def _refused(refused: CouncilRefused) -> None:
    for reason in refused.reasons:
        flash(reason, "error")


@bp.route("/")
@council_view("manage")
def index(council):
    """Show what needs doing: a due draw, overdue follow-up, topics, ballots, meetings."""
    today = date.today()
    ballot_form = BallotForm()
    fill_ballot_choices(council, ballot_form)
    ballots = queries.ballots(council)
    return render_template(
        "council/manage.html",
        council=council,
        today=today,
        next_on=services.next_rotation_on(council, today),
        sitting=services.sitting_terms(council, today),
        pool=services.eligible_pool(council, today),
        timeline=queries.timeline(council, today),
        overdue=convening.overdue_steps(council, today),
        convened=convening.convened_assemblies(council),
        topics=queries.topics(council),
        ballots=ballots,
        results={b.id: ballot_services.ballot_result(b) for b in ballots if b.closed_at},
        waiting={b.id: council_ballot_gaps(council, b) for b in ballots if b.opened_at is None},
        meetings=queries.meetings(council),
        rotations=queries.rotations(council),
        draws=draws.draws_of(council, limit=5),
        rotate_form=RotateForm(),
        topic_form=OfficialTopicForm(),
        ballot_form=ballot_form,
        end_form=EndTermForm(),
        step_form=StepForm(),
    )


@bp.route("/rotate", methods=["POST"])
@council_view("manage")
@recent_auth_required
def rotate(council):
    """Queue the draw for every seat that is empty or whose term ends by the given date."""
    form = RotateForm()
    if not form.validate_on_submit():
        flash(_("Give the date of the draw."), "error")
        return home(council)
    draw = draws.start_draw(
        council,
        form.held_on.data,
        secrets.randbits(63),
        actor=g_user(),
        today=local_time.today(council),
    )
    jobs.enqueue(draws.JOB, draw.id)
    return _draw_page(council, draw)


def _draw_page(council, draw):
    return redirect(
        url_for("council_manage.draw", council_slug=council.slug, council_draw_id=draw.id)
    )


@bp.route("/draws/<int:council_draw_id>")
@council_view("manage")
def draw(council, council_draw_id):
    """Show a draw's progress, the relaxation it waits for, or the seats it filled."""
    found = child_of(CouncilDraw, council_draw_id, council)
    draws.expire_stale_draws(council)
    return render_template("council/draw.html", council=council, draw=found)


@bp.route("/draws/<int:council_draw_id>/status")
@council_view("manage")
def draw_status(council, council_draw_id):
    """Report a draw's progress as JSON, for the progress bar."""
    return progress_response(child_of(CouncilDraw, council_draw_id, council))


@bp.route("/draws/<int:council_draw_id>/accept", methods=["POST"])
@council_view("manage")
@recent_auth_required
def accept_relaxation(council, council_draw_id):
    """Accept the proposed relaxation of the quotas and hold the draw with it."""
    found = child_of(CouncilDraw, council_draw_id, council)
    if EmptyForm().validate_on_submit():
        draws.accept_relaxation(found, actor=g_user())
        jobs.enqueue(draws.JOB, found.id)
    return _draw_page(council, found)


@bp.route("/draws/<int:council_draw_id>/decline", methods=["POST"])
@council_view("manage")
def decline_relaxation(council, council_draw_id):
    """Refuse the proposed relaxation: the draw ends and the seats stay as they are."""
    found = child_of(CouncilDraw, council_draw_id, council)
    if EmptyForm().validate_on_submit():
        draws.decline_relaxation(found, actor=g_user())
        flash(_("The relaxation was declined; no seat changed."), "success")
    return _draw_page(council, found)


def g_user() -> User:
    return current_user._get_current_object()


@bp.route("/settings", methods=["GET", "POST"])
@council_view("manage")
def settings(council):
    """Change the council's rules: seats, terms, rotation, limits, quotas and deadlines."""
    form = CouncilForm(obj=council)
    form.slug.data = council.slug
    if request.method == "GET":
        form.rules.data = rules_text(council.quota_rules)
    if form.validate_on_submit():
        data = {f.name: f.data for f in form if f.name not in ("csrf_token", "rules", "slug")}
        services.update_council(council, {**data, "quota_rules": form.parsed_rules})
        flash(_("The settings were saved."), "success")
        return home(council)
    return render_template(
        "council/form.html",
        form=form,
        council=council,
        staff_form=StaffForm(),
        election_form=ElectionForm(),
    )


@bp.route("/staff", methods=["POST"])
@council_view("manage")
def add_staff(council):
    """Add someone with an account to the secretariat, or as a translator of its texts."""
    form = StaffForm()
    user = None
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(email=form.email.data.strip().lower()))
    if user is None:
        flash(_("There is no account with this email address."), "error")
    elif services.add_staff(council, user, StaffRole(form.role.data)).role is StaffRole.TRANSLATOR:
        flash(_("%(n)s translates the council's texts.", n=user.name), "success")
    else:
        flash(_("%(n)s joined the secretariat.", n=user.name), "success")
    return redirect(url_for("council_manage.settings", council_slug=council.slug))


@bp.route("/elections", methods=["POST"])
@council_view("manage")
def add_election(council):
    """Record an election date (assemblies may not meet in the blackout before it)."""
    form = ElectionForm()
    if form.validate_on_submit():
        services.add_election(council, form.held_on.data, form.name.data)
        flash(_("The election was recorded."), "success")
    else:
        flash(_("Give the election day."), "error")
    return redirect(url_for("council_manage.settings", council_slug=council.slug))


@bp.route("/pool", methods=["GET", "POST"])
@council_view("manage")
def pool(council):
    """List the pool and add someone who agreed to serve (or an appointment)."""
    form = CandidateForm()
    if form.validate_on_submit():
        values = {c: request.form.get(f"value-{c}", "") for c in council.quota_rules}
        valid = all(v in [x for x, _s in council.quota_rules[c]] for c, v in values.items())
        try:
            if not valid:
                raise CouncilRefused([_("Choose a value in every category.")])
            services.add_candidate(council, {**form.data, "values": values})
        except CouncilRefused as refused:
            # Shown again with what was typed, so undo whatever the refused action wrote.
            db.session.rollback()
            _refused(refused)
        else:
            flash(_("%(n)s was added to the pool.", n=form.name.data), "success")
            return redirect(url_for("council_manage.pool", council_slug=council.slug))
    return render_template(
        "council/pool.html",
        council=council,
        form=form,
        pool=services.eligible_pool(council, date.today()),
    )


@bp.route("/terms/<int:council_term_id>/end", methods=["POST"])
@council_view("manage")
def end_term(council, council_term_id):
    """Record that a member left early; the seat shows as empty until the next draw."""
    term = child_of(CouncilTerm, council_term_id, council)
    form = EndTermForm()
    if form.validate_on_submit():
        services.end_term(term, form.left_on.data, form.reason.data, current_user)
        flash(_("The seat is now empty; draw a successor from the pool."), "success")
    return home(council, "#seats")


@bp.route("/topics", methods=["POST"])
@council_view("manage")
def add_topic(council):
    """Record a proposal from a parliamentary group or the government."""
    form = OfficialTopicForm()
    if form.validate_on_submit():
        data = {**form.data, "source": TopicSource(form.source.data)}
        topic_services.propose_topic(council, data)
        flash(_("The proposal is now before the council."), "success")
    else:
        flash(_("Give the proposal a title."), "error")
    return home(council, "#topics")


@bp.route("/topics/<int:council_topic_id>/decline", methods=["POST"])
@council_view("manage")
def decline(council, council_topic_id):
    """Record that the council did not take a proposal up."""
    topic = child_of(CouncilTopic, council_topic_id, council)
    topic_services.decline_topic(topic)
    flash(_("The proposal was marked as not taken up."), "success")
    return home(council, "#topics")


@bp.route("/topics/<int:council_topic_id>/mandate", methods=["GET", "POST"])
@council_view("manage")
def mandate(council, council_topic_id):
    """Write the mandate the council gives the assembly on a chosen topic."""
    topic = child_of(CouncilTopic, council_topic_id, council)
    form = MandateForm(obj=topic)
    if form.validate_on_submit():
        try:
            topic_services.write_mandate(topic, form.mandate.data, current_user)
        except CouncilRefused as refused:
            # Shown again with the mandate as typed, so undo whatever the refused action wrote.
            db.session.rollback()
            _refused(refused)
        else:
            flash(_("The mandate was saved."), "success")
            return redirect(
                url_for(
                    "council_manage.convene", council_slug=council.slug, council_topic_id=topic.id
                )
            )
    return render_template("council/mandate.html", council=council, topic=topic, form=form)


@bp.route("/topics/<int:council_topic_id>/convene", methods=["GET", "POST"])
@council_view("manage")
def convene(council, council_topic_id):
    """Convene an assembly on a chosen topic, pre-filled from the council's rules."""
    topic = child_of(CouncilTopic, council_topic_id, council)
    form = ConveneForm()
    if request.method == "GET":
        form.panel_size.data = max(council.min_panel_size, min(council.max_panel_size, 25))
    problems = []
    if form.validate_on_submit():
        try:
            made = convening.convene_assembly(
                council, topic, form.panel_size.data, form.dates, date.today(), g_user()
            )
        except CouncilRefused as refused:
            # The problems are listed on the form, so undo whatever the refused action wrote.
            db.session.rollback()
            problems = refused.reasons
        else:
            flash(_("The assembly was convened; invitations can go out."), "success")
            return redirect(url_for("assemblies.show", slug=made.assembly.slug))
    return render_template(
        "council/convene.html", council=council, topic=topic, form=form, problems=problems
    )


@bp.route("/follow-up/<int:council_step_id>", methods=["POST"])
@council_view("manage")
def record_step(council, council_step_id):
    """Record that a hand-over, response session or review took place."""
    step = child_of(CouncilFollowUp, council_step_id, council, "convened.council_id")
    form = StepForm()
    if form.validate_on_submit():
        convening.record_step(step, form.held_on.data, form.note.data)
        flash(_("The follow-up meeting was recorded."), "success")
    else:
        flash(_("Give the date it was held."), "error")
    return home(council, "#assemblies")


@bp.route("/meetings/new", methods=["GET", "POST"])
@bp.route("/meetings/<int:council_meeting_id>", methods=["GET", "POST"])
@council_view("manage")
def meeting(council, council_meeting_id=None):
    """Plan a council meeting, write its agenda and publish its minutes."""
    item = child_of(CouncilMeeting, council_meeting_id, council) if council_meeting_id else None
    form = MeetingForm(obj=item)
    if form.validate_on_submit():
        data = {k: v for k, v in form.data.items() if k != "csrf_token"}
        if item is None:
            item = topic_services.schedule_meeting(council, data)
        else:
            topic_services.update_meeting(item, data)
        flash(_("The meeting was saved."), "success")
        return home(council, "#meetings")
    return render_template("council/meeting_form.html", council=council, meeting=item, form=form)


# Routes in sibling modules register on `bp` when imported.
from facilitate.council import ballot_views, pool_views  # noqa: E402, F401
