"""The public record of the draws: the main draw stays the record; each replacement is its own.

Only succeeded runs are public, and only their sealed records and what can be derived from
them, plus why each replacement draw was made, in words chosen here: an organiser's own note
about someone who left may be personal and never leaves the app.
"""

import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from facilitate.extensions import db
from facilitate.models import Assembly, PanelSeat, RunStatus, SelectionRun
from facilitate.selection import reports

#: The drop reasons the app itself writes (members.services.MEMBER_STATUS_REASON), as public
#: codes; anything an organiser typed is published as "left".
REASON_CODES = {"declined the invitation": "declined", "withdrew": "withdrew"}
REASON_LABELS = {
    "declined": _l("declined the invitation"),
    "withdrew": _l("withdrew"),
    "left": _l("left the panel"),
}


def public_draws(assembly: Assembly) -> list[SelectionRun]:
    """Return the main draw, then each replacement draw made after it, oldest first."""
    runs = db.session.scalars(
        select(SelectionRun)
        .where(SelectionRun.assembly_id == assembly.id, SelectionRun.status == RunStatus.SUCCEEDED)
        .order_by(SelectionRun.id)
    ).all()
    main = next((r for r in reversed(runs) if r.kind != "replacement"), None)
    if main is None:
        return []
    return [main] + [r for r in runs if r.kind == "replacement" and r.id > main.id]


def main_draw(assembly: Assembly) -> SelectionRun | None:
    """Return the draw that chose the panel: the assembly's record, whatever came after."""
    draws = public_draws(assembly)
    return draws[0] if draws else None


def public_draw(assembly: Assembly, run_id: int) -> SelectionRun | None:
    """Return one of the assembly's public draws by id, or None."""
    return next((r for r in public_draws(assembly) if r.id == run_id), None)


def _reasons(runs: list[SelectionRun]) -> dict[int, list[str]]:
    """Return, per replacement draw, the public reason of each seat it filled."""
    if not runs:
        return {}
    vacated = aliased(PanelSeat)
    rows = db.session.execute(
        select(PanelSeat.run_id, vacated.drop_reason)
        .join(vacated, vacated.id == PanelSeat.replaces_id)
        .where(PanelSeat.run_id.in_([r.id for r in runs]))
        .order_by(PanelSeat.id)
    )
    found: dict[int, list[str]] = {}
    for run_id, reason in rows:
        found.setdefault(run_id, []).append(REASON_CODES.get(reason, "left"))
    return found


def draw_records(assembly: Assembly) -> list[dict]:
    """Return each public draw with its record, its link to the main draw, reasons and chances.

    A replacement draw's chances are those of the people it could seat (above 0 %): the
    others were ruled out by the seats' quotas or were already on the panel.
    """
    draws = public_draws(assembly)
    reasons = _reasons(draws[1:])
    out = []
    for number, run in enumerate(draws):
        result = reports.describe(json.loads(run.record))
        probabilities = result["record"]["probabilities"]
        could = [p for p in probabilities.values() if p > 0]
        if number:
            result.update(reports.chances(could))
        out.append(
            {
                "id": run.id,
                "number": number,
                "kind": "selection" if number == 0 else "replacement",
                "main_draw": draws[0].id if number else None,
                "finished_at": run.finished_at,
                "reasons": reasons.get(run.id, []),
                "pool": len(probabilities),
                "could_be_drawn": len(could),
                "result": result,
            }
        )
    return out


def chance_table(draws: list[dict]) -> list[dict]:
    """Return, per reference in the main draw's pool, the chance each draw gave them.

    A replacement draw's chance holds given the panel at the time; it does not add up with
    the main draw's, because who leaves the panel is no lottery. None: not in that draw's
    pool (already seated, or no longer registered).
    """
    if not draws:
        return []
    records = [d["result"]["record"] for d in draws]
    seated = {ref: i for i, record in enumerate(records) for ref in record["panel"]}
    left = {
        ref: i
        for i, record in enumerate(records)
        for ref in record.get("replacement", {}).get("dropouts", [])
    }
    return [
        {
            "reference": ref,
            "chances": [record["probabilities"].get(ref) for record in records],
            "drawn": seated.get(ref),
            "replaced": left.get(ref),
        }
        for ref in sorted(records[0]["probabilities"])
    ]
