"""What a finished run shows: the panel against the quotas, the chances, the record."""

import json
import statistics

from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, PanelSeat, Registrant, RegistrantAnswer, SelectionRun

HISTOGRAM_BINS = 10


def _panel_counts(run: SelectionRun) -> dict[int, int]:
    """Count seats per value: the run's own panel, or after a replacement the whole panel."""
    query = (
        select(RegistrantAnswer.value_id, db.func.count())
        .join(PanelSeat, PanelSeat.registrant_id == RegistrantAnswer.registrant_id)
        .group_by(RegistrantAnswer.value_id)
    )
    if run.kind == "replacement":
        query = query.where(
            PanelSeat.assembly_id == run.assembly_id, PanelSeat.dropped_at.is_(None)
        )
    else:
        # Reserves seated later share the run: count the panel as the draw made it.
        query = query.where(PanelSeat.run_id == run.id, PanelSeat.replaces_id.is_(None))
    return dict(db.session.execute(query).all())


def composition(run: SelectionRun, assembly: Assembly) -> list[dict]:
    """Per category, the seats each value got against its min and max."""
    counts = _panel_counts(run)
    return [
        {
            "category": category,
            "rows": [
                {
                    "value": value,
                    "count": counts.get(value.id, 0),
                    "met": value.min_seats <= counts.get(value.id, 0) <= value.max_seats,
                }
                for value in category.values
            ],
        }
        for category in assembly.categories
    ]


def histogram(probabilities: list[float], bins: int = HISTOGRAM_BINS) -> list[dict]:
    """Count people per probability band, from 0 to the largest probability."""
    top = max(probabilities, default=0.0) or 1.0
    width = top / bins
    counts = [0] * bins
    for p in probabilities:
        counts[min(int(p / width), bins - 1)] += 1
    return [
        {"low": round(i * width * 100, 2), "high": round((i + 1) * width * 100, 2), "count": c}
        for i, c in enumerate(counts)
    ]


def chances(probabilities: list[float]) -> dict:
    """Return the lowest, median and highest chance, and their histogram."""
    return {
        "min": min(probabilities, default=0.0),
        "median": statistics.median(probabilities) if probabilities else 0.0,
        "max": max(probabilities, default=0.0),
        "histogram": histogram(probabilities),
    }


def describe(data: dict) -> dict:
    """Return what a stored run output shows besides the panel: chances, record, lottery."""
    record = data["record"]
    return {
        **chances(list(record["probabilities"].values())),
        "record": record,
        "lottery": data.get("lottery"),
        "stats": data.get("stats", {}),
        "reserves": record.get("reserves"),
    }


def summarise(run: SelectionRun, assembly: Assembly) -> dict:
    """Return what the result pages show (no personal data: references only)."""
    return {**describe(json.loads(run.record)), "composition": composition(run, assembly)}


def panel_table(run: SelectionRun, assembly: Assembly):
    """The drawn members with their contact details and answers, for organisers."""
    seats = db.session.scalars(
        select(PanelSeat).filter_by(run_id=run.id).order_by(PanelSeat.id)
    ).all()
    names = {v.id: v.name for c in assembly.categories for v in c.values}
    header = ["reference", "first_name", "last_name", "email", "phone", "address", "postcode"]
    header += [c.name for c in assembly.categories]

    def rows():
        for seat in seats:
            person: Registrant = seat.registrant
            answers = {a.category_id: names.get(a.value_id, "") for a in person.answers}
            yield [
                person.reference,
                person.first_name,
                person.last_name,
                person.email,
                person.phone,
                person.address,
                person.postcode,
                *(answers.get(c.id, "") for c in assembly.categories),
            ]

    return header, rows()
