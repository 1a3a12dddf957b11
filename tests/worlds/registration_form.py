"""Objects of assembly `b` for the registration-form routes: one question of its own."""

from facilitate.extensions import db
from facilitate.models.registration_form import QuestionKind, RegistrationQuestion


def extend(b, values: dict) -> None:
    question = RegistrationQuestion(
        assembly_id=b.id, kind=QuestionKind.TEXT, label="How did you hear of us?", position=1
    )
    db.session.add(question)
    db.session.commit()
    values["question_id"] = question.id
