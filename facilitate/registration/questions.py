"""The assembly's own questions, the support it offers, and what registrants answer to them.

Organisers change the form until the draw; each change is audited, because it changes what
people are asked. Answers and barriers belong to the organisers' view of the pool only.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus, User
from facilitate.models.registration_form import (
    AssemblySupport,
    Barrier,
    QuestionKind,
    RegistrantBarrier,
    RegistrantQuestionAnswer,
    RegistrationQuestion,
    Support,
)
from facilitate.refusals import Refused

#: Once selection begins the pool is fixed; a new question would split it in two.
EDITABLE = frozenset({AssemblyStatus.DRAFT, AssemblyStatus.RECRUITING})
#: A form people finish: beyond this, organisers are writing a survey.
MAX_QUESTIONS = 20
MAX_OPTIONS = 20
YES, NO = "yes", "no"


class QuestionRefused(Refused):
    """A change to the form that cannot be made now or as asked."""


def _check_editable(assembly: Assembly) -> None:
    if assembly.status not in EDITABLE:
        raise QuestionRefused(_l("The registration form cannot change once selection has begun."))


def _check_content(kind: QuestionKind, label: str, choices: list[str]) -> None:
    if not label.strip():
        raise QuestionRefused(_l("Write the question."))
    if kind is QuestionKind.CHOICE and len(choices) < 2:
        raise QuestionRefused(_l("A choice needs at least two options, one per line."))
    if len(choices) > MAX_OPTIONS or len({c.lower() for c in choices}) != len(choices):
        raise QuestionRefused(_l("Give at most %(n)d different options.", n=MAX_OPTIONS))


def _state(question: RegistrationQuestion) -> dict:
    return {
        "kind": question.kind.value,
        "label": question.label,
        "options": question.choices,
        "required": question.required,
        "position": question.position,
    }


def _options_text(kind: QuestionKind, options: str) -> tuple[str, list[str]]:
    choices = [line.strip() for line in options.splitlines() if line.strip()]
    if kind is not QuestionKind.CHOICE:
        return "", []
    return "\n".join(choices), choices


def _place(assembly: Assembly, question: RegistrationQuestion, position: int) -> None:
    """Put `question` at `position` (1 first) and number the others around it."""
    others = [q for q in assembly.registration_questions if q is not question]
    index = min(max(position, 1), len(others) + 1) - 1
    for number, each in enumerate([*others[:index], question, *others[index:]], start=1):
        each.position = number


def add_question(
    assembly: Assembly,
    kind: QuestionKind,
    label: str,
    options: str,
    required: bool,
    *,
    actor: User | None,
) -> RegistrationQuestion:
    """Add a question at the end of the assembly's form."""
    _check_editable(assembly)
    text, choices = _options_text(kind, options)
    _check_content(kind, label, choices)
    if len(assembly.registration_questions) >= MAX_QUESTIONS:
        raise QuestionRefused(_l("A form has at most %(n)d questions.", n=MAX_QUESTIONS))
    question = RegistrationQuestion(
        kind=kind,
        label=label.strip(),
        options=text,
        required=required,
        position=len(assembly.registration_questions) + 1,
    )
    assembly.registration_questions.append(question)
    db.session.flush()
    record_action(
        actor,
        "registration.add_question",
        assembly,
        f"question:{question.id}",
        after=_state(question),
    )
    return question


def edit_question(
    question: RegistrationQuestion,
    label: str,
    options: str,
    required: bool,
    position: int,
    *,
    actor: User | None,
) -> None:
    """Change a question's wording, options, whether it is required, and its place."""
    assembly = question.assembly
    _check_editable(assembly)
    text, choices = _options_text(question.kind, options)
    _check_content(question.kind, label, choices)
    before = _state(question)
    question.label, question.options, question.required = label.strip(), text, required
    _place(assembly, question, position)
    db.session.flush()
    record_action(
        actor,
        "registration.edit_question",
        assembly,
        f"question:{question.id}",
        before=before,
        after=_state(question),
    )


