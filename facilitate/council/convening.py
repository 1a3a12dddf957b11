"""Convening an assembly on a chosen topic, its limits, and the follow-up deadlines."""

import contextlib
import re
from datetime import date, timedelta

from flask_babel import gettext as _

from facilitate.assemblies import services as assembly_services
from facilitate.audit.services import record_action
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Recommendation, RecommendationStatus, User
from facilitate.models.council import (
    Council,
    CouncilAssembly,
    CouncilFollowUp,
    CouncilTopic,
    StepKind,
    TopicStatus,
)
from facilitate.months import add_months
from facilitate.quotas import services as quota_services

#: Recruitment: letters go out at once; the draw is three weeks before the first meeting.
REPLY_WEEKS = 4
DRAW_WEEKS = 3


def convening_problems(council: Council, panel_size: int, meetings: list[date], today: date):
    """Return why an assembly with these meetings cannot be convened (empty: it can)."""
    problems = []
    if not council.min_panel_size <= panel_size <= council.max_panel_size:
        problems.append(
            _(
                "The panel must have between %(a)d and %(b)d members.",
                a=council.min_panel_size,
                b=council.max_panel_size,
            )
        )
    if len(meetings) < council.min_meetings:
        problems.append(_("Plan at least %(n)d meetings.", n=council.min_meetings))
    if not meetings:
        return problems
    first, last = min(meetings), max(meetings)
    if first <= today + timedelta(weeks=REPLY_WEEKS + DRAW_WEEKS):
        problems.append(
            _(
                "The first meeting must be more than %(w)d weeks away, to invite and draw members.",
                w=REPLY_WEEKS + DRAW_WEEKS,
            )
        )
    if last > add_months(first, council.meeting_window_months):
        problems.append(
            _(
                "All meetings must fall within %(m)d months of the first.",
                m=council.meeting_window_months,
            )
        )
    for election in council.elections:
        start = add_months(election.held_on, -council.election_blackout_months)
        clashes = [d for d in meetings if start <= d <= election.held_on]
        if clashes:
            problems.append(
                _(
                    "No assembly may meet from %(s)s to the election on %(e)s; "
                    "move the meeting on %(d)s.",
                    s=start.isoformat(),
                    e=election.held_on.isoformat(),
                    d=clashes[0].isoformat(),
                )
            )
    year = first.year
    count = sum(
        1
        for c in convened_assemblies(council)
        if c.meeting_dates and c.meeting_dates[0][:4] == str(year)
    )
    if count >= council.assemblies_per_year:
        problems.append(
            _(
                "%(y)d already has %(n)d assemblies; the council may convene at most %(m)d a year.",
                y=year,
                n=count,
                m=council.assemblies_per_year,
            )
        )
    return problems


def convened_assemblies(council: Council) -> list[CouncilAssembly]:
    """Return the assemblies this council convened, newest first."""
    return list(
        db.session.scalars(
            db.select(CouncilAssembly)
            .filter_by(council_id=council.id)
            .order_by(CouncilAssembly.convened_on.desc(), CouncilAssembly.id.desc())
        )
    )


def _slug_for(topic: CouncilTopic, year: int) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", topic.title.lower()).strip("-")[:60] or "assembly"
    slug, n = f"{base}-{year}", 2
    while assembly_services.slug_taken(slug):
        slug, n = f"{base}-{year}-{n}", n + 1
    return slug


def convene_assembly(
    council: Council,
    topic: CouncilTopic,
    panel_size: int,
    meetings: list[date],
    today: date,
    user: User,
) -> CouncilAssembly:
    """Create the assembly from the topic, pre-filled from the council's rules, and its follow-up."""
    if topic.status is not TopicStatus.CHOSEN:
        raise CouncilRefused(
            [_("Only a topic the council has chosen can be given to an assembly.")]
        )
    if not topic.mandate.strip():
        raise CouncilRefused([_("Write the council's mandate first.")])
    meetings = sorted(set(meetings))
    problems = convening_problems(council, panel_size, meetings, today)
    if problems:
        raise CouncilRefused(problems)
    first, last = meetings[0], meetings[-1]
    assembly = assembly_services.create_assembly(
        {
            "slug": _slug_for(topic, first.year),
            "title": topic.title,
            "remit": topic.mandate,
            "description": topic.description,
            "language": council.language,
            "panel_size": panel_size,
            "invitation_only": True,
            "recruitment_opens_on": today,
            "recruitment_closes_on": first - timedelta(weeks=DRAW_WEEKS),
            "selection_on": first - timedelta(weeks=DRAW_WEEKS) + timedelta(days=1),
            "first_sitting_on": first,
            "last_sitting_on": last,
            "handover_on": last + timedelta(days=council.handover_within_days),
        },
        user,
    )
    for category, values in council.quota_rules.items():
        quota_services.add_category(
            assembly, category, [(v, float(s)) for v, s in values], actor=user
        )
    quota_services.compute_bounds(assembly, council.quota_tolerance, actor=user)
    # The invitation stage: letters can go out at once, unless the quotas need attention first
    # (then the assembly stays a draft and its page says why).
    with contextlib.suppress(assembly_services.TransitionRefused):
        assembly_services.change_status(
            assembly, AssemblyStatus.RECRUITING, user, note=str(_("Convened by the council"))
        )
    convened = CouncilAssembly(
        council_id=council.id,
        assembly_id=assembly.id,
        topic_id=topic.id,
        convened_on=today,
        meeting_dates=[d.isoformat() for d in meetings],
    )
    handover = last + timedelta(days=council.handover_within_days)
    response = add_months(handover, council.response_within_months)
    review = add_months(response, council.review_within_months)
    convened.steps = [
        CouncilFollowUp(kind=StepKind.HANDOVER, due_on=handover),
        CouncilFollowUp(kind=StepKind.RESPONSE, due_on=response),
        CouncilFollowUp(kind=StepKind.REVIEW, due_on=review),
    ]
    topic.status = TopicStatus.CONVENED
    db.session.add(convened)
    record_action(
        user,
        "council.convene",
        assembly,
        target=f"council:{council.id}/topic:{topic.id}",
        after={"meetings": convened.meeting_dates, "panel_size": panel_size},
    )
    db.session.flush()
    return convened


def record_step(step: CouncilFollowUp, held_on: date, note: str) -> None:
    """Record that a follow-up meeting took place."""
    step.held_on = held_on
    step.note = note.strip()
    db.session.flush()


def recommendation_states(convened: CouncilAssembly) -> list[Recommendation]:
    """Return the assembly's final recommendations with their responses, by number."""
    return list(
        db.session.scalars(
            db.select(Recommendation)
            .filter_by(assembly_id=convened.assembly_id, status=RecommendationStatus.FINAL)
            .order_by(Recommendation.number)
        )
    )


def overdue_steps(council: Council, today: date) -> list[CouncilFollowUp]:
    """Return the follow-up meetings whose deadline passed without them, oldest first."""
    steps = [s for c in convened_assemblies(council) for s in c.steps if s.overdue_on(today)]
    return sorted(steps, key=lambda s: s.due_on)
