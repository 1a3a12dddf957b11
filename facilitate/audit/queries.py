"""Read the audit log: filtered (views page it with db.paginate), and as rows for a download."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models.audit import AuditEntry

PAGE_SIZE = 50


@dataclass
class Criteria:
    """Filters read from the query string; bad values are ignored, never an error."""

    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None
    assembly: str = ""

    @classmethod
    def from_args(cls, args) -> "Criteria":
        return cls(
            action=args.get("action", "").strip()[:64],
            actor=args.get("actor", "").strip()[:254],
            since=_date(args.get("since")),
            until=_date(args.get("until")),
            assembly=args.get("assembly", "").strip()[:100],
        )


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def filtered(criteria: Criteria, assembly: Assembly | None = None) -> Select:
    """Return the query for matching entries, newest first (one assembly, or all)."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if assembly is not None:
        query = query.where(AuditEntry.assembly_id == assembly.id)
    elif criteria.assembly:
        chosen = db.session.scalar(select(Assembly.id).filter_by(slug=criteria.assembly))
        query = query.where(AuditEntry.assembly_id == chosen)
    if criteria.action:
        query = query.where(AuditEntry.action == criteria.action)
    if criteria.actor:
        query = query.where(func.lower(AuditEntry.actor_email).contains(criteria.actor.lower()))
    if criteria.since:
        query = query.where(AuditEntry.created_at >= datetime.combine(criteria.since, time(), UTC))
    if criteria.until:
        end = datetime.combine(criteria.until + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.created_at < end)
    return query


def actions_in(assembly: Assembly | None = None) -> list[str]:
    """Return the distinct actions recorded, for the filter's choices."""
    query = select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    if assembly is not None:
        query = query.where(AuditEntry.assembly_id == assembly.id)
    return list(db.session.scalars(query))


def assembly_slugs(entries) -> dict[int, str]:
    """Map the assembly ids of these entries to their current slugs."""
    ids = {e.assembly_id for e in entries if e.assembly_id}
    if not ids:
        return {}
    return dict(
        db.session.execute(select(Assembly.id, Assembly.slug).where(Assembly.id.in_(ids))).all()
    )


def changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """Return (field, before, after) for display; details without a before show as after."""
    before = json.loads(entry.before) if entry.before else {}
    after = json.loads(entry.after) if entry.after else {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", before, after)]
    return [(key, before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())]


CSV_HEADER = [
    "seq", "time_utc", "actor", "action", "assembly", "target", "before", "after",
    "prev_hash", "entry_hash",
]  # fmt: skip


def csv_rows(query: Select):
    """Yield every matching entry as a CSV row, oldest first, hashes included."""
    entries = db.session.scalars(query.order_by(None).order_by(AuditEntry.seq)).all()
    slugs = assembly_slugs(entries)
    for e in entries:
        yield [
            e.seq,
            e.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            e.actor_email,
            e.action,
            slugs.get(e.assembly_id, e.assembly_id or ""),
            e.target,
            e.before,
            e.after,
            e.prev_hash,
            e.entry_hash,
        ]
