"""Versions of an assembly's or a council's texts in its working languages, each tied to the
source it came from."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class WorkingLanguages:
    """The languages an assembly or a council keeps its texts in; `language` is authoritative."""

    #: Every language its texts are kept in, comma-separated ("de,fr"); the authoritative one
    #: is always among them (see `working_languages`).
    working_languages_csv: Mapped[str] = mapped_column(
        "working_languages", String(40), default="", server_default=""
    )

    @property
    def working_languages(self) -> list[str]:
        """Return the working languages, the authoritative one first."""
        # Unflushed, the column still lacks its default.
        kept = (self.working_languages_csv or "").split(",")
        others = [c for c in kept if c and c != self.language]
        return [self.language, *others]

    @working_languages.setter
    def working_languages(self, codes) -> None:
        self.working_languages_csv = ",".join(dict.fromkeys(c for c in codes or () if c))

    @property
    def is_multilingual(self) -> bool:
        return len(self.working_languages) > 1


class TranslationStatus(enum.StrEnum):
    """What the translator said of their text; "missing" and "outdated" are derived."""

    DRAFT = "draft"
    CURRENT = "current"


class ContentTranslation(db.Model):
    """One field of one text (a remit, a topic's title…) in one working language.

    A text belongs to an assembly or to a council, never both: one table and one service serve
    the two, and each owner's rows are unique on their own key.
    """

    __table_args__ = (
        UniqueConstraint("assembly_id", "kind", "object_id", "field", "language"),
        UniqueConstraint("council_id", "kind", "object_id", "field", "language"),
        CheckConstraint(
            "(assembly_id IS NOT NULL AND council_id IS NULL)"
            " OR (assembly_id IS NULL AND council_id IS NOT NULL)",
            name="one_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    council_id: Mapped[int | None] = mapped_column(
        ForeignKey("council.id", ondelete="CASCADE"), index=True
    )
    #: What the text belongs to: "remit", "recommendation", "council_topic", "response"…
    kind: Mapped[str] = mapped_column(String(40))
    #: The id of that object (the assembly's or council's own id for its own texts).
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
