"""An open survey of assembly `b` for the route walk."""

from facilitate.extensions import db
from facilitate.models.base import utcnow


def extend(b, values: dict) -> None:
    from facilitate.surveys import services

    survey = services.create_survey(b, "After the first weekend", None, None)
    services.open_survey(survey, utcnow(), None)
    db.session.commit()
    values.update(
        survey_id=survey.id,
        question_id=survey.questions[0].id,
        # No answer is stored yet; the walk only needs the route to be reachable.
        answer_id="0" * 32,
    )
