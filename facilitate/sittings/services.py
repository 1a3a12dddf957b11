"""Sittings: the schedule, agendas, check-in, attendance and preparation lists."""

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from facilitate import local_time
from facilitate.extensions import db
from facilitate.models import Assembly, Member, MemberStatus, Sitting, User
from facilitate.models.registration_form import BARRIER_LABELS
from facilitate.models.sittings import AgendaItem, Attendance, AttendanceMode
from facilitate.registration.questions import barriers_by_registrant

#: Check-in codes avoid letters and digits that look alike (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

#: Changing one of these moves or changes the event in members' calendars.
CALENDAR_FIELDS = ("title", "kind", "starts_at", "ends_at", "place", "online_url", "description")
FIELDS = (*CALENDAR_FIELDS, "mode", "topic", "allowance_cents", "table_size", "own_languages")


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def schedule(assembly: Assembly, include_cancelled: bool = True) -> list[Sitting]:
    """Return the assembly's sittings in time order."""
    query = select(Sitting).filter_by(assembly_id=assembly.id).order_by(Sitting.starts_at)
    if not include_cancelled:
        query = query.where(Sitting.cancelled_at.is_(None))
    return list(db.session.scalars(query))


def next_sitting(assembly: Assembly, now: datetime | None = None) -> Sitting | None:
    """Return the first sitting not yet over."""
    now = now or datetime.now(UTC)
    return db.session.scalar(
        select(Sitting)
        .where(
            Sitting.assembly_id == assembly.id,
            Sitting.ends_at >= now,
            Sitting.cancelled_at.is_(None),
        )
        .order_by(Sitting.starts_at)
        .limit(1)
    )


def create_sitting(assembly: Assembly, data: dict) -> Sitting:
    """Add a sitting to the schedule with a fresh check-in code."""
    sitting = Sitting(assembly_id=assembly.id, checkin_code=new_checkin_code())
    for name in FIELDS:
        if name in data:
            setattr(sitting, name, data[name])
    db.session.add(sitting)
    db.session.flush()
    return sitting


def update_sitting(sitting: Sitting, data: dict) -> bool:
    """Change a sitting; bump its SEQUENCE when calendars must update. Return whether they must."""
    moved = any(name in data and getattr(sitting, name) != data[name] for name in CALENDAR_FIELDS)
    for name in FIELDS:
        if name in data:
            setattr(sitting, name, data[name])
    if moved:
        sitting.sequence += 1
    db.session.flush()
    return moved


def keep_wall_clock_times(
    assembly: Assembly, new_zone: str, now: datetime | None = None
) -> list[Sitting]:
    """Move the upcoming sittings so they keep their wall-clock times in the assembly's new zone.

    What members were told ("Saturday, 10:00") stays true, and their calendars follow the move.
    Call it before the assembly's zone changes; return the sittings that moved.
    """
    now = now or datetime.now(UTC)
    moved = []
    for sitting in schedule(assembly, include_cancelled=False):
        if sitting.ends_at < now:
            continue
        data = {
            name: _same_wall_clock(getattr(sitting, name), assembly.time_zone, new_zone)
            for name in ("starts_at", "ends_at")
        }
        if update_sitting(sitting, data):
            moved.append(sitting)
    return moved


def _same_wall_clock(moment: datetime, old_zone: str, new_zone: str) -> datetime:
    wall_clock = local_time.to_local(moment, old_zone).replace(tzinfo=None)
    try:
        return local_time.from_local(wall_clock, new_zone)
    except local_time.NonexistentTime:
        # Skipped by the clocks in the new zone: the hour after is the nearest real time.
        return local_time.from_local(wall_clock + timedelta(hours=1), new_zone)


def cancel_sitting(sitting: Sitting) -> None:
    """Cancel a sitting; calendars receive it as CANCELLED rather than losing it silently."""
    sitting.cancelled_at = datetime.now(UTC)
    sitting.sequence += 1
    db.session.flush()


def add_agenda_item(sitting: Sitting, data: dict) -> AgendaItem:
    """Add an item with its start time to the sitting's agenda."""
    item = AgendaItem(
        sitting_id=sitting.id, at=data["at"], title=data["title"], note=data.get("note", "")
    )
    db.session.add(item)
    db.session.flush()
    return item


def remove_agenda_item(item: AgendaItem) -> None:
    """Delete an agenda item."""
    db.session.delete(item)
    db.session.flush()


