"""Record the authority's answers and the implementation updates; they flush, views commit."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from facilitate import local_time
from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    AuthorityResponse,
    ImplementationUpdate,
    Recommendation,
    RecommendationStatus,
    ResponseStatus,
    User,
)
from facilitate.refusals import Refused
from facilitate.responses import deadlines

#: Implementation update kinds; "review" marks the implementation review meeting.
UPDATE_STATUSES = ("in_progress", "completed", "stalled", "review")


class ResponseRefused(Refused):
    """The answer cannot be recorded as given; the message says why."""


def final_recommendations(assembly: Assembly) -> list[Recommendation]:
    """Return the assembly's final recommendations with everything the pages show, in 3 queries."""
    return list(
        db.session.scalars(
            select(Recommendation)
            .where(
                Recommendation.assembly_id == assembly.id,
                Recommendation.status == RecommendationStatus.FINAL,
            )
            .options(
                selectinload(Recommendation.versions),
                selectinload(Recommendation.response).selectinload(AuthorityResponse.updates),
            )
            .order_by(Recommendation.number)
        )
    )


def record_response(
    recommendation: Recommendation,
    status: ResponseStatus,
    justification: str,
    responded_on: date,
    user: User,
) -> AuthorityResponse:
    """Record (or correct) the authority's answer; a rejection must say why."""
    justification = (justification or "").strip()
    if status is ResponseStatus.REJECTED and not justification:
        raise ResponseRefused(_("A rejection needs a justification."))
    if recommendation.status is not RecommendationStatus.FINAL:
        raise ResponseRefused(_("Only final recommendations get an answer."))
    response = recommendation.response or AuthorityResponse(recommendation=recommendation)
    before = (
        {"status": response.status.value, "justification": response.justification}
        if response.status is not None
        else None
    )
    response.status = status
    response.justification = justification
    response.responded_on = responded_on
    response.recorded_by_id = user.id
    db.session.add(response)
    record_action(
        user,
        "response.record",
        recommendation.assembly_id,
        f"recommendation:{recommendation.number}",
        before=before,
        after={"status": status.value, "justification": justification},
    )
    db.session.flush()
    return response


def add_update(response: AuthorityResponse, data: dict, user: User) -> ImplementationUpdate:
    """Add a dated implementation update to an answer."""
    if data["status"] not in UPDATE_STATUSES:
        raise ResponseRefused(_("Unknown update status."))
    update = ImplementationUpdate(
        response=response,
        on=data["on"],
        status=data["status"],
        progress=data["progress"],
        text=data["text"].strip(),
        link=(data.get("link") or "").strip(),
        recorded_by_id=user.id,
    )
    db.session.add(update)
    record_action(
        user,
        "response.update",
        response.recommendation.assembly_id,
        f"recommendation:{response.recommendation.number}",
        after={"status": data["status"], "progress": data["progress"]},
    )
    db.session.flush()
    return update


def answered_on(recommendations: list[Recommendation]) -> date | None:
    """The day the last final recommendation got a definite answer (None while any is open)."""
    days = []
    for recommendation in recommendations:
        response = recommendation.response
        if response is None or response.status is ResponseStatus.UNDER_CONSIDERATION:
            return None
        days.append(response.responded_on)
    return max(days) if days else None


def reviewed_on(recommendations: list[Recommendation]) -> date | None:
    """The first implementation review recorded for the assembly, if any."""
    days = [
        update.on
        for r in recommendations
        if r.response
        for update in r.response.updates
        if update.status == "review"
    ]
    return min(days) if days else None


def follow_up(assembly: Assembly, recommendations, today: date | None = None) -> dict:
    """Return the response and review deadlines of an assembly with their state on `today`.

    `today` defaults to the date in the assembly's zone: a deadline passes at its midnight.
    """
    today = today or local_time.today(assembly)
    response = deadlines.response_deadline(assembly, answered_on(recommendations))
    review = deadlines.review_deadline(assembly, reviewed_on(recommendations))
    return {
        "response": response,
        "review": review,
        "response_state": response.state(today) if response else None,
        "review_state": review.state(today) if review else None,
    }
