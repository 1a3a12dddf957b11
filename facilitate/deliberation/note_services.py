"""Write, edit and find notes. Flush, never commit.

Visibility is applied in the query (`visible_notes`), so no page can show a private note by
forgetting a template check.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from facilitate.deliberation.permissions import can_steer
from facilitate.extensions import db
from facilitate.models import Assembly, Member, Sitting
from facilitate.models.notes import Note, NoteVisibility
from facilitate.models.sittings_content import TableFacilitator, TableSeat
from facilitate.refusals import Refused

MAX_BODY = 20000


class NoteError(Refused):
    """A refusal with a message fit to show the user."""


def table_of(sitting: Sitting, user) -> int | None:
    """Return the table `user` sits at (or facilitates) during `sitting`, if any."""
    seated = db.session.scalar(
        db.select(TableSeat.table_no)
        .join(Member, Member.id == TableSeat.member_id)
        .filter(TableSeat.sitting_id == sitting.id, Member.user_id == user.id)
    )
    if seated is not None:
        return seated
    return db.session.scalar(
        db.select(TableFacilitator.table_no).filter_by(sitting_id=sitting.id, user_id=user.id)
    )


def _tables_of(user) -> list[tuple[int, int]]:
    """Return (sitting id, table) for every table the user sat at or facilitated."""
    seated = (
        db.select(TableSeat.sitting_id, TableSeat.table_no)
        .join(Member, Member.id == TableSeat.member_id)
        .filter(Member.user_id == user.id)
    )
    led = db.select(TableFacilitator.sitting_id, TableFacilitator.table_no).filter(
        TableFacilitator.user_id == user.id
    )
    return [tuple(row) for row in db.session.execute(seated.union(led))]


def write_note(
    sitting: Sitting,
    user,
    visibility: str,
    body: str,
    table_number: int | None,
    is_table_record: bool = False,
) -> Note:
    """Write a note for a sitting: private, for the author's table, or for the plenary."""
    body = (body or "").strip()
    if not body:
        raise NoteError(_l("Write something first."))
    if len(body) > MAX_BODY:
        raise NoteError(_l("A note can be at most %(n)d characters.", n=MAX_BODY))
    visibility = NoteVisibility(visibility)
    assembly = db.session.get(Assembly, sitting.assembly_id)
    steer = can_steer(user, assembly)
    if is_table_record and not steer:
        raise NoteError(_l("Only facilitators keep a table's record."))
    own_table = table_of(sitting, user)
    if not (steer and table_number):
        table_number = own_table
    if (visibility == NoteVisibility.TABLE or is_table_record) and table_number is None:
        raise NoteError(_l("You are not seated at a table for this sitting; ask a facilitator."))
    if is_table_record and visibility == NoteVisibility.PRIVATE:
        visibility = NoteVisibility.TABLE  # a record is for the table at least
    note = Note(
        assembly_id=sitting.assembly_id,
        sitting_id=sitting.id,
        author_id=user.id,
        visibility=visibility,
        table_number=table_number,
        is_table_record=is_table_record,
        body=body,
    )
    db.session.add(note)
    db.session.flush()
    return note


def update_note(note: Note, user, visibility: str, body: str) -> None:
    """Change the author's own note."""
    if note.author_id != user.id:
        raise NoteError(_l("Only the author can change a note."))
    body = (body or "").strip()
    if not body or len(body) > MAX_BODY:
        raise NoteError(_l("Write something first (at most %(n)d characters).", n=MAX_BODY))
    visibility = NoteVisibility(visibility)
    if visibility == NoteVisibility.TABLE and note.table_number is None:
        raise NoteError(_l("You are not seated at a table for this sitting; ask a facilitator."))
    note.visibility = visibility
    note.body = body
    db.session.flush()


def delete_note(note: Note, user) -> None:
    """Delete the author's own note."""
    if note.author_id != user.id:
        raise NoteError(_l("Only the author can delete a note."))
    db.session.delete(note)
    db.session.flush()


@dataclass(frozen=True)
class NoteFilter:
    sitting_id: int | None = None
    table_number: int | None = None
    q: str = ""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def visible_notes(assembly: Assembly, user, criteria: NoteFilter = NoteFilter()) -> list[Note]:
    """Return the notes `user` may read, newest first, filtered by sitting, table and text.

    Private notes come back to their author only — never to organisers or facilitators.
    """
    rules = [Note.author_id == user.id, Note.visibility == NoteVisibility.PLENARY]
    if can_steer(user, assembly):
        rules.append(Note.visibility == NoteVisibility.TABLE)
    else:
        for sitting_id, table_number in _tables_of(user):
            rules.append(
                and_(
                    Note.visibility == NoteVisibility.TABLE,
                    Note.sitting_id == sitting_id,
                    Note.table_number == table_number,
                )
            )
    query = db.select(Note).filter(Note.assembly_id == assembly.id, or_(*rules))
    if criteria.sitting_id:
        query = query.filter(Note.sitting_id == criteria.sitting_id)
    if criteria.table_number:
        query = query.filter(Note.table_number == criteria.table_number)
    if criteria.q.strip():
        pattern = f"%{_escape_like(criteria.q.strip())}%"
        query = query.filter(Note.body.ilike(pattern, escape="\\"))
    return list(db.session.scalars(query.order_by(Note.created_at.desc(), Note.id.desc())))
