"""Erasure on request and the purge of people who were not selected."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, select, update

from facilitate.audit.services import record_action
from facilitate.erasure import erase_registrants
from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    AssemblyStatus,
    Letter,
    PoolImport,
    Registrant,
    RegistrantStatus,
    StatusChange,
    User,
)


def _erase_where(condition) -> int:
    """Erase the matching registrants and every trace of them (facilitate/erasure)."""
    return erase_registrants(condition)


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
        # So are uploads staged for import and never imported.
        db.session.execute(delete(PoolImport).where(PoolImport.assembly_id == assembly.id))
    db.session.flush()
    return purged
