"""The pool as a table for organisers' downloads."""

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, Registrant
from facilitate.models.registration_form import BARRIER_LABELS, Barrier
from facilitate.pool.queries import answers_for
from facilitate.registration.questions import answers_by_registrant, barriers_by_registrant

COLUMNS = (
    "reference", "status", "first_name", "last_name", "email", "phone", "address", "postcode",
    "date_of_birth", "household_key", "available", "needs_access", "needs_childcare",
    "needs_interpreting", "dietary", "other_needs", "duplicate_note", "source", "created_at",
)  # fmt: skip


def _barriers_text(barriers: list[tuple[Barrier, str]]) -> str:
    return "; ".join(
        f"{BARRIER_LABELS[kind]}: {detail}" if detail else str(BARRIER_LABELS[kind])
        for kind, detail in barriers
    )


def pool_table(assembly: Assembly, batch: int = 2000):
    """Return the header and a generator of rows, read in batches."""
    categories = assembly.categories
    own = list(assembly.registration_questions)
    names = {v.id: v.name for c in categories for v in c.values}
    header = [
        *COLUMNS,
        *(c.name for c in categories),
        *(q.label for q in own),
        _("What would make it hard to take part"),
    ]

    def rows():
        last_id = 0
        while True:
            chunk = db.session.scalars(
                select(Registrant)
                .where(Registrant.assembly_id == assembly.id, Registrant.id > last_id)
                .order_by(Registrant.id)
                .limit(batch)
            ).all()
            if not chunk:
                return
            ids = [r.id for r in chunk]
            answers = answers_for(ids)
            own_answers = answers_by_registrant(ids)
            barriers = barriers_by_registrant(ids)
            for registrant in chunk:
                values = [getattr(registrant, column) for column in COLUMNS]
                values[1] = registrant.status.value
                yield [
                    *(v.isoformat() if hasattr(v, "isoformat") else v for v in values),
                    *(names.get(answers[registrant.id].get(c.id), "") for c in categories),
                    *(own_answers[registrant.id].get(q.id, "") for q in own),
                    _barriers_text(barriers[registrant.id]),
                ]
            last_id = chunk[-1].id

    return header, rows()
