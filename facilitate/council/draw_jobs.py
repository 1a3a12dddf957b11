"""The council draw job: runs outside the request; seats members, proposes a relaxation, or fails.

Listed in facilitate/jobs.py as "council.draw". A failure leaves the seats as they were: the
rotation is written in the same transaction as the draw's success, or not at all.
"""

import logging
from datetime import UTC, datetime

from sqlalchemy import select, update

from facilitate.audit.services import record_action
from facilitate.council import draws, services
from facilitate.council.services import CouncilRefused, RelaxationNeeded
from facilitate.extensions import db
from facilitate.models import RunStatus, User
from facilitate.models.council import Council, CouncilDraw
from facilitate.selection.services import mark
from facilitate.sortition import InfeasibleError, InputError

log = logging.getLogger(__name__)


def run_council_draw(draw_id: int) -> None:
    """Hold a queued council draw and record its outcome, whatever it is."""
    if not _claim(draw_id):
        return
    draw = db.session.get(CouncilDraw, draw_id)
    council = db.session.get(Council, draw.council_id)
    # A relaxation counts only once a person has accepted it.
    accepted = draw.proposal if draw.accepted_at else None
    try:
        rotation = services.run_rotation(
            council,
            draw.held_on,
            int(draw.seed),
            user=db.session.get(User, draw.requested_by_id) if draw.requested_by_id else None,
            relaxation=accepted,
        )
        _still_running(draw_id)
        mark(draw, status=RunStatus.SUCCEEDED, progress=100, message="", rotation_id=rotation.id)
        db.session.commit()
    except _Stopped:
        db.session.rollback()
        log.warning("council draw %s was stopped while drawing; its result is dropped", draw_id)
    except RelaxationNeeded as needed:
        _wait_for_acceptance(draw_id, needed.proposal)
    except (CouncilRefused, InfeasibleError, InputError) as refused:
        _fail(draw_id, str(refused))
    except Exception as error:
        log.exception("council draw %s failed", draw_id)
        _fail(draw_id, f"Unexpected error: {type(error).__name__}. Nothing changed.")


def _claim(draw_id: int) -> bool:
    """Move the draw from queued to running; only one worker can win."""
    now = datetime.now(UTC)
    claimed = db.session.execute(
        update(CouncilDraw)
        .where(CouncilDraw.id == draw_id, CouncilDraw.status == RunStatus.QUEUED)
        .values(status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress=10)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


class _Stopped(Exception):
    """The draw was marked interrupted while it ran: its result is not recorded."""


def _still_running(draw_id: int) -> None:
    status = db.session.scalar(
        select(CouncilDraw.status).where(CouncilDraw.id == draw_id).with_for_update()
    )
    if status is not RunStatus.RUNNING:
        raise _Stopped(draw_id)


def _wait_for_acceptance(draw_id: int, proposal: dict) -> None:
    """Keep nothing the draw wrote; store the relaxation for a person to accept or decline."""
    db.session.rollback()
    try:
        _still_running(draw_id)
    except _Stopped:
        db.session.rollback()
        return
    draw = db.session.get(CouncilDraw, draw_id)
    mark(
        draw,
        status=RunStatus.SUCCEEDED,
        progress=100,
        message="",
        proposal=proposal,
        accepted_at=None,
        accepted_by_id=None,
    )
    record_action(None, "council.draw.propose", target=draws.target(draw), after=proposal)
    db.session.commit()


def _fail(draw_id: int, reason: str) -> None:
    """Undo everything the draw wrote, then record it as failed."""
    db.session.rollback()
    draw = db.session.get(CouncilDraw, draw_id)
    mark(draw, status=RunStatus.FAILED, error=reason[:5000], message="")
    db.session.commit()
