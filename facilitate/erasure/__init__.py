"""Erase a person everywhere the app keeps them, and make it stick.

Erasure blanks the registrant (the row stays so counts add up) and follows the person into
their letter, their e-mails, their seat on the panel and their account, and out of any staged
upload that still lists them. After the commit the old row versions are purged from the
database files (row_versions.py), and the ledger (ledger.py) remembers whom to erase again if
an older backup is ever restored.
"""

from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update

from facilitate.erasure import accounts, ledger, staged
from facilitate.extensions import db
from facilitate.models import Letter, OutboxMessage, Registrant, RegistrantStatus
from facilitate.models.corrections import RegistrantCorrection
from facilitate.models.registration_form import RegistrantBarrier, RegistrantQuestionAnswer
from facilitate.row_versions import purge_after_commit

#: Personal fields blanked on erasure; answers and status stay so the counts still add up.
BLANKED = {
    "first_name": "", "last_name": "", "email": "", "phone": "", "address": "", "postcode": "",
    "date_of_birth": None, "availability_note": "", "needs_interpreting": "", "dietary": "",
    "other_needs": "", "duplicate_note": "", "manage_token_hash": None, "address_key": "",
    "status_reason": "", "consistency_note": "",
}  # fmt: skip

#: Every table an erasure may write to, whose old row versions must then be purged.
ERASED_TABLES = (
    "registrant", "outbox_message", "letter", "pool_import", "erasure",
    "registrant_question_answer", "registrant_barrier", "registrant_correction",
    *accounts.TABLES,
)  # fmt: skip


def erase_registrants(condition, *, from_ledger: bool = False) -> int:
    """Erase the registrants matching `condition` and every trace of them; return how many.

    `from_ledger` is for re-applying the ledger after a restore: the ledger has them already.
    """
    now = datetime.now(UTC)
    rows = db.session.execute(
        select(
            Registrant.id, Registrant.reference, Registrant.assembly_id, Registrant.email,
            Registrant.first_name, Registrant.last_name, Registrant.letter_id,
        ).where(condition)
    ).all()  # fmt: skip
    if not rows:
        return 0
    ids = [r.id for r in rows]
    entries = [
        ledger.entry(r.reference, r.assembly_id, r.email, r.first_name, r.last_name) for r in rows
    ]
    emails = {r.email.strip().lower() for r in rows if r.email.strip()}
    letters = {r.letter_id for r in rows if r.letter_id}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        db.session.execute(
            update(Registrant).where(Registrant.id.in_(chunk)).values(erased_at=now, **BLANKED)
        )
        # Someone erased has left the pool: no draw may choose them.
        db.session.execute(
            update(Registrant)
            .where(Registrant.id.in_(chunk), Registrant.status == RegistrantStatus.REGISTERED)
            .values(status=RegistrantStatus.WITHDRAWN)
        )
        # Answers to the assembly's own questions and barriers (a disability among them).
        for table in (RegistrantQuestionAnswer, RegistrantBarrier):
            db.session.execute(delete(table).where(table.registrant_id.in_(chunk)))
        # Corrections keep old and new values (a date of birth, a postcode): blank them too.
        db.session.execute(
            update(RegistrantCorrection)
            .where(RegistrantCorrection.registrant_id.in_(chunk))
            .values(old_value="", new_value="", reason="")
        )
    emails |= accounts.erase_members(ids)
    _erase_mail(emails)
    if letters:
        db.session.execute(
            update(Letter)
            .where(Letter.id.in_(letters))
            .values(recipient="", address="", postcode="", erased_at=now)
        )
    staged.scrub(entries)
    ledger.record(entries, to_file=not from_ledger)
    db.session.flush()
    purge_after_commit(db.session, ERASED_TABLES, compact=True, wait=True)
    return len(ids)


def _erase_mail(emails: set[str]) -> None:
    for email in emails:
        db.session.execute(
            update(OutboxMessage)
            .where(func.lower(OutboxMessage.recipient) == email)
            .values(recipient="", subject="", sealed_body=None)
        )
