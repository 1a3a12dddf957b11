"""The evaluator role: process records of one assembly, read-only, with no personal data."""

import csv
import io
import json

import pytest
from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.evaluation.records import reference_of
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Registrant, Role
from facilitate.models.audit import AuditEntry
from facilitate.models.base import utcnow
from facilitate.models.surveys import Moderation, QuestionKind, SurveyAnswer
from facilitate.permissions import can_evaluate, can_take_part
from facilitate.surveys import services as surveys
from tests import access_walk as walk
from tests import factories
from tests.worlds.deliberation import member, sitting

#: Personal data planted in the world; none of it may reach the evaluator.
SECRETS = (
    "Zebedee",
    "Quarrington",
    "zebedee.q@secret.example",
    "17 Hidden Lane",
    "1961-02-03",
    "olga.organiser@secret.example",
    "Olga Organiser",
    "invitee@secret.example",
    "Member Number",
    "unapproved private thought",
    "hidden private thought",
)


def _world():
    organiser = factories.user(
        can_organise=True, name="Olga Organiser", email="olga.organiser@secret.example"
    )
    evaluator = factories.user(name="Eva Luator")
    assembly = factories.quotas(factories.assembly(organiser, status=AssemblyStatus.SITTING))
    factories.add_role(evaluator, assembly, Role.EVALUATOR)
    seats = [member(assembly, factories.user(name=f"Member Number{n}"))[1] for n in range(6)]
    person = db.session.get(Registrant, seats[0].registrant_id)
    person.first_name, person.last_name = "Zebedee", "Quarrington"
    person.email, person.address = "zebedee.q@secret.example", "17 Hidden Lane"
    factories.registrant(assembly, first_name="Zebedee", email="zebedee.q@secret.example")
    sitting(assembly, title='=HYPERLINK("http://evil.example")')
    _closed_survey(assembly, organiser, seats)
    record_action(organiser, "team.invite", assembly, target="invitation:invitee@secret.example")
    record_action(
        organiser,
        "pool.correct",
        assembly,
        target=f"registrant:{person.reference}",
        before={"last_name": "Quarrington", "date_of_birth": "1961-02-03"},
    )
    db.session.commit()
    return organiser, evaluator, assembly, person


def _closed_survey(assembly, organiser, seats):
    survey = surveys.create_survey(assembly, "After the first weekend", None, organiser)
    surveys.open_survey(survey, utcnow(), organiser)
    db.session.commit()
    text_question = next(q for q in survey.questions if q.kind != QuestionKind.SCALE)
    texts = ["approved public thought", "unapproved private thought", "hidden private thought"]
    for n, seat in enumerate(seats):
        answers = {q.id: "4" for q in survey.questions if q.kind == QuestionKind.SCALE}
        if n < len(texts):
            answers[text_question.id] = texts[n]
        surveys.answer_survey(survey, seat, answers)
        db.session.commit()
    surveys.close_survey(survey, utcnow(), organiser)
    papers = dict(
        db.session.execute(
            select(SurveyAnswer.text, SurveyAnswer.id).filter(SurveyAnswer.text.is_not(None))
        ).all()
    )
    surveys.moderate_answer(survey, papers[texts[0]], Moderation.APPROVED, organiser)
    surveys.moderate_answer(survey, papers[texts[2]], Moderation.HIDDEN, organiser)
    db.session.commit()


def _as(app, user):
    return walk.signed_in(app, user)


def test_the_evaluator_reads_the_records_without_personal_data(app):
    _organiser, evaluator, assembly, person = _world()
    page = _as(app, evaluator).get(f"/assemblies/{assembly.slug}/evaluation")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "approved public thought" in body
    assert f"registrant:{person.reference}" in body  # a reference is all a record names
    assert "organiser" in body  # the actor is shown by role
    for secret in SECRETS:
        assert secret not in body, secret


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_downloads_carry_no_personal_data_and_are_audited(app, fmt):
    _organiser, evaluator, assembly, _person = _world()
    before = db.session.scalar(select(db.func.count(AuditEntry.id)))
    response = _as(app, evaluator).get(f"/assemblies/{assembly.slug}/evaluation.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "approved public thought" in body
    for secret in SECRETS:
        assert secret not in body, secret
    db.session.expire_all()
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert db.session.scalar(select(db.func.count(AuditEntry.id))) == before + 1
    assert (entry.action, entry.actor_id) == ("evaluation.export", evaluator.id)
    assert entry.target == f"file:{assembly.slug}-evaluation.{fmt}"
    if fmt == "json":
        records = json.loads(body)
        assert records["recruitment"]["selected"] == 6
        assert {e["actor_role"] for e in records["audit"]} >= {"organiser", "evaluator"}


def test_the_csv_neutralises_formulas(app):
    _organiser, evaluator, assembly, _person = _world()
    body = _as(app, evaluator).get(f"/assemblies/{assembly.slug}/evaluation.csv")
    rows = list(csv.reader(io.StringIO(body.get_data(as_text=True))))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_targets_that_are_not_references_show_their_kind_only():
    assert reference_of("registrant:R-12AB") == "registrant:R-12AB"
    assert reference_of("invitation:olga@example.org") == "invitation"
    assert reference_of("user:olga@example.org") == "user"
    assert reference_of("file:Zebedee Quarrington.csv") == "file"
    assert reference_of("run:12@x") == "run"


def test_the_evaluator_takes_no_part_and_others_do_not_evaluate(app):
    organiser, evaluator, assembly, _person = _world()
    assert can_evaluate(evaluator, assembly) and not can_take_part(evaluator, assembly)
    assert can_evaluate(organiser, assembly)
    seated = db.session.get(Registrant, _person.id)
    assert seated is not None
    other = factories.assembly(factories.user(can_organise=True))
    assert not can_evaluate(evaluator, other)


def test_members_and_outsiders_cannot_evaluate(app):
    _organiser, _evaluator, assembly, _person = _world()
    member_user = member(assembly, factories.user(name="Another"))[0]
    for person in (member_user, factories.user(name="Nobody")):
        response = _as(app, person).get(f"/assemblies/{assembly.slug}/evaluation.csv")
        assert response.status_code == 403


def test_every_route_refuses_the_evaluator_but_evaluation(app):
    """The route walk as the evaluator: 403 and no change on every write and internal page."""
    world = walk.build_world()
    assert walk.walk_refusals(app, world, "evaluator_b") > 100
    client = walk.signed_in(app, world["evaluator_b"])
    for rule, method, label in walk.routes(app):
        if label == "assembly:evaluate":
            address = walk.url(rule, world["values"])
            assert walk.check(client, rule, method, address, {200}).status_code == 200
    assert "walk.invitee@example.org" not in client.get("/assemblies/beta/evaluation").text


def test_an_evaluator_can_be_invited_to_the_team():
    from facilitate.models.users import TEAM_ROLES

    assert Role.EVALUATOR in TEAM_ROLES
