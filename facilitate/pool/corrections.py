"""Correcting a registrant's quota answers, date of birth and postcode until the draw.

The person corrects their own answers through their private link; an organiser corrects
with a reason, audited. Either way each changed field is kept with its old and new value,
and the registration's consistency is checked again at once.
"""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.models import (
    Assembly,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
    RunStatus,
    SelectionRun,
    User,
)
from facilitate.models.corrections import RegistrantCorrection
from facilitate.pool import consistency
from facilitate.refusals import Refused
from facilitate.registration.services import age_on

REASON_LENGTH = 500
POSTCODE_LENGTH = 20
#: Fields whose values are personal: the audit log, which erasure never touches, names them
#: without their values; the corrections table keeps the values until erasure.
PERSONAL = ("date_of_birth", "postcode")


class CorrectionRefused(Refused):
    """A correction that cannot be made (after the draw, a foreign answer, no reason…)."""


def draw_started(assembly: Assembly, registrant: Registrant) -> SelectionRun | None:
    """Return the draw that took this registration's pool: a finished selection run begun
    after they registered, or any run under way."""
    return db.session.scalar(
        select(SelectionRun)
        .where(
            SelectionRun.assembly_id == assembly.id,
            (SelectionRun.status.in_((RunStatus.QUEUED, RunStatus.RUNNING)))
            | (
                (SelectionRun.status == RunStatus.SUCCEEDED)
                & (SelectionRun.kind == "selection")
                & (SelectionRun.created_at >= registrant.created_at)
            ),
        )
        .order_by(SelectionRun.id)
        .limit(1)
    )


def closed_because(
    assembly: Assembly, registrant: Registrant, by_registrant: bool = True
) -> str | None:
    """Say why the answers can no longer be corrected, or None while they can."""
    if registrant.erased_at is not None:
        return _("The data of this registration was erased.")
    if registrant.status == RegistrantStatus.SELECTED:
        return _("This person was drawn onto the panel: answers are fixed by the draw.")
    if by_registrant and registrant.status != RegistrantStatus.REGISTERED:
        return _("This registration is no longer in the pool, so there is nothing to correct.")
    run = draw_started(assembly, registrant)
    if run is not None and run.active:
        return _("The draw is under way: answers can no longer change.")
    if run is not None:
        return _(
            "The panel was drawn on %(day)s from the pool as it then was; "
            "answers can no longer change.",
            day=format_date(run.created_at, "long"),
        )
    return None


def _current(registrant: Registrant) -> dict[str, object]:
    values = {f"category:{a.category_id}": a.value_id for a in registrant.answers}
    values["date_of_birth"] = registrant.date_of_birth
    values["postcode"] = registrant.postcode
    return values


def _wanted(assembly, registrant, changes: dict, by_registrant: bool) -> dict[str, object]:
    """Check the requested values and return them by field name."""
    categories = {c.id: {v.id for v in c.values} for c in assembly.categories}
    wanted: dict[str, object] = {}
    for category_id, value_id in (changes.get("answers") or {}).items():
        if value_id not in categories.get(category_id, ()):
            raise CorrectionRefused(_l("This answer is not one of this assembly's questions."))
        wanted[f"category:{category_id}"] = value_id
    if "date_of_birth" in changes:
        birth = changes["date_of_birth"]
        if not isinstance(birth, date):
            raise CorrectionRefused(_l("Give a date of birth."))
        if birth > date.today():
            raise CorrectionRefused(_l("The date of birth is in the future."))
        if by_registrant and age_on(birth, assembly.first_sitting_on or date.today()) < (
            assembly.minimum_age
        ):
            raise CorrectionRefused(
                _l(
                    "You must be at least %(age)d years old to take part; "
                    "write to the organisers to withdraw.",
                    age=assembly.minimum_age,
                )
            )
        wanted["date_of_birth"] = birth
    if "postcode" in changes:
        if by_registrant:
            raise CorrectionRefused(_l("Correct your postcode with your other details."))
        postcode = (changes["postcode"] or "").strip().upper()
        if len(postcode) > POSTCODE_LENGTH:
            raise CorrectionRefused(_l("The postcode is too long."))
        wanted["postcode"] = postcode
    return wanted