def remove_question(question: RegistrationQuestion, *, actor: User | None) -> None:
    """Remove a question and the answers given to it."""
    assembly = question.assembly
    _check_editable(assembly)
    answered = db.session.scalar(
        select(db.func.count()).where(RegistrantQuestionAnswer.question_id == question.id)
    )
    record_action(
        actor,
        "registration.remove_question",
        assembly,
        f"question:{question.id}",
        before={**_state(question), "answers": answered},
    )
    assembly.registration_questions.remove(question)
    for number, each in enumerate(assembly.registration_questions, start=1):
        each.position = number
    db.session.flush()


def set_support(assembly: Assembly, offers: dict[Support, str], *, actor: User | None) -> None:
    """Declare which support the assembly offers, each with a short note."""
    _check_editable(assembly)
    current = assembly.support_offered
    before = dict(current.offers) if current is not None else {}
    after = {kind.value: note.strip() for kind, note in offers.items()}
    if current is None:
        assembly.support_offered = AssemblySupport(offers=after)
    else:
        current.offers = after
    db.session.flush()
    record_action(
        actor, "registration.set_support", assembly, "support", before=before, after=after
    )


def offered_support(assembly: Assembly) -> list[tuple[Support, str]]:
    """Return the support the assembly offers, with its notes."""
    current = assembly.support_offered
    return current.offered() if current is not None else []


def answer_problems(assembly: Assembly, answers: dict[int, str]) -> list[str]:
    """Return what is wrong with answers keyed by question id: a required one left out, a
    choice that is not an option. The form says it first; this holds for every caller."""
    problems = []
    for question in assembly.registration_questions:
        value = (answers.get(question.id) or "").strip()
        if not value:
            if question.required:
                problems.append(_l("Please answer: %(q)s", q=question.label))
            continue
        allowed = {
            QuestionKind.CHOICE: question.choices,
            QuestionKind.YES_NO: [YES, NO],
        }.get(question.kind)
        if allowed is not None and value not in allowed:
            problems.append(_l("Choose one of the options: %(q)s", q=question.label))
    return problems


def form_answers(
    assembly: Assembly, answers: dict[int, str], barriers: dict[Barrier, str]
) -> tuple[list[RegistrantQuestionAnswer], list[RegistrantBarrier]]:
    """Return the rows to attach to a new registrant for its answers and barriers."""
    known = {q.id for q in assembly.registration_questions}
    answer_rows = [
        RegistrantQuestionAnswer(question_id=qid, value=value.strip()[:500])
        for qid, value in answers.items()
        if qid in known and (value or "").strip()
    ]
    barrier_rows = [
        RegistrantBarrier(kind=kind, detail=(detail or "").strip()[:500])
        for kind, detail in barriers.items()
    ]
    return answer_rows, barrier_rows


def answers_by_registrant(registrant_ids: list[int]) -> dict[int, dict[int, str]]:
    """Return each registrant's answers to the assembly's questions, keyed by question id."""
    found: dict[int, dict[int, str]] = {rid: {} for rid in registrant_ids}
    if registrant_ids:
        rows = db.session.execute(
            select(
                RegistrantQuestionAnswer.registrant_id,
                RegistrantQuestionAnswer.question_id,
                RegistrantQuestionAnswer.value,
            ).where(RegistrantQuestionAnswer.registrant_id.in_(registrant_ids))
        )
        for registrant_id, question_id, value in rows:
            found[registrant_id][question_id] = value
    return found


def barriers_by_registrant(registrant_ids: list[int]) -> dict[int, list[tuple[Barrier, str]]]:
    """Return what each registrant said would make it hard to take part, in a fixed order."""
    found: dict[int, list[tuple[Barrier, str]]] = {rid: [] for rid in registrant_ids}
    if registrant_ids:
        rows = db.session.execute(
            select(
                RegistrantBarrier.registrant_id, RegistrantBarrier.kind, RegistrantBarrier.detail
            ).where(RegistrantBarrier.registrant_id.in_(registrant_ids))
        )
        for registrant_id, kind, detail in rows:
            found[registrant_id].append((kind, detail))
    order = list(Barrier)
    for each in found.values():
        each.sort(key=lambda pair: order.index(pair[0]))
    return found
