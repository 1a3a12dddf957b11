"""Allowances for attending and travel claims: amounts, paid status, totals and export."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, Member, Sitting, User
from facilitate.models.members import TravelClaim
from facilitate.models.sittings import Attendance
from facilitate.sittings.services import active_members


@dataclass
class MemberTotals:
    member: Member
    sittings: int = 0
    allowance_cents: int = 0
    travel_cents: int = 0
    paid_cents: int = 0
    claims: list[TravelClaim] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return self.allowance_cents + self.travel_cents

    @property
    def unpaid_cents(self) -> int:
        return self.total_cents - self.paid_cents


def totals(assembly: Assembly) -> list[MemberTotals]:
    """Return what each member is owed for attendance and travel, and what was paid."""
    by_member = {m.id: MemberTotals(m) for m in active_members(assembly)}
    attended = db.session.execute(
        select(Attendance, Sitting.allowance_cents)
        .join(Sitting)
        .where(Sitting.assembly_id == assembly.id, Sitting.cancelled_at.is_(None))
    ).all()
    for row, cents in attended:
        entry = by_member.get(row.member_id)
        if entry is None:
            continue
        entry.sittings += 1
        entry.allowance_cents += cents
        if row.allowance_paid_at:
            entry.paid_cents += cents
    for claim in db.session.scalars(
        select(TravelClaim).filter_by(assembly_id=assembly.id).order_by(TravelClaim.id)
    ):
        entry = by_member.get(claim.member_id)
        if entry is None:
            continue
        entry.claims.append(claim)
        entry.travel_cents += claim.amount_cents
        if claim.paid_at:
            entry.paid_cents += claim.amount_cents
    return list(by_member.values())


def add_claim(assembly: Assembly, member: Member, user: User, data: dict) -> TravelClaim:
    """Record a travel claim for a member."""
    claim = TravelClaim(
        assembly_id=assembly.id,
        member_id=member.id,
        sitting_id=data.get("sitting_id") or None,
        description=data.get("description", "").strip(),
        amount_cents=data["amount_cents"],
        created_by_id=user.id,
    )
    db.session.add(claim)
    db.session.flush()
    return claim


def mark_paid(assembly: Assembly, member: Member) -> int:
    """Mark everything owed to a member as paid now; return the cents newly marked."""
    now, cents = datetime.now(UTC), 0
    for row, allowance in db.session.execute(
        select(Attendance, Sitting.allowance_cents)
        .join(Sitting)
        .where(Attendance.member_id == member.id, Attendance.allowance_paid_at.is_(None))
    ).all():
        row.allowance_paid_at = now
        cents += allowance
    for claim in db.session.scalars(
        select(TravelClaim).filter_by(member_id=member.id, paid_at=None)
    ):
        claim.paid_at = now
        cents += claim.amount_cents
    db.session.flush()
    return cents


def export_rows(assembly: Assembly) -> tuple[list[str], list[list]]:
    """Return the payment list: one row per member with an amount still to pay."""
    header = ["name", "email", "sittings", "allowance", "travel", "paid", "to pay"]
    rows = [
        [
            t.member.name,
            t.member.registrant.email,
            t.sittings,
            f"{t.allowance_cents / 100:.2f}",
            f"{t.travel_cents / 100:.2f}",
            f"{t.paid_cents / 100:.2f}",
            f"{t.unpaid_cents / 100:.2f}",
        ]
        for t in totals(assembly)
        if t.total_cents
    ]
    return header, rows
