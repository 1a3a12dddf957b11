"""Erasure on request and the purge of people who were not selected."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, select, update

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    AssemblyStatus,
    Letter,
    OutboxMessage,
    Registrant,
    RegistrantStatus,
    StatusChange,
    User,
)

#: Personal fields blanked on erasure; answers and status stay so the counts still add up.
BLANKED = {
    "first_name": "", "last_name": "", "email": "", "phone": "", "address": "", "postcode": "",
    "date_of_birth": None, "availability_note": "", "needs_interpreting": "", "dietary": "",
    "other_needs": "", "duplicate_note": "", "manage_token_hash": None, "address_key": "",
}  # fmt: skip


def _erase_where(condition) -> int:
    """Blank personal data of the matching registrants, their letters and their emails."""
    now = datetime.now(UTC)
    targets = select(Registrant.id, Registrant.email, Registrant.letter_id).where(condition)
    rows = db.session.execute(targets).all()
    if not rows:
        return 0
    ids = [r.id for r in rows]
    emails = {r.email for r in rows if r.email}
    letters = {r.letter_id for r in rows if r.letter_id}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        db.session.execute(
            update(Registrant).where(Registrant.id.in_(chunk)).values(erased_at=now, **BLANKED)
        )
    for email in emails:
        db.session.execute(
            update(OutboxMessage)
            .where(func.lower(OutboxMessage.recipient) == email)
            .values(recipient="", subject="", sealed_body=None)
        )
    if letters:
        db.session.execute(
            update(Letter)
            .where(Letter.id.in_(letters))
            .values(recipient="", address="", postcode="", erased_at=now)
        )
    db.session.flush()
    return len(ids)


def erase_registrant(registrant: Registrant, *, actor: User | None) -> None:
    """Erase one person's data on request, keeping the row for counts."""
    record_action(actor, "pool.erase", registrant.assembly_id, f"registrant:{registrant.reference}")
    _erase_where(Registrant.id == registrant.id)
    db.session.expire(registrant)


def purge_closed(days: int, now: datetime | None = None) -> dict[str, int]:
    """Erase everyone not selected in assemblies closed at least `days` days ago."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    closed_at = (
        select(StatusChange.assembly_id, func.max(StatusChange.changed_at).label("at"))
        .where(StatusChange.to_status == AssemblyStatus.CLOSED)
        .group_by(StatusChange.assembly_id)
        .subquery()
    )
    assemblies = db.session.scalars(
        select(Assembly)
        .join(closed_at, closed_at.c.assembly_id == Assembly.id)
        .where(Assembly.status == AssemblyStatus.CLOSED, closed_at.c.at <= cutoff)
    ).all()
    purged = {}
    for assembly in assemblies:
        purged[assembly.slug] = _erase_where(
            and_(
                Registrant.assembly_id == assembly.id,
                Registrant.status != RegistrantStatus.SELECTED,
                Registrant.erased_at.is_(None),
            )
        )
        # Letters to people who never registered are personal data too.
        db.session.execute(
            update(Letter)
            .where(Letter.assembly_id == assembly.id, Letter.erased_at.is_(None))
            .values(recipient="", address="", postcode="", erased_at=datetime.now(UTC))
        )
    db.session.flush()
    return purged
