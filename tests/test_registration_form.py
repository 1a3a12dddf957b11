"""The registration form belongs to the assembly: its own questions, registration by staff,
and what would make it hard to take part beside the support offered."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    Letter,
    Member,
    MemberStatus,
    OutboxMessage,
    PanelSeat,
    Registrant,
    RegistrantStatus,
    Role,
    RunStatus,
    Sitting,
    SittingKind,
)
from facilitate.models.audit import AuditEntry
from facilitate.models.registration_form import (
    Barrier,
    QuestionKind,
    RegistrantBarrier,
    RegistrantQuestionAnswer,
    RegistrationQuestion,
)
from facilitate.registration import questions, services
from tests import factories
from tests.test_registration import form_data

SECRET = '=HYPERLINK("http://evil.example","Tuesday-secret-7Q")'
BARRIER_WORDS = "night shifts at the bakery 4X9"


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    made = factories.assembly(
        organiser,
        slug="form",
        status=AssemblyStatus.RECRUITING,
        residence_area="Eupen",
        excluded_offices="mayor",
    )
    return factories.quotas(made)


def add_questions(assembly):
    """A required text question, an optional choice and a yes/no, as organisers add them."""
    made = [
        questions.add_question(
            assembly, QuestionKind.TEXT, "Which day suits you?", "", True, actor=None
        ),
        questions.add_question(
            assembly, QuestionKind.CHOICE, "How did you hear of us?", "Letter\nRadio", False,
            actor=None,
        ),
        questions.add_question(
            assembly, QuestionKind.YES_NO, "Have you taken part before?", "", False, actor=None
        ),
    ]  # fmt: skip
    db.session.commit()
    return made


def started(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)


def register(client, assembly, **overrides):
    data = form_data(assembly, **overrides)
    data["started"] = started(client, f"/a/{assembly.slug}/register")
    return client.post(f"/a/{assembly.slug}/register", data=data)


def answers_for(assembly, text=SECRET):
    day, heard, before = assembly.registration_questions
    return {
        f"question_{day.id}": text,
        f"question_{heard.id}": "Radio",
        f"question_{before.id}": "yes",
    }


def the_registrant():
    return db.session.scalars(select(Registrant)).one()


def test_organisers_questions_render_on_the_form_escaped(client, login, organiser, assembly):
    login(organiser)
    response = client.post(
        "/assemblies/form/registration-form/questions",
        data={"label": "<script>alert(1)</script> Your street?", "kind": "text", "required": "y"},
    )
    assert response.status_code == 302
    client.post(
        "/assemblies/form/registration-form/questions",
        data={"label": "Your bus line?", "kind": "choice", "options": "Line 1\n<b>Line 2</b>"},
    )
    page = client.get("/a/form/register").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Your street?" in page
    assert "<script>alert(1)" not in page
    assert "Your bus line? (optional)" in page and "&lt;b&gt;Line 2&lt;/b&gt;" in page
    entries = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action == "registration.add_question")
    ).all()
    assert len(entries) == 2


def test_a_required_question_is_enforced_by_the_form_and_the_service(client, assembly):
    add_questions(assembly)
    day = assembly.registration_questions[0]
    response = register(client, assembly, **{f"question_{day.id}": ""})
    assert response.status_code == 422
    assert "Please answer this question." in response.get_data(as_text=True)
    assert db.session.scalars(select(Registrant)).all() == []
    # A caller that skips the form is refused by the service all the same.
    data = {
        **dict.fromkeys(services.CONTACT_FIELDS, ""),
        "email": "direct@example.org",
        "address": "Marktplatz 1",
        "date_of_birth": date(1990, 5, 1),
        "answers": {c.id: c.values[0].id for c in assembly.categories},
        "question_answers": {day.id: "  "},
        "resident": True,
        "no_office": True,
    }
    with pytest.raises(services.RegistrationRefused, match="Please answer"):
        services.register(assembly, data, date(2026, 1, 1))
    # An option that is not offered is refused too.
    heard = assembly.registration_questions[1]
    data["question_answers"] = {day.id: "Monday", heard.id: "Television"}
    with pytest.raises(services.RegistrationRefused, match="Choose one of the options"):
        services.register(assembly, data, date(2026, 1, 1))
    db.session.rollback()


def test_answers_and_barriers_are_stored(client, assembly):
    add_questions(assembly)
    response = register(
        client,
        assembly,
        **answers_for(assembly, "Tuesday"),
        barrier_care="y",
        barrier_digital="y",
        barrier_note=BARRIER_WORDS,
    )
    assert response.status_code == 302
    person = the_registrant()
    stored = {a.question.label: a.value for a in person.question_answers}
    assert stored == {
        "Which day suits you?": "Tuesday",
        "How did you hear of us?": "Radio",
        "Have you taken part before?": "yes",
    }
    assert {(b.kind, b.detail) for b in person.barriers} == {
        (Barrier.CARE, ""),
        (Barrier.DIGITAL, ""),
        (Barrier.OTHER, BARRIER_WORDS),
    }


def test_answers_are_in_the_pool_exports_neutralised(client, login, organiser, assembly):
    add_questions(assembly)
    register(client, assembly, **answers_for(assembly), barrier_travel="y")
    person = the_registrant()
    login(organiser)
    csv_text = client.get("/assemblies/form/pool/export.csv").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(csv_text)))
    assert header[-4:] == [
        "Which day suits you?",
        "How did you hear of us?",
        "Have you taken part before?",
        "What would make it hard to take part",
    ]
    assert row[-4:] == ["'" + SECRET, "Radio", "yes", "Travel"]
    xlsx = client.get("/assemblies/form/pool/export.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert values[1][-4] == "'" + SECRET
    assert person.reference in csv_text


def test_answers_show_on_the_registrants_pool_page(client, login, organiser, assembly):
    add_questions(assembly)
    register(client, assembly, **answers_for(assembly, "<i>Tuesday</i>"), barrier_travel="y")
    person = the_registrant()
    login(organiser)
    page = client.get(f"/assemblies/form/pool/{person.id}").get_data(as_text=True)
    assert "<dt>Which day suits you?</dt><dd>&lt;i&gt;Tuesday&lt;/i&gt;</dd>" in page
    assert "<dd>Yes</dd>" in page and "<dd>Travel</dd>" in page


def test_answers_are_never_public(client, assembly):
    add_questions(assembly)
    register(client, assembly, **answers_for(assembly), barrier_note=BARRIER_WORDS)
    person = the_registrant()
    # Drawn onto the panel, so that every public page about the draw has something to show.
    person.status = RegistrantStatus.SELECTED
    run = factories.selection_run(
        assembly, status=RunStatus.SUCCEEDED, record=factories._record_for([person])
    )
    db.session.add(PanelSeat(assembly_id=assembly.id, run_id=run.id, registrant_id=person.id))
    assembly.status = AssemblyStatus.SITTING
    db.session.commit()
    paths = [
        "/", "/a/form", "/a/form/selection", "/a/form/selection/record.json",
        f"/a/form/selection/draws/{run.id}/record.json", "/a/form/report", "/feed.atom",
        "/a/form/feed.atom", "/api/v1/assemblies", "/api/v1/assemblies/form",
        "/api/v1/assemblies/form/selection", "/api/v1/assemblies/form/draws",
        f"/api/v1/assemblies/form/draws/{run.id}", "/a/form/register",
    ]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert "Tuesday-secret-7Q" not in body and "bakery 4X9" not in body, path


def test_changing_the_questions_or_the_support_changes_the_cached_form(client, assembly):
    first = client.get("/a/form/register").get_data(as_text=True)
    assert "Questions from the organisers" not in first
    question = questions.add_question(
        assembly, QuestionKind.TEXT, "Favourite square?", "", False, actor=None
    )
    db.session.commit()
    assert "Favourite square? (optional)" in client.get("/a/form/register").get_data(as_text=True)
    questions.edit_question(question, "Favourite park?", "", True, 1, actor=None)
    db.session.commit()
    page = client.get("/a/form/register").get_data(as_text=True)
    assert "Favourite park?" in page and "Favourite square?" not in page
    questions.set_support(assembly, {questions.Support.CHILDCARE: "on site, ages 2-10"}, actor=None)
    db.session.commit()
    page = client.get("/a/form/register").get_data(as_text=True)
    assert "Support this assembly offers" in page and "on site, ages 2-10" in page
    questions.remove_question(question, actor=None)
    db.session.commit()
    assert "Favourite park?" not in client.get("/a/form/register").get_data(as_text=True)


def test_the_support_offered_is_declared_by_organisers(client, login, organiser, assembly):
    login(organiser)
    response = client.post(
        "/assemblies/form/registration-form/support",
        data={"offer_allowance": "y", "note_allowance": "€50 a day", "note_travel": "ignored"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert questions.offered_support(assembly) == [(questions.Support.ALLOWANCE, "€50 a day")]
    page = client.get("/assemblies/form/registration-form").get_data(as_text=True)
    assert "€50 a day" in page


def test_organisers_edit_reorder_and_remove_questions_until_the_draw(
    client, login, organiser, assembly
):
    day, heard, before = add_questions(assembly)
    login(organiser)
    response = client.post(
        f"/assemblies/form/registration-form/questions/{before.id}",
        data={f"q{before.id}-label": "Taken part before?", f"q{before.id}-position": "1"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [q.label for q in assembly.registration_questions] == [
        "Taken part before?",
        "Which day suits you?",
        "How did you hear of us?",
    ]
    client.post(f"/assemblies/form/registration-form/questions/{heard.id}/remove")
    db.session.expire_all()
    assert [q.position for q in assembly.registration_questions] == [1, 2]
    assembly.status = AssemblyStatus.SELECTING
    db.session.commit()
    for path, data in (
        ("/assemblies/form/registration-form/questions", {"label": "Late?", "kind": "text"}),
        (f"/assemblies/form/registration-form/questions/{day.id}/remove", {}),
    ):
        client.post(path, data=data)
    db.session.expire_all()
    assert len(assembly.registration_questions) == 2


def staff_data(assembly, **overrides):
    data = form_data(assembly, **{"email": "", **overrides})
    data.pop("started", None)
    return {k: v for k, v in data.items() if v != ""}


def test_staff_register_someone_without_email_audited_and_claiming_the_letter(
    client, login, organiser, assembly
):
    from facilitate.letters.services import draw_letters

    add_questions(assembly)
    draw_letters(assembly, b"name,address,postcode\nAnna,Kirchstr. 3,4700\n", "a.csv", 1)
    db.session.commit()
    letter = db.session.scalar(select(Letter))
    login(organiser)
    assert "Email (optional)" in client.get("/assemblies/form/pool/register").get_data(as_text=True)
    response = client.post(
        "/assemblies/form/pool/register",
        data=staff_data(assembly, code=letter.code, **answers_for(assembly, "Friday")),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    person = the_registrant()
    assert (person.source, person.email, person.letter_id) == ("staff", "", letter.id)
    assert person.question_answers and db.session.scalar(select(OutboxMessage)) is None
    db.session.refresh(letter)
    assert letter.registrations_used == 1
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "pool.register_by_staff")
    )
    assert entry.actor_id == organiser.id and entry.target == f"registrant:{person.reference}"
    # The code is used up now, for staff as online: refused with the reason, nothing kept.
    again = client.post(
        "/assemblies/form/pool/register",
        data=staff_data(assembly, code=letter.code, first_name="Bert", **answers_for(assembly)),
    )
    assert again.status_code == 422
    assert "already been used" in again.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Registrant.id))) == 1


def test_staff_are_not_rate_limited_nor_bot_guarded(client, login, organiser, assembly):
    login(organiser)
    codes = [
        client.post(
            "/assemblies/form/pool/register",
            data=staff_data(assembly, email="same@example.org", first_name=f"P{i}"),
        ).status_code
        for i in range(7)
    ]
    assert codes == [302] * 7
    # A given e-mail gets the private link, as online.
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == 7


def test_staff_registration_still_checks_eligibility(client, login, organiser, assembly):
    login(organiser)
    response = client.post(
        "/assemblies/form/pool/register", data=staff_data(assembly, resident=None)
    )
    assert response.status_code == 422
    assert "Only residents of Eupen" in response.get_data(as_text=True)
    assert db.session.scalars(select(Registrant)).all() == []


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR, Role.EXPERT, None])
def test_only_organisers_of_the_assembly_register_someone_or_change_the_form(
    client, login, assembly, role
):
    person = factories.user(can_organise=role is None)
    if role is not None:
        factories.add_role(person, assembly, role)
    question = questions.add_question(assembly, QuestionKind.TEXT, "Q?", "", False, actor=None)
    db.session.commit()
    login(person)
    base = "/assemblies/form/registration-form"
    assert client.get("/assemblies/form/pool/register").status_code == 403
    assert client.get(base).status_code == 403
    for path, data in (
        ("/assemblies/form/pool/register", staff_data(assembly)),
        (f"{base}/questions", {"label": "Sneaky?", "kind": "text"}),
        (f"{base}/questions/{question.id}", {f"q{question.id}-label": "X", "position": "1"}),
        (f"{base}/questions/{question.id}/remove", {}),
        (f"{base}/support", {"offer_allowance": "y"}),
    ):
        assert client.post(path, data=data).status_code == 403, path
    db.session.expire_all()
    assert db.session.scalars(select(Registrant)).all() == []
    assert [q.label for q in assembly.registration_questions] == ["Q?"]
    assert questions.offered_support(assembly) == []


def test_barriers_reach_the_support_needs_of_a_drawn_member(client, login, organiser, assembly):
    register(client, assembly, barrier_travel="y", barrier_note=BARRIER_WORDS)
    person = the_registrant()
    person.status = RegistrantStatus.SELECTED
    run = factories.selection_run(assembly, status=RunStatus.SUCCEEDED)
    seat = PanelSeat(assembly_id=assembly.id, run_id=run.id, registrant_id=person.id)
    db.session.add(seat)
    db.session.flush()
    db.session.add(
        Member(
            assembly_id=assembly.id,
            seat_id=seat.id,
            registrant_id=person.id,
            status=MemberStatus.CONFIRMED,
        )
    )
    start = datetime.now(UTC) + timedelta(days=3)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="First",
        kind=SittingKind.DELIBERATION,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    assembly.status = AssemblyStatus.SITTING
    db.session.add(sitting)
    db.session.commit()
    login(organiser)
    page = client.get(f"/assemblies/form/sittings/{sitting.id}/preparation").get_data(as_text=True)
    assert "Hard to take part" in page
    assert "Travel" in page and f"Other: {BARRIER_WORDS}" in page


def test_a_registrants_answers_go_with_them(client, assembly):
    add_questions(assembly)
    register(client, assembly, **answers_for(assembly), barrier_language="y")
    db.session.delete(the_registrant())
    db.session.commit()
    assert db.session.scalars(select(RegistrantQuestionAnswer)).all() == []
    assert db.session.scalars(select(RegistrantBarrier)).all() == []
    assert len(db.session.scalars(select(RegistrationQuestion)).all()) == 3


@pytest.mark.csrf
def test_every_change_to_the_form_and_staff_registration_needs_csrf(
    app, client, login, organiser, assembly
):
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={"email": organiser.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    question = questions.add_question(assembly, QuestionKind.TEXT, "Q?", "", False, actor=None)
    db.session.commit()
    base = "/assemblies/form/registration-form"
    for path, data in (
        ("/assemblies/form/pool/register", staff_data(assembly)),
        (f"{base}/questions", {"label": "Forged?", "kind": "text"}),
        (f"{base}/questions/{question.id}", {f"q{question.id}-label": "X"}),
        (f"{base}/questions/{question.id}/remove", {}),
        (f"{base}/support", {"offer_allowance": "y"}),
    ):
        assert client.post(path, data=data).status_code == 400, path
    db.session.expire_all()
    assert db.session.scalars(select(Registrant)).all() == []
    assert [q.label for q in assembly.registration_questions] == ["Q?"]
    assert questions.offered_support(assembly) == []
