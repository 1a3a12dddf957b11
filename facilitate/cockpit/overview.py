"""One line per assembly for the organiser's dashboard: stage, next deadline, blockers."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from facilitate.cockpit.checklist import Item, blockers
from facilitate.cockpit.stages import current_stage
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus
from facilitate.models.sittings import Sitting


@dataclass(frozen=True)
class Deadline:
    label: object
    due: date


@dataclass(frozen=True)
class Overview:
    stage: str
    deadline: Deadline | None
    blockers: list[Item]


def next_deadline(assembly: Assembly, now: datetime) -> Deadline | None:
    """Return the next dated thing the organiser works towards: a sitting or an answer due."""
    from facilitate.responses.deadlines import response_deadline, review_deadline

    if assembly.status is AssemblyStatus.CLOSED:
        return None
    found: list[Deadline] = []
    starts = db.session.scalar(
        select(func.min(Sitting.starts_at)).where(
            Sitting.assembly_id == assembly.id, Sitting.starts_at > now
        )
    )
    if starts is not None:
        found.append(Deadline(_l("Next sitting"), starts.date()))
    answered = assembly.status is AssemblyStatus.ANSWERED
    for deadline, label in (
        (None if answered else response_deadline(assembly, None), _l("The authority's answer due")),
        (review_deadline(assembly, None), _l("Implementation review due")),
    ):
        if deadline is not None and deadline.due >= now.date():
            found.append(Deadline(label, deadline.due))
    return min(found, key=lambda d: d.due, default=None)


def overview_of(assembly: Assembly, now: datetime | None = None) -> Overview:
    """Return the assembly's stage, next deadline and what blocks its current stage."""
    now = now or datetime.now(UTC)
    stage = current_stage(assembly)
    return Overview(stage, next_deadline(assembly, now), blockers(assembly, stage))
