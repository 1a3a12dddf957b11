"""The assembly's own registration form: extra questions, support offered, barriers named.

Everything here is organisers' business only: answers and barriers are personal data shown in
the pool and its exports, never on a public page.
"""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.assemblies import Assembly
from facilitate.models.base import string_enum
from facilitate.models.registrants import Registrant


class QuestionKind(enum.StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"


QUESTION_KIND_LABELS = {
    QuestionKind.TEXT: _l("Short text"),
    QuestionKind.CHOICE: _l("Choice"),
    QuestionKind.YES_NO: _l("Yes or no"),
}


class Barrier(enum.StrEnum):
    """What may make it hard for someone to take part."""

    TRAVEL = "travel"
    CARE = "care"
    WORKING_HOURS = "working_hours"
    LANGUAGE = "language"
    DISABILITY = "disability"
    DIGITAL = "digital"
    #: The person's own words; the text is in `detail`.
    OTHER = "other"


BARRIER_LABELS = {
    Barrier.TRAVEL: _l("Travel"),
    Barrier.CARE: _l("Care duties"),
    Barrier.WORKING_HOURS: _l("Working hours"),
    Barrier.LANGUAGE: _l("Language"),
    Barrier.DISABILITY: _l("Disability"),
    Barrier.DIGITAL: _l("Digital access"),
    Barrier.OTHER: _l("Other"),
}


class Support(enum.StrEnum):
    """Support an assembly may offer to those who take part."""

    ALLOWANCE = "allowance"
    TRAVEL = "travel"
    CHILDCARE = "childcare"
    INTERPRETATION = "interpretation"
    ACCESSIBLE_VENUE = "accessible_venue"


SUPPORT_LABELS = {
    Support.ALLOWANCE: _l("Allowance"),
    Support.TRAVEL: _l("Travel costs or transport"),
    Support.CHILDCARE: _l("Childcare"),
    Support.INTERPRETATION: _l("Interpretation"),
    Support.ACCESSIBLE_VENUE: _l("Accessible venue"),
}


class RegistrationQuestion(db.Model):
    """A question of the assembly's own on its registration form."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[QuestionKind] = mapped_column(string_enum(QuestionKind))
    label: Mapped[str] = mapped_column(String(200))
    #: The choices of a CHOICE question, one per line.
    options: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    # A backref, so that the assembly's module need not know about the form's parts; loaded
    # with the assembly in one query for the registration page (registration/services.py).
    assembly: Mapped[Assembly] = relationship(
        backref=backref(
            "registration_questions",
            order_by="RegistrationQuestion.position, RegistrationQuestion.id",
            cascade="all, delete-orphan",
            passive_deletes=True,
        )
    )

    @property
    def choices(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class RegistrantQuestionAnswer(db.Model):
    """A registrant's answer to one of the assembly's own questions, as text."""

    registrant_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("registration_question.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: The text typed, the option chosen, or "yes"/"no".
    value: Mapped[str] = mapped_column(String(500), default="")

    question: Mapped[RegistrationQuestion] = relationship()
    registrant: Mapped[Registrant] = relationship(
        backref=backref("question_answers", cascade="all, delete-orphan", passive_deletes=True)
    )

    @property
    def shown(self) -> str:
        """Return the answer as organisers read it ("Yes" rather than "yes")."""
        if self.question.kind is QuestionKind.YES_NO:
            return str({"yes": _l("Yes"), "no": _l("No")}.get(self.value, self.value))
        return self.value


class RegistrantBarrier(db.Model):
    """Something the registrant said would make it hard to take part."""

    registrant_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[Barrier] = mapped_column(string_enum(Barrier), primary_key=True)
    #: The person's own words (for OTHER).
    detail: Mapped[str] = mapped_column(String(500), default="")

    registrant: Mapped[Registrant] = relationship(
        backref=backref("barriers", cascade="all, delete-orphan", passive_deletes=True)
    )

    @property
    def label(self) -> str:
        return str(BARRIER_LABELS[self.kind])

    @property
    def order(self) -> int:
        """Return the barrier's place in the form's order (the person's own words last)."""
        return list(Barrier).index(self.kind)


class AssemblySupport(db.Model):
    """The support an assembly offers, shown beside the barriers on its form."""

    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), primary_key=True
    )
    #: Support value → a short note ("€50 a day", "bus tickets"); only offered kinds appear.
    # One row per assembly, so loading it with the assembly multiplies no rows.
    offers: Mapped[dict] = mapped_column(JSON, default=dict)

    assembly: Mapped[Assembly] = relationship(
        backref=backref(
            "support_offered", uselist=False, cascade="all, delete-orphan", passive_deletes=True
        )
    )

    def offered(self) -> list[tuple[Support, str]]:
        """Return the offered kinds with their notes, in the order of `Support`."""
        return [(kind, self.offers[kind.value]) for kind in Support if kind.value in self.offers]
