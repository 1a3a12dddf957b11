"""The pool as a table for organisers' downloads."""

from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, Registrant
from facilitate.pool.queries import answers_for

COLUMNS = (
    "reference", "status", "first_name", "last_name", "email", "phone", "address", "postcode",
    "date_of_birth", "household_key", "available", "needs_access", "needs_childcare",
    "needs_interpreting", "dietary", "other_needs", "duplicate_note", "source", "created_at",
)  # fmt: skip


def pool_table(assembly: Assembly, batch: int = 2000):
    """Return the header and a generator of rows, read in batches."""
    categories = assembly.categories
    names = {v.id: v.name for c in categories for v in c.values}
    header = [*COLUMNS, *(c.name for c in categories)]

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
            answers = answers_for([r.id for r in chunk])
            for registrant in chunk:
                values = [getattr(registrant, column) for column in COLUMNS]
                values[1] = registrant.status.value
                yield [
                    *(v.isoformat() if hasattr(v, "isoformat") else v for v in values),
                    *(names.get(answers[registrant.id].get(c.id), "") for c in categories),
                ]
            last_id = chunk[-1].id

    return header, rows()
