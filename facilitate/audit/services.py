"""Append to the audit log and verify its hash chain; these operations flush, never commit."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from facilitate.extensions import db
from facilitate.models import Assembly, User
from facilitate.models.audit import AuditChainHead, AuditEntry

GENESIS = "0" * 64
HEAD_ID = 1


def _plain(value):
    """Make a value JSON-friendly: dates as ISO text, enums as their value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def canonical(value) -> str:
    """Return the one JSON spelling of `value` that the hashes are computed over."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def entry_digest(entry: AuditEntry) -> str:
    """Return SHA-256 over the entry's fields and its predecessor's hash."""
    fields = {
        "seq": entry.seq,
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_email": entry.actor_email or "",
        "action": entry.action,
        "assembly_id": entry.assembly_id,
        "target": entry.target or "",
        "before": entry.before or "",
        "after": entry.after or "",
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def changed_fields(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose value differs, for a readable before/after."""
    keys = [k for k in after if canonical(before.get(k)) != canonical(after.get(k))]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _lock_head() -> AuditChainHead:
    """Return the chain head, locked until the transaction ends (created on first use)."""
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a write takes the database lock, so touch the row before
        # reading it, or two writers could both read the same head.
        db.session.execute(
            update(AuditChainHead)
            .where(AuditChainHead.id == HEAD_ID)
            .values(seq=AuditChainHead.seq)
        )
    query = (
        select(AuditChainHead)
        .where(AuditChainHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = db.session.scalar(query)
    if head is None:
        try:
            with db.session.begin_nested():
                db.session.add(AuditChainHead(id=HEAD_ID, seq=0, last_hash=GENESIS))
        except IntegrityError:
            pass  # another writer created it first; lock theirs
        head = db.session.scalar(query)
    return head


def record_action(
    actor: User | int | None,
    action: str,
    assembly: Assembly | int | None = None,
    target: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction; a None actor is the system (a command, a job).

    One place for each thing: `target` names what was acted on as "kind:key" ("registrant:R-12",
    "category:age", "file:town-pool.csv"); any further detail (values, counts, a seed) goes in
    `after`, and what a change replaced in `before` — as JSON, never spelled into `target`.
    """
    if isinstance(actor, int):
        actor = db.session.get(User, actor)
    head = _lock_head()
    entry = AuditEntry(
        seq=head.seq + 1,
        created_at=datetime.now(UTC),
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else "",
        action=action,
        assembly_id=getattr(assembly, "id", assembly),
        target=str(target)[:255],
        before=canonical(before) if before is not None else "",
        after=canonical(after) if after is not None else "",
        prev_hash=head.last_hash,
    )
    entry.entry_hash = entry_digest(entry)
    head.seq, head.last_hash = entry.seq, entry.entry_hash
    db.session.add(entry)
    db.session.flush()
    # Read by the unit of work, which checks that routes in audit/registry.py leave an entry.
    db.session.info["audited"] = db.session.info.get("audited", 0) + 1
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """The first entry where the chain does not hold, and why."""

    seq: int
    reason: str


def verify_chain(batch: int = 1000) -> tuple[int, ChainBreak | None]:
    """Check every entry in order; return how many were checked and the first break."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    last_id = 0
    while True:
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not entries:
            break
        for entry in entries:
            last_id = entry.id
            if entry.seq != expected_seq:
                reason = f"entry {expected_seq} is missing or out of order (found {entry.seq})"
                return checked, ChainBreak(expected_seq, reason)
            if entry.prev_hash != prev_hash:
                return checked, ChainBreak(entry.seq, "previous hash does not match")
            if entry_digest(entry) != entry.entry_hash:
                return checked, ChainBreak(entry.seq, "contents altered")
            prev_hash, expected_seq, checked = entry.entry_hash, expected_seq + 1, checked + 1
            db.session.expunge(entry)
    head = db.session.get(AuditChainHead, HEAD_ID)
    if head is not None and (head.seq != checked or head.last_hash != prev_hash):
        return checked, ChainBreak(checked + 1, "entries deleted from the end")
    return checked, None
