"""Statuses organisers set on a registrant: ineligible, withdrawn, duplicate, or eligible again.

Only registered people enter a draw (selection/engine.py) and the pool's counts; every other
status keeps a person out. Each change says why and is audited with what it replaced.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Registrant, RegistrantStatus, User
from facilitate.models.registrants import IneligibleRule
from facilitate.refusals import Refused

#: The statuses an organiser may set here; SELECTED is the draw's to give.
SETTABLE = (
    RegistrantStatus.INELIGIBLE,
    RegistrantStatus.WITHDRAWN,
    RegistrantStatus.DUPLICATE,
    RegistrantStatus.REGISTERED,
)
REASON_LENGTH = 500


class StatusRefused(Refused):
    """A status change that would leave the pool wrong."""


def _state(registrant: Registrant) -> dict:
    kept = registrant.duplicate_of
    return {
        "status": registrant.status.value,
        "reason": registrant.status_reason,
        "rule": registrant.ineligible_rule.value if registrant.ineligible_rule else None,
        "duplicate_of": kept.reference if kept is not None else None,
    }


def _check(registrant, status, reason, rule, duplicate_of) -> None:
    if registrant.status == RegistrantStatus.SELECTED:
        raise StatusRefused(
            _l("%(r)s is on the panel: replace the member instead.", r=registrant.reference)
        )
    if registrant.erased_at is not None:
        raise StatusRefused(_l("The data of %(r)s was erased.", r=registrant.reference))
    if status not in SETTABLE:
        raise StatusRefused(_l("Organisers cannot set this status."))
    if not reason.strip():
        raise StatusRefused(_l("Say why the status changes."))
    if len(reason) > REASON_LENGTH:
        raise StatusRefused(_l("The reason is too long."))
    if status == RegistrantStatus.REGISTERED and registrant.status == status:
        raise StatusRefused(_l("%(r)s is already eligible.", r=registrant.reference))
    if status == RegistrantStatus.INELIGIBLE and rule is None:
        raise StatusRefused(_l("Choose the rule the person does not meet."))
    if status == RegistrantStatus.DUPLICATE:
        _check_duplicate(registrant, duplicate_of)


def _check_duplicate(registrant: Registrant, kept: Registrant | None) -> None:
    if kept is None:
        raise StatusRefused(_l("Choose the registration to keep."))
    if kept.assembly_id != registrant.assembly_id:
        raise StatusRefused(_l("The registration kept must be in the same assembly."))
    if kept.id == registrant.id:
        raise StatusRefused(_l("A registration cannot be a duplicate of itself."))
    if kept.status == RegistrantStatus.DUPLICATE:
        raise StatusRefused(
            _l(
                "%(k)s is itself a duplicate: keep the registration it duplicates.",
                k=kept.reference,
            )
        )
    if kept.erased_at is not None:
        raise StatusRefused(_l("The data of %(r)s was erased.", r=kept.reference))
    kept_for_others = db.session.scalar(
        select(
            exists().where(
                Registrant.duplicate_of_id == registrant.id,
                Registrant.status == RegistrantStatus.DUPLICATE,
            )
        )
    )
    if kept_for_others:
        raise StatusRefused(
            _l(
                "Other registrations are duplicates of %(r)s: it is the one kept.",
                r=registrant.reference,
            )
        )


def set_status(
    registrant: Registrant,
    status: RegistrantStatus,
    *,
    reason: str,
    actor: User | None,
    rule: IneligibleRule | None = None,
    duplicate_of: Registrant | None = None,
) -> None:
    """Set a registrant's status with its reason, and audit what it replaced."""
    _check(registrant, status, reason, rule, duplicate_of)
    before = _state(registrant)
    registrant.status = status
    registrant.status_reason = reason.strip()
    registrant.ineligible_rule = rule if status == RegistrantStatus.INELIGIBLE else None
    registrant.duplicate_of = duplicate_of if status == RegistrantStatus.DUPLICATE else None
    db.session.flush()
    record_action(
        actor,
        "pool.status",
        registrant.assembly_id,
        target=f"registrant:{registrant.reference}",
        before=before,
        after=_state(registrant),
    )