def active_members(assembly: Assembly) -> list[Member]:
    """Return members still on the panel (not declined or withdrawn), by name."""
    members = db.session.scalars(
        select(Member).where(
            Member.assembly_id == assembly.id,
            Member.status.not_in([MemberStatus.DECLINED, MemberStatus.WITHDRAWN]),
        )
    ).all()
    return sorted(members, key=lambda m: m.name.lower())


def attendance_of(sitting: Sitting) -> dict[int, Attendance]:
    """Return the sitting's check-ins by member id."""
    rows = db.session.scalars(select(Attendance).filter_by(sitting_id=sitting.id))
    return {row.member_id: row for row in rows}


def check_in(
    sitting: Sitting,
    member: Member,
    by: User | None,
    mode: AttendanceMode = AttendanceMode.IN_PERSON,
) -> Attendance:
    """Record that `member` is present and how (idempotent); `by` is None for self check-in."""
    existing = db.session.scalar(
        select(Attendance).filter_by(sitting_id=sitting.id, member_id=member.id)
    )
    if existing is not None:
        return existing
    row = Attendance(
        sitting_id=sitting.id,
        member_id=member.id,
        checked_in_by_id=by.id if by else None,
        mode=mode,
    )
    db.session.add(row)
    db.session.flush()
    return row


def attendance_by_mode(sitting: Sitting) -> dict[AttendanceMode, int]:
    """Count the members present in person and online."""
    rows = db.session.execute(
        select(Attendance.mode, func.count())
        .where(Attendance.sitting_id == sitting.id)
        .group_by(Attendance.mode)
    )
    counts = dict.fromkeys(AttendanceMode, 0)
    counts.update(dict(rows.all()))
    return counts


def undo_check_in(sitting: Sitting, member: Member) -> None:
    """Remove a check-in made by mistake."""
    row = db.session.scalar(
        select(Attendance).filter_by(sitting_id=sitting.id, member_id=member.id)
    )
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def code_matches(sitting: Sitting, code: str) -> bool:
    """Compare a typed code with the sitting's, ignoring case and spaces."""
    typed = "".join(code.split()).upper()
    return bool(sitting.checkin_code) and secrets.compare_digest(typed, sitting.checkin_code)


def member_for(user: User, assembly: Assembly) -> Member | None:
    """Return the user's active member record in this assembly."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Member).where(
            Member.assembly_id == assembly.id,
            Member.user_id == user.id,
            Member.status.not_in([MemberStatus.DECLINED, MemberStatus.WITHDRAWN]),
        )
    )


def attendance_matrix(assembly: Assembly) -> tuple[list[Sitting], list[Member], set, dict]:
    """Return sittings, members, the (member id, sitting id) pairs present and counts."""
    sittings = [s for s in schedule(assembly) if s.cancelled_at is None]
    members = active_members(assembly)
    present = set(
        db.session.execute(
            select(Attendance.member_id, Attendance.sitting_id)
            .join(Sitting)
            .where(Sitting.assembly_id == assembly.id)
        ).all()
    )
    per_sitting = {s.id: sum(1 for m in members if (m.id, s.id) in present) for s in sittings}
    return sittings, members, present, per_sitting


def preparation_list(sitting: Sitting, assembly: Assembly) -> list[tuple[Member, list[str]]]:
    """Return members with support needs: access, childcare, interpreting, diet, other, and
    what they said would make it hard to take part."""
    rows = []
    members = active_members(assembly)
    barriers = barriers_by_registrant([m.registrant_id for m in members])
    for member in members:
        person = member.registrant
        needs = []
        if person.needs_access:
            needs.append(("access", ""))
        if person.needs_childcare:
            needs.append(("childcare", ""))
        if person.needs_interpreting:
            needs.append(("interpreting", person.needs_interpreting))
        if person.dietary:
            needs.append(("dietary", person.dietary))
        if person.other_needs:
            needs.append(("other", person.other_needs))
        for kind, detail in barriers.get(person.id, []):
            label = str(BARRIER_LABELS[kind])
            needs.append(("barrier", f"{label}: {detail}" if detail else label))
        if needs:
            rows.append((member, needs))
    return rows


def attended_by(member: Member) -> set[int]:
    """Return the ids of the sittings the member was checked in at."""
    return set(db.session.scalars(select(Attendance.sitting_id).filter_by(member_id=member.id)))
