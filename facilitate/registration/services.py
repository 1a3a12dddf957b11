"""Registering (online or by staff), correcting and withdrawing; eligibility, duplicates and
households."""

import secrets
from datetime import UTC, date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from facilitate.audit.services import record_action
from facilitate.auth.services import normalise_email
from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.models import (
    Assembly,
    AssemblyStatus,
    Letter,
    QuotaCategory,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
    User,
)
from facilitate.models.assemblies import PUBLIC_STATUSES
from facilitate.refusals import Refused
from facilitate.registration import questions
from facilitate.tokens import token_hash

CONTACT_FIELDS = (
    "first_name", "last_name", "phone", "address", "postcode", "available", "availability_note",
    "needs_access", "needs_childcare", "needs_interpreting", "dietary", "other_needs",
)  # fmt: skip

#: Unambiguous characters for pseudonymous references.
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class RegistrationRefused(Refused):
    """The person cannot register; `reasons` says why in plain words."""


_REFERENCE_LENGTH = 9
_REFERENCE_SPACE = len(_REFERENCE_ALPHABET) ** _REFERENCE_LENGTH


def new_reference() -> str:
    """Return a pseudonymous reference such as R7KQ2M9XPA (31^9 possibilities)."""
    return _written(secrets.randbelow(_REFERENCE_SPACE))


