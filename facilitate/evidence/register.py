"""Record approaches and meetings in the lobbying register (services: flush, never commit)."""

from datetime import date

from flask_babel import gettext as _

from facilitate.extensions import db
from facilitate.models import Assembly, Role, User
from facilitate.models.evidence import Approach, ApproachChannel
from facilitate.refusals import Refused


class ApproachRefused(Refused):
    """The entry cannot be recorded as given; the message says why."""


def record_approach(
    assembly: Assembly, user: User, role: Role, data: dict, today: date
) -> Approach:
    """Put an approach (or, for organisers, a meeting with an interest group) on the record."""
    if data["occurred_on"] > today:
        raise ApproachRefused(_("The date cannot be in the future."))
    is_meeting = bool(data.get("is_meeting"))
    if is_meeting and role is not Role.ORGANISER:
        raise ApproachRefused(_("Only organisers record meetings with interest groups."))
    made = Approach(
        assembly_id=assembly.id,
        occurred_on=data["occurred_on"],
        channel=ApproachChannel(data["channel"]),
        organisation=data["organisation"].strip()[:200],
        representative=(data.get("representative") or "").strip()[:200],
        on_behalf_of=(data.get("on_behalf_of") or "").strip()[:200],
        subject=data["subject"].strip(),
        is_meeting=is_meeting,
        reported_by_id=user.id,
        reporter_role=role.value,
    )
    db.session.add(made)
    db.session.flush()
    return made


def withdraw_approach(approach: Approach) -> None:
    """Remove an entry recorded by mistake."""
    db.session.delete(approach)
    db.session.flush()
