"""Member surveys: anonymous as ballots (the same database-reader attacks), answered once,
moderated free text, small cohorts withheld, access by role and assembly, CSRF."""

import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from facilitate.backups.dump import create_backup
from facilitate.extensions import db
from facilitate.models import AssemblyStatus
from facilitate.models.audit import AuditEntry
from facilitate.models.base import utcnow
from facilitate.models.surveys import (
    Moderation,
    QuestionKind,
    SurveyAnswer,
    SurveyRespondent,
    SurveyStatus,
)
from facilitate.surveys import services
from tests import ballot_attacks, concurrency, factories
from tests.pages import csrf_token
from tests.worlds.deliberation import member

MEMBERS = 32


def _world(members: int = 6, status=SurveyStatus.OPEN):
    organiser = factories.user(can_organise=True, name="Olga Organiser")
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    seats = [member(assembly, factories.user(name=f"Member Number{n}"))[1] for n in range(members)]
    survey = services.create_survey(assembly, "After the first weekend", None, organiser)
    if status != SurveyStatus.DRAFT:
        services.open_survey(survey, utcnow(), organiser)
    db.session.commit()
    return organiser, assembly, survey, seats


def _answers(survey, rng, text_share: float = 0.5) -> dict[int, str]:
    given = {}
    for question in survey.questions:
        if question.kind == QuestionKind.SCALE:
            given[question.id] = rng.choice("12345")
        elif rng.random() < text_share:
            given[question.id] = f"thought {rng.randrange(10**6)}"
    return given


def _paper_ids(survey) -> dict[str, int]:
    rows = db.session.execute(
        select(SurveyAnswer.id, SurveyAnswer.question_id).filter_by(survey_id=survey.id)
    )
    return {paper_id: question_id for paper_id, question_id in rows}


def _answer_all(survey, seats, rng) -> dict:
    """Let every seat answer, in a shuffled order, one transaction each; return the truth."""
    order = list(seats)
    rng.shuffle(order)
    truth = {}
    for seat in order:
        before = _paper_ids(survey)
        services.answer_survey(survey, seat, _answers(survey, rng))
        db.session.commit()  # one transaction per response, as in the answer view
        for paper_id, question_id in _paper_ids(survey).items():
            if paper_id not in before:
                truth[(question_id, seat.id)] = paper_id
    return truth


def _layout(survey) -> ballot_attacks.Layout:
    return ballot_attacks.Layout(
        voters="survey_respondent",
        voter_box="survey_id",
        voter_day=None,
        papers="survey_answer",
        paper_box="question_id",
        paper_key="id",
        paper_day=None,
        key_pattern=rb"[0-9a-f]{32}",
        boxes={survey.id: [q.id for q in survey.questions]},
    )


def _assert_no_better_than_chance(attacks: dict, truth: dict, boxes: int) -> None:
    limit = ballot_attacks.chance_limit(boxes)
    scores = {name: ballot_attacks.score(guess, truth) for name, guess in attacks.items()}
    assert all(score <= limit for score in scores.values()), (scores, limit)


def _table_attacks(layout) -> dict:
    attacks = ballot_attacks.table_attacks(db.session.connection(), layout)
    db.session.commit()
    return attacks


@pytest.fixture
def answered(app):
    """32 members answer a seven-question survey in a shuffled order."""
    organiser, assembly, survey, seats = _world(MEMBERS)
    truth = _answer_all(survey, seats, random.Random(11))
    return {"organiser": organiser, "assembly": assembly, "survey": survey, "truth": truth}


def test_an_open_survey_links_no_member_to_an_answer(answered):
    survey = answered["survey"]
    assert db.session.scalar(select(func.count(SurveyRespondent.id))) == MEMBERS
    layout = _layout(survey)
    _assert_no_better_than_chance(_table_attacks(layout), answered["truth"], len(survey.questions))