def new_references(count: int) -> list[str]:
    """Return `count` references at once: one read of the OS's generator for a whole import
    (a draw per letter cost an import of 100,000 rows 1.5 s)."""
    found: list[str] = []
    # 64-bit draws at or above the last whole multiple of the space are redrawn, so every
    # reference stays equally likely (about one draw in a million is).
    limit = (2**64 // _REFERENCE_SPACE) * _REFERENCE_SPACE
    while len(found) < count:
        data = secrets.token_bytes(8 * (count - len(found)))
        for start in range(0, len(data), 8):
            number = int.from_bytes(data[start : start + 8], "big")
            if number < limit:
                found.append(_written(number % _REFERENCE_SPACE))
    return found


def _written(number: int) -> str:
    """Write a number below the space in base 31 with the unambiguous letters."""
    letters = []
    for _place in range(_REFERENCE_LENGTH):
        number, digit = divmod(number, len(_REFERENCE_ALPHABET))
        letters.append(_REFERENCE_ALPHABET[digit])
    return "R" + "".join(letters)


def registration_assembly(slug: str, with_questions: bool = True) -> Assembly | None:
    """Return the assembly if the public may see it, with its questions, in one query.

    Without `with_questions` only the assembly's row is read: enough to serve the kept blank
    form (page.py), which loads the questions itself on the rare miss.
    """
    query = db.select(Assembly).where(Assembly.slug == slug, Assembly.status.in_(PUBLIC_STATUSES))
    if with_questions:
        query = query.options(
            joinedload(Assembly.categories).joinedload(QuotaCategory.values),
            joinedload(Assembly.registration_questions),
            joinedload(Assembly.support_offered),
        )
    return db.session.scalars(query).unique().one_or_none()


def is_open(assembly: Assembly, today: date) -> bool:
    """Registration is open while recruiting and before the closing date, if any."""
    if assembly.status is not AssemblyStatus.RECRUITING:
        return False
    return assembly.recruitment_closes_on is None or today <= assembly.recruitment_closes_on


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility_problems(assembly: Assembly, data: dict, today: date) -> list[str]:
    """Return every reason this person may not take part (empty when eligible)."""
    problems = []
    # Age counts on the first sitting, when the person would take their seat.
    reference_day = assembly.first_sitting_on or today
    birth = data["date_of_birth"]
    if birth > today:
        problems.append(_("The date of birth is in the future."))
    elif age_on(birth, reference_day) < assembly.minimum_age:
        problems.append(
            _(
                "You must be at least %(age)d years old on %(day)s to take part.",
                age=assembly.minimum_age,
                day=format_date(reference_day, "long"),
            )
        )
    if assembly.residence_area and not data.get("resident"):
        problems.append(
            _("Only residents of %(area)s can take part.", area=assembly.residence_area)
        )
    if assembly.excluded_offices and not data.get("no_office"):
        problems.append(
            _("Holders of these offices cannot take part: %(o)s", o=assembly.excluded_offices)
        )
    return problems


def find_letter(assembly: Assembly, code: str) -> Letter | None:
    from facilitate.letters.services import normalise_code

    return db.session.scalar(
        db.select(Letter).filter_by(assembly_id=assembly.id, code=normalise_code(code))
    )


def _claim_letter(letter: Letter) -> bool:
    """Use one registration of the code; atomic, so two people cannot take the last one."""
    result = db.session.execute(
        update(Letter)
        .where(Letter.id == letter.id, Letter.registrations_used < Letter.registrations_allowed)
        .values(registrations_used=Letter.registrations_used + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _duplicate_note(assembly_id: int, email: str, key: str) -> str:
    def first(*where):
        query = db.select(Registrant.reference).filter_by(assembly_id=assembly_id).where(*where)
        return query.limit(1).scalar_subquery()

    # Both look-ups in one round trip: a rush of registrations waits on the database.
    same_email, same_address = db.session.execute(
        db.select(
            first(Registrant.email == email) if email else db.null(),
            first(Registrant.address_key == key) if key else db.null(),
        )
    ).one()
    notes = []
    if same_email:
        notes.append(_("same email as %(r)s", r=same_email))
    if same_address:
        notes.append(_("same address as %(r)s", r=same_address))
    return "; ".join(notes)


def register(
    assembly: Assembly, data: dict, today: date, *, source: str = "form"
) -> tuple[Registrant, str]:
    """Add a registrant to the pool and return them with the token for their private link."""
    # Late: pool/consistency.py reads age_on from this module.
    from facilitate.pool import consistency

    problems = eligibility_problems(assembly, data, today)
    problems += questions.answer_problems(assembly, data.get("question_answers", {}))
    letter = None
    code = (data.get("code") or "").strip()
    if code:
        letter = find_letter(assembly, code)
        if letter is None:
            problems.append(_("This invitation code is not valid for this assembly."))
        elif not _claim_letter(letter):
            problems.append(_("This invitation code has already been used."))
    elif assembly.invitation_only:
        problems.append(_("This assembly is by invitation only: enter the code from your letter."))
    if problems:
        raise RegistrationRefused(problems)

    # Staff taking a response by phone or on paper may have no e-mail address.
    email = normalise_email(data.get("email") or "")
    key = address_key(data["address"], data["postcode"])
    token = secrets.token_urlsafe(32)
    registrant = Registrant(
        assembly_id=assembly.id,
        reference=new_reference(),
        source=source,
        email=email,
        language=data.get("language") or "",
        date_of_birth=data["date_of_birth"],
        address_key=key,
        household_key=(letter.household_key if letter and letter.household_key else key),
        letter_id=letter.id if letter else None,
        consent_version=assembly.privacy_notice_version,
        consent_at=datetime.now(UTC),
        duplicate_note=_duplicate_note(assembly.id, email, key),
        manage_token_hash=token_hash(token),
        **{field: data[field] for field in CONTACT_FIELDS},
    )
    registrant.answers = [
        RegistrantAnswer(category_id=category_id, value_id=value_id)
        for category_id, value_id in data["answers"].items()
    ]
    registrant.question_answers, registrant.barriers = questions.form_answers(
        assembly, data.get("question_answers", {}), data.get("barriers", {})
    )
    db.session.add(registrant)
    db.session.flush()
    consistency.flag(registrant, assembly, today)
    return registrant, token


def register_by_staff(
    assembly: Assembly, data: dict, today: date, *, actor: User | None
) -> tuple[Registrant, str]:
    """Register someone who answered by phone or on paper, and audit who entered it."""
    # The closing date is not checked: paper forms posted in time arrive after it.
    if assembly.status is not AssemblyStatus.RECRUITING:
        raise RegistrationRefused(_("Registration is not open for this assembly."))
    registrant, token = register(assembly, data, today, source="staff")
    record_action(
        actor,
        "pool.register_by_staff",
        assembly,
        f"registrant:{registrant.reference}",
        after={"letter": registrant.letter_id is not None, "email": bool(registrant.email)},
    )
    return registrant, token


def find_by_token(token: str) -> Registrant | None:
    """Return the registrant whose private link this is, unless erased."""
    return db.session.scalar(
        db.select(Registrant).where(
            Registrant.manage_token_hash == token_hash(token), Registrant.erased_at.is_(None)
        )
    )


def correct_registration(registrant: Registrant, data: dict) -> None:
    """Apply corrected contact details and support needs."""
    for field in CONTACT_FIELDS:
        setattr(registrant, field, data[field])
    registrant.address_key = address_key(registrant.address, registrant.postcode)
    db.session.flush()


def withdraw_registration(registrant: Registrant) -> None:
    registrant.status = RegistrantStatus.WITHDRAWN
    db.session.flush()
