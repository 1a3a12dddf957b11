"""Members' questions to a sitting's experts: asked, supported, ordered and answered."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from facilitate.extensions import db
from facilitate.models import Sitting, User
from facilitate.models.sittings_content import Question, QuestionSupport


def questions_for(sitting: Sitting) -> list[Question]:
    """Return the sitting's questions: open ones in the facilitator's order, answered last."""
    rows = db.session.scalars(select(Question).filter_by(sitting_id=sitting.id)).all()
    return sorted(rows, key=lambda q: (q.answered_at is not None, q.position, q.id))


def ask_question(sitting: Sitting, user: User, body: str) -> Question:
    """Add a question at the end of the open list."""
    last = db.session.scalar(select(func.max(Question.position)).filter_by(sitting_id=sitting.id))
    question = Question(
        sitting_id=sitting.id, author_id=user.id, body=body.strip(), position=(last or 0) + 1
    )
    db.session.add(question)
    db.session.flush()
    return question


def toggle_support(question: Question, user: User) -> bool:
    """Support the question, or withdraw the support; return whether it is now supported."""
    existing = db.session.scalar(
        select(QuestionSupport).filter_by(question_id=question.id, user_id=user.id)
    )
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
        return False
    db.session.add(QuestionSupport(question_id=question.id, user_id=user.id))
    db.session.flush()
    return True


def move_question(question: Question, direction: str) -> None:
    """Swap the question with its neighbour among the open questions ("up" or "down")."""
    open_ = [q for q in questions_for(question.sitting) if q.answered_at is None]
    if question not in open_:
        return
    index = open_.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(open_):
        return
    # Renumber so equal positions cannot make the swap a no-op.
    for position, item in enumerate(open_, start=1):
        item.position = position
    open_[index].position, open_[other].position = open_[other].position, open_[index].position
    db.session.flush()


def answer_question(question: Question, user: User, text: str) -> None:
    """Record an expert's written answer and mark the question answered."""
    question.answer = text.strip()
    question.answered_by_id = user.id
    question.answered_at = datetime.now(UTC)
    db.session.flush()


def set_answered(question: Question, user: User, answered: bool) -> None:
    """Mark a question answered (in the room) or open again."""
    question.answered_at = datetime.now(UTC) if answered else None
    question.answered_by_id = user.id if answered else None
    db.session.flush()


def open_questions_by(user: User, sittings: list[Sitting]) -> list[Question]:
    """Return the user's unanswered questions for these sittings."""
    ids = [s.id for s in sittings]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Question).where(
                Question.sitting_id.in_(ids),
                Question.author_id == user.id,
                Question.answered_at.is_(None),
            )
        )
    )