def test_a_closed_and_moderated_survey_links_no_member_to_an_answer(
    answered, database_url, tmp_path
):
    survey, organiser = answered["survey"], answered["organiser"]
    services.close_survey(survey, utcnow(), organiser)
    db.session.commit()
    texts = db.session.scalars(select(SurveyAnswer.id).filter(SurveyAnswer.text.is_not(None)))
    for n, answer_id in enumerate(list(texts)):
        services.moderate_answer(survey, answer_id, ("approved", "hidden")[n % 2], organiser)
        db.session.commit()
    layout = _layout(survey)
    attacks = _table_attacks(layout)
    respondents = [
        (r.survey_id, r.member_id)
        for r in db.session.scalars(select(SurveyRespondent).order_by(SurveyRespondent.id))
    ]
    from facilitate.surveys import queries

    shown = queries.results(survey, "en", "en", moderator=True)
    listed = [
        (entry["question"].id, answer.id)
        for entry in shown["questions"]
        for answer in entry.get("answers", [])
    ]
    attacks["result_order"] = ballot_attacks.list_order(respondents, listed, layout)
    backup = create_backup(database_url, tmp_path / "backup.dump")
    attacks["backup_order"] = ballot_attacks.backup_order(backup, db.engine.dialect.name, layout)
    _assert_no_better_than_chance(attacks, answered["truth"], len(survey.questions))


def test_the_attacks_find_the_link_in_answers_written_the_naive_way(app):
    """Proof the attacks can fail: respondent and answers written together, nothing rewritten."""
    _organiser, _assembly, survey, seats = _world(12)
    truth = {}
    for n, seat in enumerate(seats):
        db.session.add(SurveyRespondent(survey_id=survey.id, member_id=seat.id))
        db.session.flush()
        for question in survey.questions:
            paper_id = f"{n:02d}{question.id:06d}".ljust(32, "a")
            db.session.add(
                SurveyAnswer(id=paper_id, survey_id=survey.id, question_id=question.id, value="3")
            )
            truth[(question.id, seat.id)] = paper_id
        db.session.commit()
    attacks = _table_attacks(_layout(survey))
    everything = 12 * len(survey.questions)
    if "xmin" in attacks:
        assert ballot_attacks.score(attacks["xmin"], truth) == everything
        assert ballot_attacks.score(attacks["old_versions"], truth) == everything
    else:
        assert ballot_attacks.score(attacks["row_order"], truth) == everything


def _answer_form(survey, value="4", text="") -> dict:
    form = {}
    for question in survey.questions:
        form[f"question-{question.id}"] = value if question.kind == QuestionKind.SCALE else text
    return form


def _url(assembly, survey, tail=""):
    return f"/assemblies/{assembly.slug}/surveys/{survey.id}{tail}"


def _count(model, survey) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(survey_id=survey.id))


def test_a_member_answers_once(client, login):
    _organiser, assembly, survey, seats = _world(2)
    login(seats[0].user)
    first = client.post(_url(assembly, survey, "/answer"), data=_answer_form(survey, text="Fine"))
    assert first.status_code == 302
    page = client.get(_url(assembly, survey)).get_data(as_text=True)
    assert "You have answered this survey" in page
    again = client.post(
        _url(assembly, survey, "/answer"), data=_answer_form(survey, "1"), follow_redirects=True
    )
    assert "already answered" in again.get_data(as_text=True)
    assert _count(SurveyRespondent, survey) == 1
    assert _count(SurveyAnswer, survey) == len(survey.questions)
    values = db.session.scalars(select(SurveyAnswer.value).filter(SurveyAnswer.value.is_not(None)))
    assert set(values) == {"4"}


