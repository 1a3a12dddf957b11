"""The selection job: runs outside the request, records progress, leaves no half-drawn panel."""

import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from facilitate.extensions import db
from facilitate.models import Assembly, RegistrantStatus, RunStatus, SelectionRun
from facilitate.selection import services
from facilitate.selection.engine import pool_instance
from facilitate.sortition import InfeasibleError, InputError, draw_replacements, select_panel

log = logging.getLogger(__name__)

#: A run still "running" after this long was interrupted (its process died).
STALE_AFTER = timedelta(hours=2)


def _claim(run_id: int) -> bool:
    """Move the run from queued to running; only one worker can win."""
    claimed = db.session.execute(
        update(SelectionRun)
        .where(SelectionRun.id == run_id, SelectionRun.status == RunStatus.QUEUED)
        .values(status=RunStatus.RUNNING, started_at=datetime.now(UTC), progress=5)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _progress(run: SelectionRun, percent: int, message: str) -> None:
    services.mark(run, progress=percent, message=message)
    db.session.commit()


def run_selection(run_id: int) -> None:
    """Draw the panel for a queued run and record it, or record why it failed."""
    if not _claim(run_id):
        return
    run = db.session.get(SelectionRun, run_id)
    assembly = db.session.get(Assembly, run.assembly_id)
    options = services.options_of(run)
    try:
        instance = pool_instance(assembly, bool(options.get("households")))
        _progress(run, 15, f"{len(instance.people)} people in the pool")
        result = select_panel(
            instance,
            algorithm=run.algorithm,
            seed=int(run.seed),
            panels=run.panels,
            public_random=options.get("public_random"),
            context={"assembly": assembly.slug, "run": run.id},
        )
        _progress(run, 90, "Recording the panel")
        services.record_panel(run, result.panel)
        _succeed(run, result)
    except (InfeasibleError, InputError) as refused:
        _fail(run_id, str(refused))
    except Exception as error:
        log.exception("selection run %s failed", run_id)
        _fail(run_id, f"Unexpected error: {type(error).__name__}. Nothing was drawn.")


def run_replacement(run_id: int) -> None:
    """Fill the vacant seats from the remaining pool and record it, or record the failure."""
    if not _claim(run_id):
        return
    run = db.session.get(SelectionRun, run_id)
    assembly = db.session.get(Assembly, run.assembly_id)
    options = services.options_of(run)
    try:
        vacant = services.vacant_seats(assembly)
        if not vacant:
            raise InputError("No seat is waiting for a replacement.")
        current = services.panel_seats(assembly) + vacant
        references = {seat.registrant.reference: seat for seat in current}
        dropouts = [seat.registrant.reference for seat in vacant]
        instance = pool_instance(
            assembly,
            bool(options.get("households")),
            statuses=(RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED),
        )
        _progress(run, 15, f"{len(instance.people)} people in the pool")
        result = draw_replacements(
            instance,
            sorted(references),
            dropouts,
            seed=int(run.seed),
            panels=run.panels,
            public_random=options.get("public_random"),
        )
        _progress(run, 90, "Recording the replacements")
        # Each replacement takes the seat of one dropout, in order.
        replaces = {
            new: references[old].id for new, old in zip(result.replacements, dropouts, strict=False)
        }
        services.record_panel(run, result.replacements, replaces)
        _invite_replacements(assembly)
        _succeed(run, result)
    except (InfeasibleError, InputError) as refused:
        _fail(run_id, str(refused))
    except Exception as error:
        log.exception("replacement run %s failed", run_id)
        _fail(run_id, f"Unexpected error: {type(error).__name__}. Nothing was drawn.")


def _succeed(run: SelectionRun, result) -> None:
    """Store a draw's or replacement's result with the run and commit it with its seats."""
    services.mark(
        run,
        status=RunStatus.SUCCEEDED,
        progress=100,
        message="",
        record=json.dumps(result.to_dict(), sort_keys=True),
        min_probability=result.min_marginal,
        seconds=result.seconds,
    )
    db.session.commit()


def _invite_replacements(assembly: Assembly) -> None:
    """Once the panel has been invited, replacements enter the same flow straight away."""
    from flask import current_app, url_for

    from facilitate.members import services as members

    if not members.members_of(assembly):
        return
    # Jobs run outside any request: links are built from the configured public address.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        members.invite_panel(
            assembly, lambda token: url_for("members.respond", invite_token=token, _external=True)
        )


def _fail(run_id: int, reason: str) -> None:
    """Undo everything the run wrote, then record it as failed."""
    db.session.rollback()
    run = db.session.get(SelectionRun, run_id)
    services.mark(run, status=RunStatus.FAILED, error=reason[:5000], message="")
    db.session.commit()


def expire_stale_runs(assembly: Assembly, now: datetime | None = None) -> int:
    """Mark runs whose worker died as failed, so they no longer block a new run."""
    now = now or datetime.now(UTC)
    stale = db.session.scalars(
        select(SelectionRun).where(
            SelectionRun.assembly_id == assembly.id,
            SelectionRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
            SelectionRun.created_at < now - STALE_AFTER,
        )
    ).all()
    for run in stale:
        services.mark(run, status=RunStatus.FAILED, error="Interrupted: the run never finished.")
    return len(stale)
