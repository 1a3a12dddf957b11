"""Residents register: eligibility, bot guards, duplicates, households, private link."""

import re
from datetime import date

import pytest

from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    OutboxMessage,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
)
from tests import factories, mailbox


@pytest.fixture
def assembly(app):
    made = factories.assembly(
        slug="open",
        status=AssemblyStatus.RECRUITING,
        panel_size=20,
        residence_area="Eupen",
        excluded_offices="member of parliament",
    )
    return factories.quotas(made)


def form_data(assembly, **overrides):
    gender, age = assembly.categories
    data = {
        "first_name": "Anna",
        "last_name": "Schmitz",
        "email": "anna@example.org",
        "phone": "",
        "address": "Kirchstraße 3",
        "postcode": "4700",
        "date_of_birth": "1990-05-01",
        "available": "y",
        "consent": "y",
        "resident": "y",
        "no_office": "y",
        f"category_{gender.id}": str(gender.values[0].id),
        f"category_{age.id}": str(age.values[1].id),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, assembly, started=None, **overrides):
    page = client.get(f"/a/{assembly.slug}/register").get_data(as_text=True)
    token = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    data = form_data(assembly, **overrides)
    data["started"] = token if started is None else started
    return client.post(f"/a/{assembly.slug}/register", data=data)


def registrants():
    return db.session.scalars(db.select(Registrant)).all()


def test_resident_registers(client, assembly):
    response = post(client, assembly)
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/done")
    (person,) = registrants()
    assert (person.first_name, person.email, person.status) == (
        "Anna",
        "anna@example.org",
        RegistrantStatus.REGISTERED,
    )
    assert person.consent_version == "1" and person.consent_at is not None
    assert person.household_key and person.reference.startswith("R")
    answers = db.session.scalars(db.select(RegistrantAnswer)).all()
    assert {a.value_id for a in answers} == {
        assembly.categories[0].values[0].id,
        assembly.categories[1].values[1].id,
    }
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.recipient == "anna@example.org" and "/r/" in mailbox.last_body()


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"date_of_birth": "2015-01-01"}, "You must be at least 16 years old"),
        ({"resident": None}, "Only residents of Eupen can take part."),
        ({"no_office": None}, "Holders of these offices cannot take part: member of parliament"),
        ({"date_of_birth": "2999-01-01"}, "The date of birth is in the future."),
    ],
)
def test_ineligible_people_get_a_reason(client, assembly, overrides, reason):
    response = post(client, assembly, **overrides)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert reason in page
    assert 'value="Anna"' in page  # nothing the person typed is lost
    assert registrants() == []


def test_a_refused_registration_does_not_use_up_the_letter_code(client, assembly):
    """The code is claimed before eligibility refuses; the refusal must give it back."""
    from facilitate.letters.services import draw_letters
    from facilitate.models import Letter

    draw_letters(assembly, b"name,address,postcode\nAnna,Kirchstr. 3,4700\n", "a.csv", 1)
    db.session.commit()
    letter = db.session.scalar(db.select(Letter))
    response = post(client, assembly, code=letter.code, date_of_birth="2015-01-01")
    assert response.status_code == 422
    db.session.expire_all()
    assert letter.registrations_used == 0 and registrants() == []
    # The same code still works once the person is eligible.
    assert post(client, assembly, code=letter.code).status_code == 302
    db.session.expire_all()
    assert letter.registrations_used == 1


def test_age_counts_on_the_first_sitting(client, assembly):
    assembly.first_sitting_on = date(2040, 1, 1)
    db.session.commit()
    # 16 on the first sitting, not on the day of registering.
    assert post(client, assembly, date_of_birth="2024-01-02").status_code == 422
    assert (
        post(client, assembly, date_of_birth="2024-01-01", email="b@example.org").status_code == 302
    )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "not-an-email", "Invalid email address."),
        ("consent", None, "Please agree to the privacy notice to register."),
        ("first_name", "", "This field is required."),
    ],
)
def test_form_errors_are_explained(client, assembly, field, value, message):
    response = post(client, assembly, **{field: value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert registrants() == []


def test_missing_quota_answer_is_explained(client, assembly):
    gender = assembly.categories[0]
    response = post(client, assembly, **{f"category_{gender.id}": None})
    assert "Please choose one." in response.get_data(as_text=True)
    assert registrants() == []


def test_honeypot_is_refused(client, assembly):
    assert post(client, assembly, website="http://spam.example").status_code == 400
    assert registrants() == []


def test_too_fast_is_refused(app, client, assembly):
    app.config["REGISTRATION_MIN_SECONDS"] = 60
    assert post(client, assembly).status_code == 400
    assert registrants() == []


def test_forged_or_missing_start_token_is_refused(client, assembly):
    assert post(client, assembly, started="forged.token.value").status_code == 400
    assert post(client, assembly, started="").status_code == 400
    assert registrants() == []


def test_rate_limit_per_email(client, assembly):
    codes = [post(client, assembly, first_name=f"A{i}").status_code for i in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429


def test_duplicates_are_flagged_not_merged(client, assembly):
    post(client, assembly)
    post(client, assembly, first_name="Anne", address="Kirchstrasse 3")  # same email and address
    post(client, assembly, email="other@example.org", address="Marktplatz 1")
    first, second, third = sorted(registrants(), key=lambda r: r.id)
    assert first.duplicate_note == ""
    assert f"same email as {first.reference}" in second.duplicate_note
    assert f"same address as {first.reference}" in second.duplicate_note
    assert third.duplicate_note == ""
    assert first.household_key == second.household_key != third.household_key


def test_registration_closed_outside_recruiting(client, assembly):
    assembly.status = AssemblyStatus.SELECTING
    db.session.commit()
    page = client.get("/a/open/register").get_data(as_text=True)
    assert "Registration is not open" in page
    assert post_closed(client, assembly) == 0


def post_closed(client, assembly):
    client.post("/a/open/register", data=form_data(assembly))
    return len(registrants())


def test_registration_closes_after_the_closing_date(client, assembly):
    assembly.recruitment_closes_on = date(2000, 1, 1)
    db.session.commit()
    assert "Registration is not open" in client.get("/a/open/register").get_data(as_text=True)


def test_private_link_views_corrects_and_withdraws(client, assembly):
    post(client, assembly)
    body = mailbox.last_body()
    path = re.search(r"http://localhost(/r/[A-Za-z0-9_-]+)", body).group(1)
    page = client.get(path).get_data(as_text=True)
    assert "anna@example.org" in page
    data = {
        "first_name": "Anna-Lena",
        "last_name": "Schmitz",
        "email": "anna@example.org",
        "address": "Neustraße 9",
        "postcode": "4700",
        "available": "y",
    }
    assert client.post(path, data=data).status_code == 302
    person = registrants()[0]
    assert person.first_name == "Anna-Lena" and person.address == "Neustraße 9"
    client.post(path + "/withdraw", data={})  # no confirmation: nothing happens
    assert registrants()[0].status is RegistrantStatus.REGISTERED
    client.post(path + "/withdraw", data={"confirm": "y"})
    assert registrants()[0].status is RegistrantStatus.WITHDRAWN


def test_unknown_private_link_is_404(client, assembly):
    assert client.get("/r/not-a-real-token").status_code == 404


def test_draft_assembly_has_no_registration(client):
    factories.assembly(slug="draft")
    assert client.get("/a/draft/register").status_code == 404


def test_public_page_invites_registration(client, assembly):
    page = client.get("/a/open").get_data(as_text=True)
    assert "/a/open/register" in page
