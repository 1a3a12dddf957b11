"""Prepare, open, answer, close and moderate member surveys. Functions flush; the view commits.

Answers go into a box like ballot papers (ballots/papers.py): the respondent row says who
answered, the answers say what, and nothing but the survey joins them.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from facilitate.audit.services import record_action
from facilitate.ballots import papers
from facilitate.ballots.services import eligible_members
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models import Assembly, Member, MemberStatus, Sitting, User
from facilitate.models.surveys import (
    Moderation,
    QuestionKind,
    QuestionWording,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRespondent,
    SurveyStatus,
)
from facilitate.refusals import Refused
from facilitate.surveys.question_set import built_in_wordings

TEXT_LENGTH = 2000
WORDING_LENGTH = 500
SCALE = ("1", "2", "3", "4", "5")


class SurveyRefused(Refused):
    """A survey action refused, with reasons fit to show."""


def create_survey(assembly: Assembly, title: str, sitting: Sitting | None, actor: User) -> Survey:
    """Start preparing a survey with the built-in questions in the assembly's language."""
    if sitting is not None and sitting.assembly_id != assembly.id:
        raise SurveyRefused(_l("Choose a sitting of this assembly."))
    title = title.strip()[:200]
    if not title:
        raise SurveyRefused(_l("Give the survey a title."))
    survey = Survey(
        assembly_id=assembly.id,
        sitting_id=sitting.id if sitting else None,
        title=title,
        created_by_id=actor.id if actor else None,
    )
    for position, (topic, kind, text) in enumerate(built_in_wordings(assembly.language), 1):
        question = SurveyQuestion(position=position, kind=kind, topic=topic)
        question.wordings.append(QuestionWording(language=assembly.language, text=text))
        survey.questions.append(question)
    db.session.add(survey)
    db.session.flush()
    return survey


def _check_editable(survey: Survey, language: str, text: str) -> str:
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyRefused(_l("Questions can only be changed before the survey opens."))
    if language not in LANGUAGE_NAMES:
        raise SurveyRefused(_l("Choose one of the listed languages."))
    text = text.strip()
    if not text or len(text) > WORDING_LENGTH:
        raise SurveyRefused(_l("Write the question in at most 500 characters."))
    return text


def add_question(survey: Survey, kind: str, language: str, text: str) -> SurveyQuestion:
    """Add a question of one's own to a survey still being prepared."""
    text = _check_editable(survey, language, text)
    if kind not in {k.value for k in QuestionKind}:
        raise SurveyRefused(_l("Choose a kind of question."))
    question = SurveyQuestion(position=len(survey.questions) + 1, kind=QuestionKind(kind))
    question.wordings.append(QuestionWording(language=language, text=text))
    survey.questions.append(question)
    db.session.flush()
    return question


def set_wording(question: SurveyQuestion, language: str, text: str) -> None:
    """Word a question in one language, replacing that language's wording if any."""
    text = _check_editable(question.survey, language, text)
    wording = next((w for w in question.wordings if w.language == language), None)
    if wording is None:
        question.wordings.append(QuestionWording(language=language, text=text))
    else:
        wording.text = text
    db.session.flush()


def remove_question(question: SurveyQuestion) -> None:
    """Take a question out of a survey still being prepared, renumbering the rest."""
    survey = question.survey
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyRefused(_l("Questions can only be changed before the survey opens."))
    survey.questions.remove(question)
    db.session.flush()
    for position, rest in enumerate(survey.questions, 1):
        rest.position = -position  # two passes: the unique (survey, position) holds meanwhile
    db.session.flush()
    for rest in survey.questions:
        rest.position = -rest.position
    db.session.flush()


def _lock(survey: Survey) -> None:
    """Hold the survey's row (the box's lock) until commit and reload its state."""
    papers.lock_box(SurveyAnswer, survey.id)
    db.session.refresh(survey)


