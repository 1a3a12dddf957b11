"""Start selection runs, record their panels, and accept a proposed relaxation."""

import json
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from facilitate import jobs
from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    PanelSeat,
    QuotaCategory,
    QuotaValue,
    Registrant,
    RegistrantStatus,
    RunStatus,
    SelectionRun,
    User,
)
from facilitate.refusals import Refused

#: A running draw writes a heartbeat every few seconds (selection/jobs.py); silence this long
#: means the process running it died (killed worker, restarted server).
HEARTBEAT_LOST = timedelta(minutes=2)
#: A queued draw no worker has picked up in this long was lost with its queue (Redis
#: restarted or was down when it was queued).
QUEUE_LOST = timedelta(minutes=15)
#: With RQ, a queued draw whose job Redis no longer holds is lost at once; this grace covers
#: the moment between the commit and the job leaving.
QUEUE_CHECK = timedelta(minutes=1)


class RunAlreadyActive(RuntimeError):
    """Another run of this assembly is queued or running."""

    def __init__(self, run: SelectionRun):
        super().__init__(f"run {run.id} is active")
        self.run = run


def active_run(assembly: Assembly) -> SelectionRun | None:
    return db.session.scalar(
        select(SelectionRun).where(
            SelectionRun.assembly_id == assembly.id,
            SelectionRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
        )
    )


def panel_seats(assembly: Assembly, include_dropped: bool = False) -> list[PanelSeat]:
    """Return the seats of the panel, in the order they were filled."""
    query = select(PanelSeat).filter_by(assembly_id=assembly.id).order_by(PanelSeat.id)
    if not include_dropped:
        query = query.where(PanelSeat.dropped_at.is_(None))
    return list(db.session.scalars(query))


def drop_out(seat: PanelSeat, reason: str) -> None:
    """Record that a member has left the panel; the seat waits for a replacement."""
    seat.dropped_at = datetime.now(UTC)
    seat.drop_reason = reason[:200]
    db.session.flush()


def vacant_seats(assembly: Assembly) -> list[PanelSeat]:
    """Return dropped seats that no later seat replaces yet."""
    seats = panel_seats(assembly, include_dropped=True)
    replaced = {s.replaces_id for s in seats if s.replaces_id}
    return [s for s in seats if s.dropped_at and s.id not in replaced]


def start_run(assembly: Assembly, user: User, data: dict) -> SelectionRun:
    """Add a queued run; the database refuses a second active one (RunAlreadyActive).

    The caller commits before queuing the job, which reads the row on another connection.
    """
    options = {"public_random": data.get("public_random") or None, "households": data["households"]}
    if data.get("reserves"):
        # Read by the job (selection/jobs.py) and recorded in the draw's audit record.
        options["reserves"] = data["reserves"]
        options["dropout"] = {"default": (data.get("dropout") or 0) / 100}
    run = SelectionRun(
        assembly_id=assembly.id,
        kind=data.get("kind", "selection"),
        algorithm=data["algorithm"],
        seed=str(data["seed"]),
        panels=data.get("panels", 1000),
        requested_by_id=user.id,
        options=json.dumps(options),
    )
    expire_stale_runs(assembly)  # a dead run must never block the next draw
    try:
        # A savepoint, so that a refused insert leaves the caller's transaction usable.
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        raise RunAlreadyActive(active_run(assembly)) from None
    record_action(user, f"selection.{run.kind}", assembly, target=f"run:{run.id}")
    return run


def options_of(run: SelectionRun) -> dict:
    """Return the options stored with the run when it was started."""
    try:
        return json.loads(run.options or "{}")
    except ValueError:
        return {}


