"""The selection job: runs outside the request, records progress, leaves no half-drawn panel."""

import json
import logging
import threading
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import select, update

from facilitate.extensions import db
from facilitate.models import Assembly, RegistrantStatus, RunStatus, SelectionRun
from facilitate.selection import services
from facilitate.selection.engine import pool_instance
from facilitate.sortition import InfeasibleError, InputError, draw_replacements, select_panel

log = logging.getLogger(__name__)

#: Seconds between two signs of life from a running draw (see services.HEARTBEAT_LOST).
HEARTBEAT_SECONDS = 10


def _claim(run_id: int) -> bool:
    """Move the run from queued to running; only one worker can win."""
    claimed = db.session.execute(
        update(SelectionRun)
        .where(SelectionRun.id == run_id, SelectionRun.status == RunStatus.QUEUED)
        .values(
            status=RunStatus.RUNNING,
            started_at=datetime.now(UTC),
            heartbeat_at=datetime.now(UTC),
            progress=5,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


@contextmanager
def _alive(run_id: int):
    """Write the run's heartbeat from a thread of its own while the solver holds this one."""
    from flask import current_app

    app = current_app._get_current_object()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(HEARTBEAT_SECONDS):
            with app.app_context():
                try:
                    db.session.execute(
                        update(SelectionRun)
                        .where(SelectionRun.id == run_id, SelectionRun.status == RunStatus.RUNNING)
                        .values(heartbeat_at=datetime.now(UTC))
                        .execution_options(synchronize_session=False)
                    )
                    db.session.commit()
                except Exception:  # noqa: BLE001 - a missed beat is retried; the draw goes on
                    db.session.rollback()
                    log.warning("heartbeat of run %s not written", run_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"heartbeat-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _still_running(run_id: int) -> None:
    """Lock the run and refuse to record it if it was cancelled or expired meanwhile."""
    status = db.session.scalar(
        select(SelectionRun.status).where(SelectionRun.id == run_id).with_for_update()
    )
    if status is not RunStatus.RUNNING:
        raise RunStopped(run_id)


class RunStopped(Exception):
    """The run was cancelled or marked interrupted while it ran: its result is not recorded."""


def _progress(run: SelectionRun, percent: int, message: str) -> None:
    services.mark(run, progress=percent, message=message)
    db.session.commit()


def run_selection(run_id: int) -> None:
    """Draw the panel for a queued run and record it, or record why it failed."""
    _run(run_id, _draw_panel)


def run_replacement(run_id: int) -> None:
    """Fill the vacant seats from the remaining pool and record it, or record the failure."""
    _run(run_id, _draw_replacements)


def _run(run_id: int, draw) -> None:
    """Claim the run, draw with a heartbeat, and record the outcome whatever it is."""
    if not _claim(run_id):
        return
    run = db.session.get(SelectionRun, run_id)
    assembly = db.session.get(Assembly, run.assembly_id)
    try:
        with _alive(run_id):
            result = draw(run, assembly, services.options_of(run))
            _still_running(run_id)
            _succeed(run, result)
    except RunStopped:
        db.session.rollback()
        log.warning("run %s was stopped while drawing; its result is dropped", run_id)
    except (InfeasibleError, InputError) as refused:
        _fail(run_id, str(refused))
    except Exception as error:
        log.exception("run %s failed", run_id)
        _fail(run_id, f"Unexpected error: {type(error).__name__}. Nothing was drawn.")


def _draw_panel(run: SelectionRun, assembly: Assembly, options: dict):
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
    return result


def _draw_replacements(run: SelectionRun, assembly: Assembly, options: dict):
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
    return result


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
