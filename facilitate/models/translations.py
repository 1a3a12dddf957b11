"""Versions of an assembly's texts in its working languages, each tied to the source it came from."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class TranslationStatus(enum.StrEnum):
    """What the translator said of their text; "missing" and "outdated" are derived."""

    DRAFT = "draft"
    CURRENT = "current"


class ContentTranslation(db.Model):
    """One field of one text (a remit, a recommendation's title…) in one working language."""

    __table_args__ = (UniqueConstraint("assembly_id", "kind", "object_id", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: What the text belongs to: "remit", "recommendation", "ballot_item", "response"…
    kind: Mapped[str] = mapped_column(String(40))
    #: The id of that object (the assembly's own id for its remit).
    object_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text, default="")
    #: SHA-256 of the authoritative text it was translated from: when the source's hash
    #: differs, the translation is outdated.
    source_hash: Mapped[str] = mapped_column(String(64))
    #: That source as it was, so the translator sees what changed since.
    source_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TranslationStatus] = mapped_column(
        string_enum(TranslationStatus), default=TranslationStatus.DRAFT
    )
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