def record_panel(run: SelectionRun, references: list[str], replaces: dict[str, int] | None = None):
    """Seat the drawn people and mark them selected (same transaction as the run's success)."""
    people = dict(
        db.session.execute(
            select(Registrant.reference, Registrant.id).where(
                Registrant.assembly_id == run.assembly_id, Registrant.reference.in_(references)
            )
        ).all()
    )
    for reference in references:
        db.session.add(
            PanelSeat(
                assembly_id=run.assembly_id,
                run_id=run.id,
                registrant_id=people[reference],
                replaces_id=(replaces or {}).get(reference),
            )
        )
    db.session.execute(
        update(Registrant)
        .where(Registrant.id.in_(people.values()))
        .values(status=RegistrantStatus.SELECTED)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def apply_relaxation(assembly: Assembly, changes: list[dict], *, actor: User | None) -> int:
    """Set the proposed min/max for each changed quota; return how many changed."""
    values = {
        (v.category.name, v.name): v
        for v in db.session.scalars(
            select(QuotaValue).join(QuotaCategory).where(QuotaCategory.assembly_id == assembly.id)
        )
    }
    changed = 0
    for change in changes:
        value = values.get((change["category"], change["value"]))
        if value is None:
            continue
        value.min_seats, value.max_seats = change["new_min"], change["new_max"]
        changed += 1
    db.session.flush()
    record_action(actor, "selection.relax", assembly, after={"changes": changes})
    return changed


def mark(run: SelectionRun, **fields) -> None:
    """Update a run's progress fields."""
    for name, value in fields.items():
        setattr(run, name, value)
    if fields.get("status") in (RunStatus.SUCCEEDED, RunStatus.FAILED):
        run.finished_at = datetime.now(UTC)
    db.session.flush()


def expire_stale_runs(assembly: Assembly | None = None, now: datetime | None = None) -> list:
    """Mark runs whose process died, or whose job was lost, as failed; return them.

    Of one assembly, or of all when none is given (/health and `flask jobs reap`). Safe to run
    from any number of places at once: each run is failed by a conditional update.
    """
    now = now or datetime.now(UTC)
    active = select(SelectionRun).where(
        SelectionRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING])
    )
    if assembly is not None:
        active = active.where(SelectionRun.assembly_id == assembly.id)
    stale = []
    for run in db.session.scalars(active).all():
        reason = _why_dead(run, now)
        if reason and _fail_if(run, reason):
            stale.append(run)
    return stale


def _why_dead(run: SelectionRun, now: datetime) -> str | None:
    """Say why an active run can no longer finish, or None while it may."""
    if run.status is RunStatus.RUNNING:
        last_sign = run.heartbeat_at or run.started_at or run.created_at
        if last_sign < now - HEARTBEAT_LOST:
            return "Interrupted: the process running the draw stopped. Nothing was drawn."
        return None
    if run.created_at >= now - QUEUE_CHECK:
        return None  # its job may be leaving right now, after the commit
    lost = jobs.job_lost(current_app, f"selection.{_job_kind(run)}", (run.id,))
    if lost or (lost is None and run.created_at < now - QUEUE_LOST):
        return "Never started: the queued job was lost. Nothing was drawn."
    return None


def _job_kind(run: SelectionRun) -> str:
    return "replace" if run.kind == "replacement" else "run"


def _fail_if(run: SelectionRun, reason: str) -> bool:
    """Fail the run unless it moved on meanwhile (a worker claimed or finished it)."""
    changed = db.session.execute(
        update(SelectionRun)
        .where(SelectionRun.id == run.id, SelectionRun.status == run.status)
        .values(status=RunStatus.FAILED, error=reason, message="", finished_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(run)
    return changed == 1


def cancel_run(run: SelectionRun, actor: User) -> None:
    """Stop a queued or running draw; a result that arrives later is dropped, not recorded."""
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        raise RunNotActive()
    mark(run, status=RunStatus.FAILED, error="Cancelled by an organiser. Nothing was drawn.")
    record_action(actor, f"selection.{run.kind}.cancel", run.assembly_id, target=f"run:{run.id}")


class RunNotActive(Refused):
    """Only a queued or running draw can be cancelled."""

    def __init__(self) -> None:
        super().__init__(_("This draw has already finished."))
