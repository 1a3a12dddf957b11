"""Small groups at a deliberation sitting: allocate the present members, then adjust by hand."""

import random

from sqlalchemy import delete, select

from facilitate.extensions import db
from facilitate.models import Assembly, Member, RegistrantAnswer, Sitting, User
from facilitate.models.sittings import Attendance
from facilitate.models.sittings_content import TableFacilitator, TableSeat
from facilitate.refusals import Refused
from facilitate.tables import Person, allocate, evenness, pair_counts

MIN_SIZE, MAX_SIZE = 3, 12


class GroupError(Refused):
    """Tables cannot be allocated; the message says why."""


def tables_of(sitting: Sitting) -> dict[int, list[Member]]:
    """Return the sitting's tables: number → members, by name."""
    tables: dict[int, list[Member]] = {}
    for seat in db.session.scalars(select(TableSeat).filter_by(sitting_id=sitting.id)):
        tables.setdefault(seat.table_no, []).append(seat.member)
    return {no: sorted(ms, key=lambda m: m.name.lower()) for no, ms in sorted(tables.items())}


def facilitators_of(sitting: Sitting) -> dict[int, User]:
    rows = db.session.scalars(select(TableFacilitator).filter_by(sitting_id=sitting.id))
    return {row.table_no: row.user for row in rows}


def _profiles(members: list[Member]) -> dict[int, tuple]:
    """Return each member's category value ids, in category order."""
    answers: dict[int, dict[int, int]] = {}
    ids = {m.registrant_id: m.id for m in members}
    for row in db.session.scalars(
        select(RegistrantAnswer).where(RegistrantAnswer.registrant_id.in_(ids))
    ):
        answers.setdefault(ids[row.registrant_id], {})[row.category_id] = row.value_id
    categories = sorted({c for a in answers.values() for c in a})
    return {m.id: tuple(answers.get(m.id, {}).get(c, 0) for c in categories) for m in members}


def _earlier_tables(assembly: Assembly, sitting: Sitting) -> list[list[list[int]]]:
    """Return the tables of the assembly's other sittings, as lists of member ids."""
    rows = db.session.execute(
        select(TableSeat.sitting_id, TableSeat.table_no, TableSeat.member_id)
        .join(Sitting, Sitting.id == TableSeat.sitting_id)
        .where(Sitting.assembly_id == assembly.id, TableSeat.sitting_id != sitting.id)
    ).all()
    grouped: dict[int, dict[int, list[int]]] = {}
    for sitting_id, table_no, member_id in rows:
        grouped.setdefault(sitting_id, {}).setdefault(table_no, []).append(member_id)
    return [list(tables.values()) for tables in grouped.values()]


def allocate_tables(sitting: Sitting, assembly: Assembly, size: int, seed: int) -> float:
    """Seat the checked-in members at tables; return the category evenness (0 is ideal)."""
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise GroupError(f"size must be between {MIN_SIZE} and {MAX_SIZE}")
    present = list(
        db.session.scalars(
            select(Member).join(Attendance).where(Attendance.sitting_id == sitting.id)
        )
    )
    if len(present) < 2:
        raise GroupError("check members in before allocating tables")
    profiles = _profiles(present)
    people = [Person(m.id, profiles[m.id]) for m in sorted(present, key=lambda m: m.id)]
    tables = allocate(
        people, size, random.Random(seed), pair_counts(_earlier_tables(assembly, sitting))
    )
    db.session.execute(delete(TableSeat).where(TableSeat.sitting_id == sitting.id))
    for number, table in enumerate(tables, start=1):
        db.session.add_all(
            TableSeat(sitting_id=sitting.id, member_id=member_id, table_no=number)
            for member_id in table
        )
    sitting.table_size = size
    db.session.flush()
    return evenness(tables, profiles)


def move_member(sitting: Sitting, member: Member, table_no: int) -> None:
    """Put a member at another table (or a new one)."""
    seat = db.session.scalar(
        select(TableSeat).filter_by(sitting_id=sitting.id, member_id=member.id)
    )
    if seat is None:
        seat = TableSeat(sitting_id=sitting.id, member_id=member.id, table_no=table_no)
        db.session.add(seat)
    seat.table_no = table_no
    db.session.flush()


def set_facilitator(sitting: Sitting, table_no: int, user: User | None) -> None:
    """Assign (or, with None, remove) the facilitator of one table."""
    db.session.execute(
        delete(TableFacilitator).where(
            TableFacilitator.sitting_id == sitting.id, TableFacilitator.table_no == table_no
        )
    )
    if user is not None:
        db.session.add(TableFacilitator(sitting_id=sitting.id, table_no=table_no, user_id=user.id))
    db.session.flush()


def table_of(sitting: Sitting, member: Member) -> int | None:
    return db.session.scalar(
        select(TableSeat.table_no).filter_by(sitting_id=sitting.id, member_id=member.id)
    )


def current_evenness(sitting: Sitting) -> float | None:
    """Return how evenly the categories are spread over the current tables."""
    tables = tables_of(sitting)
    if not tables:
        return None
    members = [m for ms in tables.values() for m in ms]
    profiles = _profiles(members)
    return evenness([[m.id for m in ms] for ms in tables.values()], profiles)
