"""Read the pool with aggregates in SQL, so 100,000 registrants stay fast."""

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import exists, func, or_, select

from facilitate.extensions import db
from facilitate.models import Assembly, Registrant, RegistrantAnswer, RegistrantStatus

PAGE_SIZE = 50
#: Flagged and not yet decided: a merged duplicate or an erased person is no longer a question.
_possible_duplicate = (
    Registrant.duplicate_note != "",
    Registrant.status != RegistrantStatus.DUPLICATE,
    Registrant.erased_at.is_(None),
)


@dataclass
class PoolFilter:
    q: str = ""
    status: str = ""
    value_ids: tuple[int, ...] = ()
    flagged: bool = False
    inconsistent: bool = False


def _filtered(assembly: Assembly, criteria: PoolFilter):
    query = select(Registrant).where(Registrant.assembly_id == assembly.id)
    if criteria.status:
        query = query.where(Registrant.status == RegistrantStatus(criteria.status))
    if criteria.flagged:
        query = query.where(*_possible_duplicate)
    if criteria.inconsistent:
        query = query.where(Registrant.consistency_note != "")
    for value_id in criteria.value_ids:
        query = query.where(
            exists().where(
                RegistrantAnswer.registrant_id == Registrant.id,
                RegistrantAnswer.value_id == value_id,
            )
        )
    if criteria.q:
        pattern = f"%{criteria.q.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Registrant.first_name).like(pattern),
                func.lower(Registrant.last_name).like(pattern),
                Registrant.email.like(pattern),
                func.lower(Registrant.reference).like(pattern),
            )
        )
    return query


def search_pool(assembly: Assembly, criteria: PoolFilter, page: int) -> Pagination:
    """Return one page of matching registrants, newest first (404 beyond the last page)."""
    query = _filtered(assembly, criteria).order_by(Registrant.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE)


def answers_for(registrant_ids: list[int]) -> dict[int, dict[int, int]]:
    """Map registrant id → {category id: value id} for one page, in one query."""
    found: dict[int, dict[int, int]] = {rid: {} for rid in registrant_ids}
    if registrant_ids:
        rows = db.session.execute(
            select(
                RegistrantAnswer.registrant_id,
                RegistrantAnswer.category_id,
                RegistrantAnswer.value_id,
            ).where(RegistrantAnswer.registrant_id.in_(registrant_ids))
        )
        for rid, category_id, value_id in rows:
            found[rid][category_id] = value_id
    return found


def possible_duplicates(assembly: Assembly) -> int:
    """Count the registrants flagged as possible duplicates and not yet decided."""
    return db.session.scalar(
        select(func.count()).where(Registrant.assembly_id == assembly.id, *_possible_duplicate)
    )


def registrants_by_id(ids) -> dict[int, Registrant]:
    """Load the given registrants in one query, by id."""
    if not ids:
        return {}
    return {r.id: r for r in db.session.scalars(select(Registrant).where(Registrant.id.in_(ids)))}


def status_counts(assembly: Assembly) -> dict[str, int]:
    rows = db.session.execute(
        select(Registrant.status, func.count())
        .where(Registrant.assembly_id == assembly.id)
        .group_by(Registrant.status)
    )
    counts = {status.value: 0 for status in RegistrantStatus}
    counts.update({status.value: n for status, n in rows})
    return counts


def value_counts(assembly: Assembly, statuses=(RegistrantStatus.REGISTERED,)) -> dict[int, int]:
    """Count registrants per quota value, among those with the given statuses."""
    rows = db.session.execute(
        select(RegistrantAnswer.value_id, func.count())
        .join(Registrant, Registrant.id == RegistrantAnswer.registrant_id)
        .where(Registrant.assembly_id == assembly.id, Registrant.status.in_(statuses))
        .group_by(RegistrantAnswer.value_id)
    )
    return dict(rows.all())


def composition(assembly: Assembly) -> list[dict]:
    """Per category, each value's pool count against its quota and population share."""
    counts = value_counts(assembly)
    pool_size = db.session.scalar(
        select(func.count()).where(
            Registrant.assembly_id == assembly.id, Registrant.status == RegistrantStatus.REGISTERED
        )
    )
    chart = []
    for category in assembly.categories:
        rows = []
        for value in category.values:
            count = counts.get(value.id, 0)
            rows.append(
                {
                    "value": value,
                    "count": count,
                    "pool_pct": round(100 * count / pool_size, 1) if pool_size else 0.0,
                    "short": count < value.min_seats,
                }
            )
        chart.append({"category": category, "rows": rows})
    return chart


def by_reference(assembly: Assembly, reference: str) -> Registrant | None:
    """Find a registrant of this assembly by reference; another assembly's is not found."""
    return db.session.scalar(
        select(Registrant).where(
            Registrant.assembly_id == assembly.id, Registrant.reference == reference
        )
    )


def duplicates_of(registrant: Registrant) -> list[Registrant]:
    """The registrations marked duplicates of this one, which it was kept over."""
    return db.session.scalars(
        select(Registrant)
        .where(
            Registrant.duplicate_of_id == registrant.id,
            Registrant.status == RegistrantStatus.DUPLICATE,
        )
        .order_by(Registrant.id)
    ).all()
