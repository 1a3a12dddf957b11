"""Reserves drawn with the panel: store them in list order, and seat them when members leave."""

from collections.abc import Callable

from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Assembly, Registrant, RegistrantStatus, RunStatus, SelectionRun, User
from facilitate.models.selection import PanelReserve
from facilitate.selection import services
from facilitate.selection.engine import pool_instance
from facilitate.sortition.reserves import fill_from_reserves


def record_reserves(run: SelectionRun, references: list[str]) -> None:
    """Store the run's reserves in list order (same transaction as its panel)."""
    people = dict(
        db.session.execute(
            select(Registrant.reference, Registrant.id).where(
                Registrant.assembly_id == run.assembly_id, Registrant.reference.in_(references)
            )
        ).all()
    )
    for position, reference in enumerate(references, start=1):
        db.session.add(
            PanelReserve(
                assembly_id=run.assembly_id,
                run_id=run.id,
                registrant_id=people[reference],
                position=position,
            )
        )
    db.session.flush()


def reserve_list(assembly: Assembly) -> list[PanelReserve]:
    """Return the reserves of the draw that chose the panel, first reserve first."""
    main = db.session.scalar(
        select(SelectionRun.id)
        .where(
            SelectionRun.assembly_id == assembly.id,
            SelectionRun.kind == "selection",
            SelectionRun.status == RunStatus.SUCCEEDED,
        )
        .order_by(SelectionRun.id.desc())
        .limit(1)
    )
    if main is None:
        return []
    return list(
        db.session.scalars(
            select(PanelReserve).filter_by(run_id=main).order_by(PanelReserve.position)
        )
    )


def waiting(reserve: PanelReserve) -> bool:
    """Tell whether a reserve can still take a seat: unseated, registered and not erased."""
    person = reserve.registrant
    return (
        reserve.seat_id is None
        and person.status is RegistrantStatus.REGISTERED
        and person.erased_at is None
    )


def seat_reserves(assembly: Assembly, actor: User, link_for: Callable[[str], str]) -> int:
    """Seat the first suitable reserves in the vacant seats; return how many seats stay vacant.

    The reserves either complete the panel within the quotas, earliest on the list first, or
    take the seats they can without closing off any quota (sortition.reserves); what stays
    vacant is left to a replacement draw.
    """
    vacant = services.vacant_seats(assembly)
    reserves = [r for r in reserve_list(assembly) if waiting(r)]
    if not vacant or not reserves:
        return len(vacant)
    households = bool(services.options_of(reserves[0].run).get("households"))
    instance = pool_instance(
        assembly, households, statuses=(RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED)
    )
    staying = [seat.registrant.reference for seat in services.panel_seats(assembly)]
    by_reference = {r.registrant.reference: r for r in reserves}
    taken = fill_from_reserves(instance, staying, len(vacant), list(by_reference))
    if not taken:
        return len(vacant)
    run = reserves[0].run
    # Fewer reserves than seats may fit: the first vacancies are filled, the rest wait.
    replaces = {ref: seat.id for ref, seat in zip(taken, vacant, strict=False)}
    services.record_panel(run, taken, replaces)
    seats = {s.registrant.reference: s for s in services.panel_seats(assembly)}
    for reference in taken:
        by_reference[reference].seat_id = seats[reference].id
    db.session.flush()
    record_action(
        actor,
        "selection.reserves.seat",
        assembly,
        target=f"run:{run.id}",
        after={"seated": taken, "replaced": [s.registrant.reference for s in vacant[: len(taken)]]},
    )
    _invite(assembly, link_for)
    return len(vacant) - len(taken)


def _invite(assembly: Assembly, link_for: Callable[[str], str]) -> None:
    """Once the panel has been invited, seated reserves are invited straight away too."""
    from facilitate.members import services as members

    if members.members_of(assembly):
        members.invite_panel(assembly, link_for)