def test_a_double_submission_counts_once(app):
    _organiser, assembly, survey, seats = _world(1)
    survey_id, seat_id = survey.id, seats[0].id
    given = _answers(survey, random.Random(3), text_share=1)

    def submit():
        from facilitate.models import Member
        from facilitate.models.surveys import Survey

        services.answer_survey(
            db.session.get(Survey, survey_id), db.session.get(Member, seat_id), given
        )
        db.session.commit()

    errors = concurrency.at_once(app, submit, [(), (), ()])
    assert len(errors) == 2, errors
    # The losers either wait for the winner and find the member answered, or lose the lock.
    assert all(isinstance(e, services.SurveyRefused | DBAPIError) for e in errors), errors
    db.session.expire_all()
    assert _count(SurveyRespondent, survey) == 1
    assert _count(SurveyAnswer, survey) == len(survey.questions)


def test_answers_are_checked(client, login):
    _organiser, assembly, survey, seats = _world(1)
    login(seats[0].user)
    form = _answer_form(survey)
    form[f"question-{survey.questions[0].id}"] = "9"
    client.post(_url(assembly, survey, "/answer"), data=form)
    form = _answer_form(survey, text="x" * 2001)
    client.post(_url(assembly, survey, "/answer"), data=form)
    assert _count(SurveyRespondent, survey) == 0 == _count(SurveyAnswer, survey)


def test_an_organiser_cannot_answer_nor_see_who_answered_what(client, login):
    organiser, assembly, survey, seats = _world(6)
    rng = random.Random(5)
    for seat in seats:
        services.answer_survey(survey, seat, _answers(survey, rng, text_share=1))
        db.session.commit()
    login(organiser)
    refused = client.post(_url(assembly, survey, "/answer"), data=_answer_form(survey))
    assert refused.status_code == 403
    assert _count(SurveyRespondent, survey) == 6
    # While open, nothing per question: a result moving as a member submits would name them.
    page = client.get(_url(assembly, survey, "/results")).get_data(as_text=True)
    assert "6 of 6 members answered" in page
    assert "thought" not in page
    client.post(_url(assembly, survey, "/close"))
    pages = [
        client.get(_url(assembly, survey, tail)).get_data(as_text=True) for tail in ("", "/results")
    ]
    pages.append(client.get(f"/assemblies/{assembly.slug}/surveys/").get_data(as_text=True))
    assert "thought" in pages[1]
    for page in pages:
        assert "Member Number" not in page


def test_free_text_waits_for_moderation(client, login):
    organiser, assembly, survey, seats = _world(5)
    for n, seat in enumerate(seats):
        form = _answer_form(survey, text=f"comment-{n}")
        services.answer_survey(survey, seat, {int(k[9:]): v for k, v in form.items()})
        db.session.commit()
    services.close_survey(survey, utcnow(), organiser)
    db.session.commit()
    login(seats[0].user)
    page = client.get(_url(assembly, survey, "/results")).get_data(as_text=True)
    assert "comment-" not in page
    assert "<svg" in page  # the scale questions' charts
    texts = select(SurveyAnswer.text, SurveyAnswer.id).filter(SurveyAnswer.text.is_not(None))
    by_text = {text: answer_id for text, answer_id in db.session.execute(texts)}
    url = _url(assembly, survey, f"/answers/{by_text['comment-0']}/moderate")
    assert client.post(url, data={"decision": "approved"}).status_code == 403
    pending = select(func.count()).filter(SurveyAnswer.moderation == Moderation.PENDING)
    assert db.session.scalar(pending) == 5
    client.post("/auth/logout")
    login(organiser)
    moderated = client.post(
        _url(assembly, survey, f"/answers/{by_text['comment-1']}/moderate"),
        data={"decision": "approved"},
    )
    assert moderated.status_code == 302
    client.post(
        _url(assembly, survey, f"/answers/{by_text['comment-2']}/moderate"),
        data={"decision": "hidden"},
    )
    assert "comment-3" in client.get(_url(assembly, survey, "/results")).get_data(as_text=True)
    client.post("/auth/logout")
    login(seats[0].user)
    page = client.get(_url(assembly, survey, "/results")).get_data(as_text=True)
    assert "comment-1" in page
    assert "comment-2" not in page and "comment-3" not in page
    actions = db.session.scalars(
        select(AuditEntry.action).filter(AuditEntry.action.like("survey.%"))
    )
    assert sorted(actions) == ["survey.close", "survey.moderate", "survey.moderate", "survey.open"]


