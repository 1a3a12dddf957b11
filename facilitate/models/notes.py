"""Members' notes per sitting (tables are seated by the sittings area: TableSeat)."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class NoteVisibility(enum.StrEnum):
    PRIVATE = "private"
    TABLE = "table"
    PLENARY = "plenary"


NOTE_VISIBILITY_LABELS = {
    NoteVisibility.PRIVATE: _l("Private: only me"),
    NoteVisibility.TABLE: _l("My table"),
    NoteVisibility.PLENARY: _l("Put forward to the plenary"),
}


class Note(db.Model):
    """A note written during a sitting; private notes are seen by their author alone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[NoteVisibility] = mapped_column(string_enum(NoteVisibility))
    #: The table the note belongs to (table notes and facilitators' records).
    table_number: Mapped[int | None] = mapped_column(Integer, index=True)
    #: A facilitator's record of the table's discussion.
    is_table_record: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Markdown, rendered through the sanitiser.
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    author: Mapped["User | None"] = relationship()  # noqa: F821
    sitting: Mapped["Sitting"] = relationship()  # noqa: F821
