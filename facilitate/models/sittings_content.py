"""What happens at a sitting: evidence, members' questions and small-group tables."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class MaterialFormat(enum.StrEnum):
    """A form a material exists in, for members who cannot use the standard one."""

    STANDARD = "standard"
    EASY_READ = "easy_read"
    AUDIO = "audio"
    LARGE_PRINT = "large_print"
    BRAILLE = "braille"


MATERIAL_FORMAT_LABELS = {
    MaterialFormat.STANDARD: _l("Standard"),
    MaterialFormat.EASY_READ: _l("Easy read"),
    MaterialFormat.AUDIO: _l("Audio"),
    MaterialFormat.LARGE_PRINT: _l("Large print"),
    MaterialFormat.BRAILLE: _l("Braille"),
}


class Material(db.Model):
    """An item of the evidence library: an uploaded document or a link, with a summary."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: None for the assembly-wide library.
    sitting_id: Mapped[int | None] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    #: The document itself; kept in the database so no upload touches the disk.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("expert.id", ondelete="SET NULL"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The formats it exists in, comma-separated (MaterialFormat values).
    formats_csv: Mapped[str] = mapped_column(
        "formats", String(100), default="standard", server_default="standard"
    )

    sitting: Mapped["Sitting | None"] = relationship()  # noqa: F821
    uploaded_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    @property
    def formats(self) -> set[MaterialFormat]:
        """Return the formats it exists in; unknown values (from a newer version) are skipped."""
        known = {f.value for f in MaterialFormat}
        return {MaterialFormat(v) for v in self.formats_csv.split(",") if v in known}

    @formats.setter
    def formats(self, values) -> None:
        chosen = {MaterialFormat(v) for v in values or ()}
        self.formats_csv = ",".join(f.value for f in MaterialFormat if f in chosen)


class Question(db.Model):
    """A member's question to a sitting's experts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    #: The facilitator's order; lower comes first.
    position: Mapped[int] = mapped_column(default=0)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sitting: Mapped["Sitting"] = relationship()  # noqa: F821
    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])  # noqa: F821
    answered_by: Mapped["User | None"] = relationship(foreign_keys=[answered_by_id])  # noqa: F821
    supports: Mapped[list["QuestionSupport"]] = relationship(cascade="all, delete-orphan")


class QuestionSupport(db.Model):
    """A member backing another member's question."""

    __table_args__ = (UniqueConstraint("question_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))


class TableSeat(db.Model):
    """A member's table in one deliberation sitting."""

    __table_args__ = (UniqueConstraint("sitting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    #: Tables are numbered from 1.
    table_no: Mapped[int]

    member: Mapped["Member"] = relationship()  # noqa: F821


class TableFacilitator(db.Model):
    """Who facilitates a table at a sitting."""

    __table_args__ = (UniqueConstraint("sitting_id", "table_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sitting.id", ondelete="CASCADE"), index=True
    )
    table_no: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))

    user: Mapped["User"] = relationship()  # noqa: F821
