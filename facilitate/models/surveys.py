"""Member surveys after a sitting or at the end, anonymous as ballots are.

`SurveyRespondent` records that a member answered a survey (once); `SurveyAnswer` records one
answer to one question. The two share nothing but the survey: an answer has a random id, no
member, no time, and answers are rewritten in random order on every response
(ballots/papers.py), so neither ids, physical order nor transactions pair them.
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionKind(enum.StrEnum):
    #: Agreement with a statement, from 1 (strongly disagree) to 5 (strongly agree).
    SCALE = "scale"
    TEXT = "text"


class Moderation(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


SURVEY_STATUS_LABELS = {
    SurveyStatus.DRAFT: _l("Being prepared"),
    SurveyStatus.OPEN: _l("Open"),
    SurveyStatus.CLOSED: _l("Closed"),
}
QUESTION_KIND_LABELS = {
    QuestionKind.SCALE: _l("Scale from 1 to 5"),
    QuestionKind.TEXT: _l("Free text"),
}
AGREEMENT_LABELS = {
    "1": _l("Strongly disagree"),
    "2": _l("Disagree"),
    "3": _l("Neither agree nor disagree"),
    "4": _l("Agree"),
    "5": _l("Strongly agree"),
}
MODERATION_LABELS = {
    Moderation.PENDING: _l("Waiting for moderation"),
    Moderation.APPROVED: _l("Approved"),
    Moderation.HIDDEN: _l("Hidden"),
}


class Survey(db.Model):
    """A questionnaire members answer anonymously after a sitting or at the end."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: The sitting it follows; none for the survey at the end of the assembly.
    sitting_id: Mapped[int | None] = mapped_column(ForeignKey("sitting.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[SurveyStatus] = mapped_column(
        string_enum(SurveyStatus), default=SurveyStatus.DRAFT
    )
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Members who could answer when it closed, for the response rate.
    eligible_count: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position"
    )
    sitting: Mapped["Sitting | None"] = relationship()  # noqa: F821


class SurveyQuestion(db.Model):
    """One question of a survey; its wording is kept per language."""

    __table_args__ = (UniqueConstraint("survey_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(string_enum(QuestionKind))
    #: The built-in question it started from ("remit", "evidence"…), empty for an added one.
    topic: Mapped[str] = mapped_column(String(40), default="")

    survey: Mapped[Survey] = relationship(back_populates="questions")
    wordings: Mapped[list["QuestionWording"]] = relationship(
        back_populates="question", cascade="all, delete-orphan"
    )

    def text_in(self, language: str, fallback: str) -> str:
        """Return the wording in `language`, else in `fallback`, else any wording."""
        by_language = {w.language: w.text for w in self.wordings}
        for code in (language, fallback):
            if code in by_language:
                return by_language[code]
        return next(iter(by_language.values()), "")


class QuestionWording(db.Model):
    """A question's text in one language."""

    __table_args__ = (UniqueConstraint("question_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True
    )
    #: A language code as the assembly's (facilitate/i18n.py LANGUAGE_NAMES).
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(String(500))

    question: Mapped[SurveyQuestion] = relationship(back_populates="wordings")


class SurveyRespondent(db.Model):
    """That a member has answered a survey — never what they answered, nor when."""

    __table_args__ = (
        UniqueConstraint("survey_id", "member_id", name="uq_survey_respondent_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)


class SurveyAnswer(db.Model):
    """One answer to one question, with no trace of who gave it or when."""

    #: The box the answer belongs to (ballots/papers.py): all of a survey's answers together.
    __box__ = "survey_id"

    #: Random, so the order of ids says nothing about the order of answering.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True
    )
    #: "1".."5" on a scale question.
    value: Mapped[str | None] = mapped_column(String(1))
    #: A free-text answer; shown to anyone but organisers only once approved.
    text: Mapped[str | None] = mapped_column(Text)
    #: Free text only: an organiser approves or hides it.
    moderation: Mapped[Moderation | None] = mapped_column(string_enum(Moderation))
