"""The audit log: an append-only, hash-chained record of organiser and admin actions."""

from datetime import datetime

from sqlalchemy import Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One recorded action; its hash covers its fields and the previous entry's hash.

    Actor and assembly are copied, not foreign keys: deleting a user or an assembly must not
    rewrite (and so break) the chain.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Position in the chain, 1, 2, 3… without gaps; a gap means a deleted entry.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: The actor's email at the time ("" for the system, e.g. a command-line purge).
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    #: Dotted verb such as "assembly.update" or "pool.export".
    action: Mapped[str] = mapped_column(String(64), index=True)
    assembly_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: What the action was about, e.g. "registrant:R-1234" or "invitation:olga@example.org".
    target: Mapped[str] = mapped_column(String(255), default="")
    #: Canonical JSON of the changed fields before and after (settings changes), or "".
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditChainHead(db.Model):
    """The single row that every writer locks, so two entries never share a predecessor."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_rewrite(_mapper, _connection, entry):
    """Keep the log append-only at the application level."""
    raise ValueError(f"audit entry {entry.seq} cannot be changed or deleted")
