"""Follow-up deadlines, computed from the hand-over date and the assembly's settings."""

from dataclasses import dataclass
from datetime import date, timedelta

from facilitate.models import Assembly
from facilitate.months import add_months


@dataclass(frozen=True)
class Deadline:
    kind: str  # "response" or "review"
    due: date
    done_on: date | None

    def state(self, today: date) -> str:
        """Return "done", "overdue", "due" (within 14 days) or "upcoming"."""
        if self.done_on is not None:
            return "done"
        if today > self.due:
            return "overdue"
        return "due" if self.due - today <= timedelta(days=14) else "upcoming"


def response_deadline(assembly: Assembly, answered_on: date | None) -> Deadline | None:
    """When the authority must answer (None until the hand-over date is known)."""
    if assembly.handover_on is None:
        return None
    return Deadline(
        "response", assembly.handover_on + timedelta(days=assembly.response_due_days), answered_on
    )


def review_deadline(assembly: Assembly, reviewed_on: date | None) -> Deadline | None:
    """When the implementation review must have taken place."""
    if assembly.handover_on is None:
        return None
    return Deadline(
        "review", add_months(assembly.handover_on, assembly.review_due_months), reviewed_on
    )
