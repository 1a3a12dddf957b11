"""E-mails reach people in their own language, not only in the assembly's.

A resident of a German-language assembly who registered in French gets their confirmation,
their invitation if drawn, and their reminders in French; staff taking a paper form pick the
language to write in.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.members import services as members
from facilitate.messaging import reminders
from facilitate.models import AssemblyStatus, MemberStatus, OutboxMessage, Registrant, Sitting
from tests import factories
from tests.test_registration import post
from tests.test_registration_form import staff_data


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    made = factories.assembly(
        organiser, slug="eupen", status=AssemblyStatus.RECRUITING, language="de", title="Eupen"
    )
    return factories.quotas(made)


def subjects():
    return {
        m.recipient: m.subject
        for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    }


def test_a_resident_who_registers_in_french_is_written_to_in_french(client, assembly):
    client.get("/a/eupen/register?lang=fr")  # the language switcher keeps the choice
    response = post(client, assembly)
    assert response.status_code == 302
    person = db.session.scalar(select(Registrant))
    assert person.language == "fr"
    assert subjects() == {"anna@example.org": "Votre inscription\u00a0: Eupen"}


def test_without_a_choice_the_assembly_language_is_kept(client, assembly):
    response = post(client, assembly)
    assert response.status_code == 302
    # The browser asked for nothing, so the page was in the assembly's language.
    assert db.session.scalar(select(Registrant)).language == "de"
    assert subjects() == {"anna@example.org": "Ihre Anmeldung: Eupen"}


def test_staff_pick_the_language_of_a_paper_form(client, login, organiser, assembly):
    organiser.locale = "en"
    db.session.commit()
    login(organiser)
    page = client.get("/assemblies/eupen/pool/register").get_data(as_text=True)
    assert "Language to write to them in" in page
    response = client.post(
        "/assemblies/eupen/pool/register",
        data=staff_data(assembly, email="paper@example.org", language="fr"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(Registrant)).language == "fr"
    # The organiser reads the interface in English; the resident gets French.
    assert subjects() == {"paper@example.org": "Votre inscription\u00a0: Eupen"}


def test_the_drawn_are_invited_and_reminded_in_their_own_language(assembly):
    seats = factories.seat_panel(assembly, size=3)
    french, unknown, english_account = (seat.registrant for seat in seats)
    french.language, unknown.language = "fr", ""
    account = factories.user(email=english_account.email)
    account.locale = "en"
    english_account.language = "fr"  # an account's own setting comes first
    db.session.commit()
    members.invite_panel(assembly, lambda token: f"https://example.org/accept/{token}")
    member = next(m for m in members.members_of(assembly) if m.registrant_id == english_account.id)
    member.user_id = account.id
    db.session.commit()
    sent = subjects()
    assert sent[french.email] == "Vous avez été tiré(e) au sort\u00a0: Eupen"
    assert sent[unknown.email] == "Sie wurden ausgelost: Eupen"
    # No account yet when invited: the language they registered in.
    assert sent[english_account.email] == sent[french.email]

    # Reminders read the account that now exists.
    db.session.execute(db.delete(OutboxMessage))
    start = datetime.now(UTC) + timedelta(hours=20)
    db.session.add(
        Sitting(assembly_id=assembly.id, title="S", starts_at=start, ends_at=start + timedelta(1))
    )
    for m in members.members_of(assembly):
        m.status = MemberStatus.CONFIRMED
    db.session.commit()
    assert reminders.send_due_reminders(datetime.now(UTC)) == 3
    sent = subjects()
    assert sent[english_account.email].startswith("Reminder")
    assert not sent[french.email].startswith("Reminder")
    assert not sent[unknown.email].startswith("Reminder")
    assert sent[french.email] != sent[unknown.email]


def test_the_allowance_is_written_as_the_recipients_language_writes_money(app, assembly):
    from flask_babel import force_locale

    from facilitate.messaging.segments import Recipient
    from facilitate.messaging.services import values_for

    start = datetime.now(UTC) + timedelta(days=2)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="S",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        allowance_cents=4000,
    )
    db.session.add(sitting)
    db.session.commit()
    person = Recipient("Anna", "Schmitz", "anna@example.org")
    written = {}
    for language in ("de", "en"):
        with app.test_request_context(), force_locale(language):
            written[language] = values_for(assembly, person, datetime.now(UTC), sitting)
    assert written["de"]["allowance"] == "40,00\u00a0€"
    assert written["en"]["allowance"] == "€40.00"
