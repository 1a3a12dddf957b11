"""Organisers decide on a possible duplicate: two people (kept both) or one (merged)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Registrant, RegistrantStatus, User
from facilitate.models.duplicate_decisions import DuplicateDecision
from facilitate.pool import duplicates, statuses
from facilitate.refusals import Refused

#: The flag's column length on the registrant.
NOTE_LENGTH = 300


class DecisionRefused(Refused):
    """A decision on a pair that cannot be taken."""


def refresh_flag(registrant: Registrant) -> None:
    """Rewrite a registrant's flag from the possible duplicates still undecided."""
    found = duplicates.candidates_for(registrant)
    references = dict(
        db.session.execute(
            select(Registrant.id, Registrant.reference).where(Registrant.id.in_(found))
        ).all()
    )
    describe = duplicates.describer()
    notes = [describe(why, references[other]) for other, why in sorted(found.items())]
    registrant.duplicate_note = "; ".join(notes)[:NOTE_LENGTH]


def _check_pair(first: Registrant, second: Registrant) -> None:
    if first.assembly_id != second.assembly_id or first.id == second.id:
        raise DecisionRefused(_l("Choose two registrations of this assembly."))
    for registrant in (first, second):
        if registrant.erased_at is not None:
            raise DecisionRefused(_l("The data of %(r)s was erased.", r=registrant.reference))


def keep_both(first: Registrant, second: Registrant, *, reason: str, actor: User | None) -> None:
    """Record that two registrations are two people, so the pair is not offered again."""
    _check_pair(first, second)
    low, high = sorted((first, second), key=lambda r: r.id)
    known = db.session.scalar(
        select(
            exists().where(
                DuplicateDecision.first_id == low.id, DuplicateDecision.second_id == high.id
            )
        )
    )
    if known:
        raise DecisionRefused(_l("These two were already kept as two people."))
    reason = reason.strip()
    if len(reason) > statuses.REASON_LENGTH:
        raise DecisionRefused(_l("The reason is too long."))
    db.session.add(
        DuplicateDecision(
            assembly_id=low.assembly_id,
            first_id=low.id,
            second_id=high.id,
            reason=reason,
            decided_by_id=actor.id if actor is not None else None,
        )
    )
    db.session.flush()
    for registrant in (low, high):
        refresh_flag(registrant)
    record_action(
        actor,
        "pool.not_duplicate",
        low.assembly_id,
        target=f"registrants:{low.reference},{high.reference}",
        after={"reason": reason},
    )


def merge_pair(kept: Registrant, duplicate: Registrant, *, reason: str, actor: User | None) -> None:
    """Keep one registration and mark the other its duplicate, through the audited status."""
    _check_pair(kept, duplicate)
    statuses.set_status(
        duplicate, RegistrantStatus.DUPLICATE, reason=reason, duplicate_of=kept, actor=actor
    )
    refresh_flag(kept)