def open_survey(survey: Survey, now: datetime, actor: User | None) -> None:
    """Let the members answer."""
    _lock(survey)
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyRefused(_l("Only a survey being prepared can be opened."))
    if not survey.questions:
        raise SurveyRefused(_l("Add at least one question first."))
    survey.status = SurveyStatus.OPEN
    survey.opened_at = now
    db.session.flush()
    record_action(actor, "survey.open", survey.assembly_id, f"survey:{survey.id}")


def close_survey(survey: Survey, now: datetime, actor: User | None) -> None:
    """Stop answers, note how many could answer, and write the answers once more, compacted."""
    _lock(survey)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyRefused(_l("Only an open survey can be closed."))
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = now
    survey.eligible_count = eligible_members(survey.assembly_id)
    db.session.flush()
    papers.reshuffle(SurveyAnswer, survey.id, compact=True)
    after = {"answered": respondent_count(survey), "eligible": survey.eligible_count}
    record_action(actor, "survey.close", survey.assembly_id, f"survey:{survey.id}", after=after)


def respondent_count(survey: Survey) -> int:
    """Count the members who answered."""
    return db.session.scalar(
        select(db.func.count(SurveyRespondent.id)).filter_by(survey_id=survey.id)
    )


def has_answered(survey: Survey, member: Member) -> bool:
    """Say whether this member already answered this survey."""
    found = select(SurveyRespondent.id).filter_by(survey_id=survey.id, member_id=member.id)
    return db.session.scalar(found) is not None


def _papers(survey: Survey, answers: dict[int, str]) -> list[dict]:
    """Check the answers ({question id: value or text}) and return the papers to store."""
    rows = []
    for question in survey.questions:
        given = (answers.get(question.id) or "").strip()
        # Every paper has every column: one multi-row insert writes them.
        paper = {"question_id": question.id, "value": None, "text": None, "moderation": None}
        if question.kind == QuestionKind.SCALE:
            if given not in SCALE:
                raise SurveyRefused(_l("Choose a point on every scale."))
            rows.append({**paper, "value": given})
        elif given:
            if len(given) > TEXT_LENGTH:
                raise SurveyRefused(_l("Keep each written answer under 2000 characters."))
            rows.append({**paper, "text": given, "moderation": Moderation.PENDING})
    return rows


def answer_survey(survey: Survey, member: Member, answers: dict[int, str]) -> None:
    """Record that `member` answered and, apart, what they answered.

    Free text left blank is not stored. The survey's row is locked first, so a second submission waits for the first and then
    finds the member already answered; the respondent row's unique (survey, member) refuses it
    should anything else slip through.
    """
    if member.assembly_id != survey.assembly_id or member.status != MemberStatus.CONFIRMED:
        raise SurveyRefused(_l("Only confirmed members of this assembly answer its surveys."))
    rows = _papers(survey, answers)
    _lock(survey)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyRefused(_l("This survey is not open."))
    if has_answered(survey, member):
        raise SurveyRefused(_l("You have already answered this survey. Your first answers count."))
    db.session.add(SurveyRespondent(survey_id=survey.id, member_id=member.id))
    db.session.flush()
    papers.drop_in(SurveyAnswer, survey.id, rows)


def moderate_answer(survey: Survey, answer_id: str, decision: str, actor: User | None) -> None:
    """Approve or hide one free-text answer of a closed survey."""
    if decision not in (Moderation.APPROVED, Moderation.HIDDEN):
        raise SurveyRefused(_l("Approve or hide the answer."))
    _lock(survey)  # a response rewriting the box must not race the update
    if survey.status != SurveyStatus.CLOSED:
        raise SurveyRefused(_l("Answers are moderated once the survey is closed."))
    done = db.session.execute(
        update(SurveyAnswer)
        .where(
            SurveyAnswer.id == answer_id,
            SurveyAnswer.survey_id == survey.id,
            SurveyAnswer.moderation.is_not(None),
        )
        .values(moderation=Moderation(decision))
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise SurveyRefused(_l("This answer is not in this survey."))
    record_action(
        actor, "survey.moderate", survey.assembly_id, f"survey:{survey.id}", after={"to": decision}
    )