def test_fewer_than_five_answers_show_no_results(client, login):
    organiser, assembly, survey, seats = _world(6)
    for seat in seats[:4]:
        services.answer_survey(survey, seat, _answers(survey, random.Random(1), text_share=1))
        db.session.commit()
    services.close_survey(survey, utcnow(), organiser)
    db.session.commit()
    login(organiser)
    page = client.get(_url(assembly, survey, "/results")).get_data(as_text=True)
    assert "4 of 6 members answered" in page
    assert "<svg" not in page and "thought" not in page


def test_questions_are_edited_and_worded_per_language(client, login):
    organiser, assembly, survey, seats = _world(1, status=SurveyStatus.DRAFT)
    login(organiser)
    first = survey.questions[0]
    client.post(
        _url(assembly, survey, f"/questions/{first.id}/wording"),
        data={"language": "fr", "text": "J'ai compris la question posée."},
    )
    client.post(
        _url(assembly, survey, "/questions"),
        data={"kind": "scale", "language": "en", "text": "The venue was accessible."},
    )
    client.post(_url(assembly, survey, "/open"))
    db.session.expire_all()
    assert survey.status == SurveyStatus.OPEN and len(survey.questions) == 8
    refused = client.post(
        _url(assembly, survey, "/questions"),
        data={"kind": "scale", "language": "en", "text": "Too late"},
    )
    assert refused.status_code == 302 and len(survey.questions) == 8
    client.post("/auth/logout")
    login(seats[0].user)
    french = client.get(_url(assembly, survey) + "?lang=fr").get_data(as_text=True)
    assert "J&#39;ai compris la question posée." in french
    # No French wording for the added question: the assembly's language stands in.
    assert "The venue was accessible." in french


def test_members_do_not_see_a_survey_being_prepared(client, login):
    _organiser, assembly, survey, seats = _world(1, status=SurveyStatus.DRAFT)
    login(seats[0].user)
    assert client.get(_url(assembly, survey)).status_code == 404
    assert survey.title not in client.get(f"/assemblies/{assembly.slug}/surveys/").get_data(
        as_text=True
    )


def test_another_assembly_s_survey_is_not_found(client, login):
    organiser, _assembly, survey, _seats = _world(1)
    other = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    _user, seat = member(other)
    login(seat.user)
    for tail in ("", "/results"):
        assert client.get(_url(other, survey, tail)).status_code == 404
    assert client.post(_url(other, survey, "/answer"), data=_answer_form(survey)).status_code == 404
    client.post("/auth/logout")
    login(organiser)
    assert client.post(_url(other, survey, "/close")).status_code == 404
    assert _count(SurveyRespondent, survey) == 0


@pytest.mark.csrf
def test_answers_need_the_form_token(client):
    _organiser, assembly, survey, seats = _world(1)
    token = csrf_token(client.get("/auth/login"))
    login = {"email": seats[0].user.email, "password": factories.PASSWORD, "csrf_token": token}
    assert client.post("/auth/login", data=login).status_code == 302
    response = client.post(_url(assembly, survey, "/answer"), data=_answer_form(survey))
    assert response.status_code == 400
    assert _count(SurveyRespondent, survey) == 0 == _count(SurveyAnswer, survey)
    form = {**_answer_form(survey), "csrf_token": csrf_token(client.get(_url(assembly, survey)))}
    assert client.post(_url(assembly, survey, "/answer"), data=form).status_code == 302
    assert _count(SurveyRespondent, survey) == 1