def _shown(assembly: Assembly, field: str, value) -> str:
    if value is None:
        return ""
    if field.startswith("category:"):
        names = {v.id: v.name for c in assembly.categories for v in c.values}
        return names.get(value, "")
    return value.isoformat() if isinstance(value, date) else str(value)


def _label(assembly: Assembly, field: str) -> str:
    if field.startswith("category:"):
        names = {f"category:{c.id}": c.name for c in assembly.categories}
        return names[field][:80]
    return {"date_of_birth": _("Date of birth"), "postcode": _("Postcode")}[field]


def _apply(registrant: Registrant, field: str, value) -> None:
    if field.startswith("category:"):
        category_id = int(field.split(":", 1)[1])
        answer = next((a for a in registrant.answers if a.category_id == category_id), None)
        if answer is None:
            registrant.answers.append(RegistrantAnswer(category_id=category_id, value_id=value))
        else:
            answer.value_id = value
    elif field == "postcode":
        registrant.postcode = value
        registrant.address_key = address_key(registrant.address, value)
    else:
        registrant.date_of_birth = value


def correct_answers(
    registrant: Registrant,
    changes: dict,
    *,
    actor: User | None,
    reason: str = "",
    by_registrant: bool,
) -> list[RegistrantCorrection]:
    """Change quota answers, date of birth or postcode until the draw, keeping old and new.

    `changes` holds any of "answers" ({category id: value id}), "date_of_birth" and
    "postcode"; fields left as they were are not recorded.
    """
    assembly = db.session.get(Assembly, registrant.assembly_id)
    _lock(registrant)
    closed = closed_because(assembly, registrant, by_registrant)
    if closed:
        raise CorrectionRefused(closed)
    reason = (reason or "").strip()
    if not by_registrant and not reason:
        raise CorrectionRefused(_l("Say why the answers are corrected."))
    if len(reason) > REASON_LENGTH:
        raise CorrectionRefused(_l("The reason is too long."))
    wanted = _wanted(assembly, registrant, changes, by_registrant)
    current = _current(registrant)
    changed = {f: v for f, v in wanted.items() if current.get(f) != v}
    if not changed:
        raise CorrectionRefused(_l("Nothing was changed."))
    made = []
    for field, value in changed.items():
        made.append(
            RegistrantCorrection(
                assembly_id=assembly.id,
                registrant_id=registrant.id,
                field=field,
                label=_label(assembly, field),
                old_value=_shown(assembly, field, current.get(field)),
                new_value=_shown(assembly, field, value),
                reason=reason,
                by_registrant=by_registrant,
                actor_id=actor.id if actor is not None else None,
            )
        )
        _apply(registrant, field, value)
    db.session.add_all(made)
    db.session.flush()
    consistency.flag(registrant, assembly)
    if not by_registrant:
        record_action(
            actor,
            "pool.correct",
            assembly.id,
            target=f"registrant:{registrant.reference}",
            before={c.label: _audited(c.field, c.old_value) for c in made},
            after={c.label: _audited(c.field, c.new_value) for c in made} | {"reason": reason},
        )
    return made


def _audited(field: str, value: str) -> str:
    return "…" if field in PERSONAL and value else value


def _lock(registrant: Registrant) -> None:
    """Hold the registrant's row until commit, so two corrections do not interleave."""
    db.session.execute(
        update(Registrant)
        .where(Registrant.id == registrant.id)
        .values(updated_at=Registrant.updated_at)
        .execution_options(synchronize_session=False)
    )


def history(registrant: Registrant) -> list[RegistrantCorrection]:
    """Return a registration's corrections, oldest first."""
    return db.session.scalars(
        select(RegistrantCorrection)
        .where(RegistrantCorrection.registrant_id == registrant.id)
        .order_by(RegistrantCorrection.id)
    ).all()
