"""What survey pages show: who may answer, the response rate, and results fit to disclose."""

from sqlalchemy import func, select

from facilitate.ballots.services import eligible_members
from facilitate.disclosure import SMALLEST_SHOWN
from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models.surveys import (
    Moderation,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyStatus,
)
from facilitate.surveys.services import SCALE, respondent_count


def surveys_of(assembly: Assembly, manage: bool) -> list[Survey]:
    """Return the assembly's surveys, newest first; members do not see those being prepared."""
    query = select(Survey).filter_by(assembly_id=assembly.id).order_by(Survey.id.desc())
    if not manage:
        query = query.filter(Survey.status != SurveyStatus.DRAFT)
    return list(db.session.scalars(query))


def response_rate(survey: Survey) -> dict:
    """Return how many answered of how many could ("12 of 24 members answered")."""
    eligible = survey.eligible_count
    if eligible is None:
        eligible = eligible_members(survey.assembly_id)
    return {"answered": respondent_count(survey), "eligible": eligible}


def results(survey: Survey, language: str, fallback: str, moderator: bool) -> dict:
    """Return the results of a closed survey, per question, or why they are withheld.

    Nothing per question shows before the survey closes (a result that moves as a member
    submits would point to their answers) nor when fewer than SMALLEST_SHOWN answered.
    Free text shows once approved; the moderator sees every answer with its state.
    """
    rate = response_rate(survey)
    shown = survey.status == SurveyStatus.CLOSED and rate["answered"] >= SMALLEST_SHOWN
    if not shown:
        return {"rate": rate, "shown": False, "questions": []}
    counts = dict(
        ((question_id, value), n)
        for question_id, value, n in db.session.execute(
            select(SurveyAnswer.question_id, SurveyAnswer.value, func.count())
            .filter(SurveyAnswer.survey_id == survey.id, SurveyAnswer.value.is_not(None))
            .group_by(SurveyAnswer.question_id, SurveyAnswer.value)
        )
    )
    texts = select(SurveyAnswer).filter(
        SurveyAnswer.survey_id == survey.id, SurveyAnswer.text.is_not(None)
    )
    if not moderator:
        texts = texts.filter(SurveyAnswer.moderation == Moderation.APPROVED)
    # Ordered by the text itself: neither the order of answering nor of storing shows.
    by_question: dict[int, list[SurveyAnswer]] = {}
    for answer in db.session.scalars(texts.order_by(SurveyAnswer.text, SurveyAnswer.id)):
        by_question.setdefault(answer.question_id, []).append(answer)
    questions = []
    for question in survey.questions:
        entry = {"question": question, "text": question.text_in(language, fallback)}
        if question.kind == QuestionKind.SCALE:
            bars = [counts.get((question.id, v), 0) for v in SCALE]
            entry["bars"] = list(zip(SCALE, bars, strict=True))
            entry["total"] = sum(bars)
            entry["mean"] = sum(int(v) * n for v, n in entry["bars"]) / (entry["total"] or 1)
        else:
            entry["answers"] = by_question.get(question.id, [])
        questions.append(entry)
    return {"rate": rate, "shown": True, "questions": questions}
