"""The pool: residents who registered to be drawn, and their answers to the quota questions."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class RegistrantStatus(enum.StrEnum):
    REGISTERED = "registered"
    WITHDRAWN = "withdrawn"
    SELECTED = "selected"
    #: Organisers found the person does not meet a rule of the assembly.
    INELIGIBLE = "ineligible"
    #: A second registration of someone registered already (`duplicate_of` is the one kept).
    DUPLICATE = "duplicate"


REGISTRANT_STATUS_LABELS = {
    RegistrantStatus.REGISTERED: _l("Registered"),
    RegistrantStatus.WITHDRAWN: _l("Withdrawn"),
    RegistrantStatus.SELECTED: _l("Selected"),
    RegistrantStatus.INELIGIBLE: _l("Ineligible"),
    RegistrantStatus.DUPLICATE: _l("Duplicate"),
}


class IneligibleRule(enum.StrEnum):
    """Which rule of the assembly an ineligible person does not meet."""

    MINIMUM_AGE = "minimum_age"
    RESIDENCE = "residence"
    EXCLUDED_OFFICE = "excluded_office"
    OTHER = "other"


INELIGIBLE_RULE_LABELS = {
    IneligibleRule.MINIMUM_AGE: _l("Under the minimum age"),
    IneligibleRule.RESIDENCE: _l("Lives outside the area"),
    IneligibleRule.EXCLUDED_OFFICE: _l("Holds an excluded office"),
    IneligibleRule.OTHER: _l("Other"),
}

REGISTRANT_STATUS_TYPE = string_enum(RegistrantStatus)


class Registrant(db.Model):
    __table_args__ = (Index("ix_registrant_assembly_status", "assembly_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assembly.id", ondelete="CASCADE"))
    #: Pseudonymous id shown in the draw's audit record instead of the name.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[RegistrantStatus] = mapped_column(
        REGISTRANT_STATUS_TYPE, default=RegistrantStatus.REGISTERED
    )
    #: "form" or "import".
    source: Mapped[str] = mapped_column(String(10), default="form")
    #: The language they registered in, so letters' follow-ups and e-mails reach them in it;
    #: "" when unknown (imported), which means the assembly's own.
    language: Mapped[str] = mapped_column(String(5), default="")

    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    #: At most one person per household may be drawn; same key, same household.
    household_key: Mapped[str] = mapped_column(String(64), default="")
    #: Hash of the normalised address, to flag the same address registering twice.
    address_key: Mapped[str] = mapped_column(String(64), default="", index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id", ondelete="SET NULL"))

    available: Mapped[bool] = mapped_column(Boolean, default=True)
    availability_note: Mapped[str] = mapped_column(String(500), default="")
    needs_access: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_interpreting: Mapped[str] = mapped_column(String(80), default="")
    dietary: Mapped[str] = mapped_column(String(200), default="")
    other_needs: Mapped[str] = mapped_column(String(500), default="")

    consent_version: Mapped[str] = mapped_column(String(20), default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why organisers should look at this registration (same email, same address…).
    duplicate_note: Mapped[str] = mapped_column(String(300), default="")
    #: Answers that contradict each other (age band, area), from pool/consistency.py.
    consistency_note: Mapped[str] = mapped_column(String(300), default="")
    #: SHA-256 of the token in the private link sent by email.
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: Set when the person's data was erased on request or purged; the row stays for counts.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why organisers set the status (ineligible, withdrawn, duplicate); audited with it.
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    ineligible_rule: Mapped[IneligibleRule | None] = mapped_column(string_enum(IneligibleRule))
    #: The registration kept when this one was marked a duplicate of it.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrant.id", ondelete="SET NULL")
    )

    answers: Mapped[list["RegistrantAnswer"]] = relationship(
        back_populates="registrant", cascade="all, delete-orphan"
    )

    duplicate_of: Mapped["Registrant | None"] = relationship(remote_side=[id])

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class RegistrantAnswer(db.Model):
    """A registrant's value in one quota category (a row per category, for SQL counts)."""

    __table_args__ = (Index("ix_registrant_answer_value", "value_id"),)

    registrant_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), primary_key=True
    )
    #: Implied by the value; no foreign key of its own, which halves the checks on bulk import.
    category_id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("quota_value.id", ondelete="CASCADE"))

    registrant: Mapped[Registrant] = relationship(back_populates="answers")
    value: Mapped["QuotaValue"] = relationship()  # noqa: F821


class LetterDraw(db.Model):
    """The lottery that chose which addresses receive an invitation letter."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    source_filename: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_rows: Mapped[int]
    requested: Mapped[int]
    drawn: Mapped[int]
    seed: Mapped[str] = mapped_column(String(64))
    stratify_column: Mapped[str] = mapped_column(String(80), default="")
    #: JSON: per stratum, its size in the file and the letters drawn from it.
    strata: Mapped[str] = mapped_column(Text, default="{}")
    #: 1 for a first draw; a later wave sends more letters where response was low.
    wave: Mapped[int] = mapped_column(default=1)
    #: "simple", "stratified", "wave" or "two_stage": which procedure of lottery.py drew it.
    method: Mapped[str] = mapped_column(String(20), default="simple")
    #: JSON: what else the procedure needs to be repeated (weights, rates used, places drawn…).
    design: Mapped[str] = mapped_column(Text, default="{}")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Letter(db.Model):
    """One invitation letter with its code; the address is personal data."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    draw_id: Mapped[int] = mapped_column(
        ForeignKey("letter_draw.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20), unique=True)
    recipient: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    area: Mapped[str] = mapped_column(String(120), default="")
    household_key: Mapped[str] = mapped_column(String(64), default="")
    #: The stratum (or place) of the row, so that responses can be counted per stratum.
    stratum: Mapped[str] = mapped_column(String(120), default="")
    #: The row's number in the address file (0-based), so that the draw can be checked.
    source_row: Mapped[int | None]
    registrations_allowed: Mapped[int] = mapped_column(default=1)
    registrations_used: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PoolImport(db.Model):
    """An uploaded file between upload and import; deleted once imported or cancelled."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    #: JSON: column name → field name, "category:<id>" or "" (ignored).
    mapping: Mapped[str] = mapped_column(Text, default="{}")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
