"""Council draws as background jobs: start one, accept or decline a relaxation; never commit.

The job (draw_jobs.py) runs `services.run_rotation` on a worker, as assembly draws run on
SelectionRun; the statuses, the stale-run limits and the progress marks are selection's own.
"""

from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from facilitate.audit.services import record_action
from facilitate.council import services
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models import RunStatus, User
from facilitate.models.council import Council, CouncilDraw, CouncilRotation
from facilitate.selection.services import HEARTBEAT_LOST, QUEUE_LOST, mark

#: The name under which facilitate/jobs.py lists the council draw job.
JOB = "council.draw"
#: How far ahead a draw may be dated: enough to tell those drawn before their term starts.
DRAW_AHEAD_DAYS = 31


def draws_of(council: Council, limit: int = 10) -> list[CouncilDraw]:
    """Return the council's latest draws, newest first."""
    return list(
        db.session.scalars(
            db.select(CouncilDraw)
            .filter_by(council_id=council.id)
            .order_by(CouncilDraw.id.desc())
            .limit(limit)
        )
    )


def pending_draw(council: Council) -> CouncilDraw | None:
    """Return the draw that is queued, running or waiting for a relaxation to be accepted."""
    return next((d for d in draws_of(council) if d.active or d.waiting), None)


def start_draw(
    council: Council, on: date, seed: int, *, actor: User | None, today: date | None = None
) -> CouncilDraw:
    """Queue the draw for `on`; the caller enqueues the job (jobs.enqueue(JOB, draw.id)).

    `today` is the council's date when the draw is asked for (default: the server's).
    """
    expire_stale_draws(council)
    if db.session.scalar(
        db.select(CouncilRotation.id).filter_by(council_id=council.id, held_on=on)
    ):
        raise CouncilRefused([_("A draw was already held on %(d)s.", d=on.isoformat())])
    if pending_draw(council) is not None:
        raise CouncilRefused([_("Another draw of this council is running or waiting for you.")])
    check_draw_date(council, on, today or date.today())
    draw = CouncilDraw(
        council_id=council.id,
        held_on=on,
        seed=str(seed),
        requested_by_id=actor.id if actor else None,
    )
    try:
        # A savepoint: the database, not the check above, keeps one active draw per council.
        with db.session.begin_nested():
            db.session.add(draw)
    except IntegrityError:
        raise CouncilRefused([_("Another draw of this council is running.")]) from None
    record_action(actor, "council.draw", target=target(draw, council), after={"on": on})
    return draw


def check_draw_date(council: Council, on: date, today: date) -> None:
    """Refuse a draw that would change nothing on `on`, or is dated too far ahead of `today`."""
    if on > today + timedelta(days=DRAW_AHEAD_DAYS):
        raise CouncilRefused(
            [
                _(
                    "A draw can be dated at most %(n)d days ahead: %(d)s is too far. Hold it "
                    "nearer the date.",
                    n=DRAW_AHEAD_DAYS,
                    d=on.isoformat(),
                )
            ]
        )
    sitting = services.sitting_terms(council, on)
    if any(t.ends_on <= on for t in sitting):
        return
    if len(sitting) < council.seats:
        if services.eligible_pool(council, on):
            return
        raise CouncilRefused(
            [
                _(
                    "%(e)d seats are empty on %(d)s but nobody in the pool can be drawn: add "
                    "people to the pool first.",
                    e=council.seats - len(sitting),
                    d=on.isoformat(),
                )
            ]
        )
    due = services.next_rotation_on(council, today)
    raise CouncilRefused(
        [
            _(
                "Nothing is due on %(d)s: every seat is filled and no term ends by then. "
                "The next draw is due on %(n)s.",
                d=on.isoformat(),
                n=due.isoformat() if due else "—",
            )
        ]
    )


def accept_relaxation(draw: CouncilDraw, *, actor: User) -> None:
    """Accept the proposed relaxation and queue the draw again with it (caller enqueues)."""
    if not draw.waiting:
        raise CouncilRefused([_("This draw is not waiting for a decision.")])
    draw.accepted_at = datetime.now(UTC)
    draw.accepted_by_id = actor.id
    mark(draw, status=RunStatus.QUEUED, progress=0, message="", finished_at=None)
    record_action(
        actor,
        "council.draw.relax",
        target=target(draw),
        after={k: draw.proposal.get(k) for k in ("changes", "without_quotas")},
    )


def decline_relaxation(draw: CouncilDraw, *, actor: User) -> None:
    """Refuse the proposed relaxation: the draw ends and no seat changes."""
    if not draw.waiting:
        raise CouncilRefused([_("This draw is not waiting for a decision.")])
    mark(draw, status=RunStatus.FAILED, error="The secretariat declined the relaxation.")
    record_action(actor, "council.draw.decline", target=target(draw))


def expire_stale_draws(council: Council, now: datetime | None = None) -> int:
    """Mark draws whose process died, or whose job was lost, as failed; return how many."""
    now = now or datetime.now(UTC)
    stale = 0
    for draw in draws_of(council):
        if draw.status is RunStatus.RUNNING:
            if (draw.heartbeat_at or draw.started_at or draw.created_at) >= now - HEARTBEAT_LOST:
                continue
            reason = "Interrupted: the process running the draw stopped. Nothing changed."
        elif draw.status is RunStatus.QUEUED and draw.created_at < now - QUEUE_LOST:
            reason = "Never started: the queued job was lost. Nothing changed."
        else:
            continue
        mark(draw, status=RunStatus.FAILED, error=reason, message="")
        stale += 1
    return stale


def target(draw: CouncilDraw, council: Council | None = None) -> str:
    """Name the draw in the audit log."""
    council = council or db.session.get(Council, draw.council_id)
    return f"council:{council.slug} draw:{draw.id}"
