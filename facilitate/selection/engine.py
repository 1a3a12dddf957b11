"""Turn an assembly's pool into the selection engine's input, by pseudonymous reference."""

from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, Registrant, RegistrantAnswer, RegistrantStatus
from facilitate.sortition.model import Instance, Person, Quota, make_instance


def quotas_of(assembly: Assembly) -> list[Quota]:
    return [
        Quota(c.name, v.name, v.min_seats, v.max_seats)
        for c in assembly.categories
        for v in c.values
    ]


def pool_people(assembly: Assembly, statuses=(RegistrantStatus.REGISTERED,)) -> list[Person]:
    """Return the pool as engine people: reference, category values, household key."""
    names = {v.id: (c.name, v.name) for c in assembly.categories for v in c.values}
    rows = db.session.execute(
        select(Registrant.id, Registrant.reference, Registrant.household_key).where(
            Registrant.assembly_id == assembly.id,
            Registrant.status.in_(statuses),
            Registrant.erased_at.is_(None),  # an erased person is never drawn, whatever status
        )
    ).all()
    values: dict[int, list[tuple[str, str]]] = {r.id: [] for r in rows}
    answers = db.session.execute(
        select(RegistrantAnswer.registrant_id, RegistrantAnswer.value_id)
        .join(Registrant, Registrant.id == RegistrantAnswer.registrant_id)
        .where(
            Registrant.assembly_id == assembly.id,
            Registrant.status.in_(statuses),
            Registrant.erased_at.is_(None),
        )
    )
    for registrant_id, value_id in answers:
        values[registrant_id].append(names[value_id])
    return [Person(r.reference, tuple(sorted(values[r.id])), r.household_key or None) for r in rows]


def pool_instance(
    assembly: Assembly, households: bool, statuses=(RegistrantStatus.REGISTERED,)
) -> Instance:
    """Build the canonical selection problem for the assembly's pool."""
    people = pool_people(assembly, statuses)
    return make_instance(people, quotas_of(assembly), assembly.panel_size, households)
