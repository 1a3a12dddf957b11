"""The selection job: runs outside the request, records progress, leaves no half-drawn panel."""

import json
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.exc import InterfaceError, OperationalError

from facilitate.extensions import db
from facilitate.jobs import is_retry
from facilitate.models import Assembly, RegistrantStatus, RunStatus, SelectionRun
from facilitate.selection import services
from facilitate.selection.engine import pool_instance
from facilitate.selection.reserves import record_reserves
from facilitate.sortition import InfeasibleError, InputError, draw_replacements, select_panel
from facilitate.sortition.model import Instance

log = logging.getLogger(__name__)

#: Seconds between two signs of life from a running draw (see services.HEARTBEAT_LOST).
HEARTBEAT_SECONDS = 10


def _claim(run_id: int) -> bool:
    """Move the run from queued to running; only one worker can win.

    An RQ retry of the same job may also take back a running run: RQ retries only once the
    attempt before it has died, and that attempt is the one that claimed it.
    """
    claimable = [RunStatus.QUEUED, RunStatus.RUNNING] if is_retry() else [RunStatus.QUEUED]
    claimed = db.session.execute(
        update(SelectionRun)
        .where(SelectionRun.id == run_id, SelectionRun.status.in_(claimable))
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


class RunStopped(Exception):
    """The run was cancelled, expired or finished while it ran: its result is not recorded."""


@dataclass(frozen=True)
class Plan:
    """All a draw needs, read in one short transaction, in plain values the solver can use."""

    run_id: int
    assembly_id: int
    slug: str
    algorithm: str
    seed: int
    panels: int
    options: dict
    instance: Instance
    #: Replacements: everyone seated or vacated, the vacated, and each one's seat.
    current: tuple[str, ...] = ()
    dropouts: tuple[str, ...] = ()
    seats: tuple[tuple[str, int], ...] = ()


def run_selection(run_id: int) -> None:
    """Draw the panel for a queued run and record it, or record why it failed."""
    _run(run_id, replacement=False)


def run_replacement(run_id: int) -> None:
    """Fill the vacant seats from the remaining pool and record it, or record the failure."""
    _run(run_id, replacement=True)


def _run(run_id: int, replacement: bool) -> None:
    """Claim the run; read, compute and write with a heartbeat; record the outcome whatever it is.

    No transaction stays open while the solver works: a database restarted meanwhile costs
    nothing, and the result is written in one short transaction that checks the run is still
    running and its pool unchanged.
    """
    if not _claim(run_id):
        return
    try:
        with _alive(run_id):
            plan = _read(run_id, replacement)
            result = _compute(plan)
            _record(plan, result)
    except RunStopped:
        db.session.rollback()
        log.warning("run %s was stopped while drawing; its result is dropped", run_id)
    except (InfeasibleError, InputError) as refused:
        _fail(run_id, str(refused))
    except Exception as error:
        log.exception("run %s failed", run_id)
        _fail(run_id, f"Unexpected error: {type(error).__name__}. Nothing was drawn.")


def _read(run_id: int, replacement: bool) -> Plan:
    """Read the run and its pool, then end the transaction and let go of the connection."""
    run = db.session.get(SelectionRun, run_id)
    assembly = db.session.get(Assembly, run.assembly_id)
    plan = _plan(run, assembly, replacement)
    services.mark(run, progress=15, message=f"{len(plan.instance.people)} people in the pool")
    # The commit ends the transaction and hands the connection back to the pool; the plan
    # holds plain values only, so nothing below reopens one until the result is written.
    db.session.commit()
    return plan


def _plan(run: SelectionRun, assembly: Assembly, replacement: bool) -> Plan:
    options = services.options_of(run)
    households = bool(options.get("households"))
    fields = {
        "run_id": run.id,
        "assembly_id": assembly.id,
        "slug": assembly.slug,
        "algorithm": run.algorithm,
        "seed": int(run.seed),
        "panels": run.panels,
        "options": options,
    }
    if not replacement:
        return Plan(instance=pool_instance(assembly, households), **fields)
    vacant = services.vacant_seats(assembly)
    if not vacant:
        raise InputError("No seat is waiting for a replacement.")
    current = services.panel_seats(assembly) + vacant
    return Plan(
        instance=pool_instance(
            assembly, households, statuses=(RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED)
        ),
        current=tuple(sorted(seat.registrant.reference for seat in current)),
        dropouts=tuple(seat.registrant.reference for seat in vacant),
        seats=tuple((seat.registrant.reference, seat.id) for seat in current),
        **fields,
    )


def _compute(plan: Plan):
    """Run the engine on plain values: no database here."""
    public_random = plan.options.get("public_random")
    if not plan.dropouts:
        return select_panel(
            plan.instance,
            algorithm=plan.algorithm,
            seed=plan.seed,
            panels=plan.panels,
            public_random=public_random,
            context={"assembly": plan.slug, "run": plan.run_id},
            reserves=plan.options.get("reserves", 0),
            dropout=plan.options.get("dropout"),
        )
    return draw_replacements(
        plan.instance,
        list(plan.current),
        list(plan.dropouts),
        seed=plan.seed,
        panels=plan.panels,
        public_random=public_random,
    )


#: Attempts at writing a computed result when the connection drops (a database restart).
WRITE_ATTEMPTS = 4


def _record(plan: Plan, result) -> None:
    """Write the result, trying again on a dropped connection: the draw is not thrown away."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            _write(plan, result)
            return
        except (OperationalError, InterfaceError):
            db.session.rollback()
            if attempt == WRITE_ATTEMPTS:
                raise
            log.warning("run %s: result not written, trying again", plan.run_id, exc_info=True)
            time.sleep(attempt)


def _write(plan: Plan, result) -> None:
    """Record the result in one short transaction, if the run still runs on the same pool."""
    still_running = db.session.execute(
        update(SelectionRun)
        .where(SelectionRun.id == plan.run_id, SelectionRun.status == RunStatus.RUNNING)
        .values(progress=90, message="Recording the panel")
        .execution_options(synchronize_session=False)
    ).rowcount
    if still_running != 1:
        raise RunStopped(plan.run_id)
    run = db.session.get(SelectionRun, plan.run_id)
    assembly = db.session.get(Assembly, plan.assembly_id)
    if _plan(run, assembly, bool(plan.dropouts)) != plan:
        raise InputError(
            "The pool or the quotas changed while the panel was being drawn. "
            "Nothing was drawn; start the draw again."
        )
    if plan.dropouts:
        seat_of = dict(plan.seats)
        # Each replacement takes the seat of one dropout, in order.
        replaces = {
            new: seat_of[old] for new, old in zip(result.replacements, plan.dropouts, strict=False)
        }
        services.record_panel(run, result.replacements, replaces)
        _invite_replacements(assembly)
    else:
        services.record_panel(run, result.panel)
        record_reserves(run, result.reserves)
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
    """Undo everything the run wrote, then record it as failed unless it ended meanwhile."""
    db.session.rollback()
    db.session.execute(
        update(SelectionRun)
        .where(SelectionRun.id == run_id, SelectionRun.status == RunStatus.RUNNING)
        .values(
            status=RunStatus.FAILED, error=reason[:5000], message="", finished_at=datetime.now(UTC)
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
