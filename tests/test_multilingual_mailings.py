"""An organiser's message goes to each person in their own working language, or not at all.

A German-and-French assembly writes its mailings in both languages: each member receives the
version in the language they registered in (or their account's), anyone else the German one,
and a message is refused while people who read French would get no French version.
"""

from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from facilitate import create_app
from facilitate.extensions import db
from facilitate.members.services import add_members
from facilitate.messaging import mailings, services
from facilitate.models import AssemblyStatus, MemberStatus, OutboxMessage, Role
from facilitate.models.experts import Expert
from facilitate.models.messages import Mailing, MailingVersion
from tests import factories, mailbox
from tests.concurrency import at_once
from tests.conftest import _config

NEW = "/assemblies/eupen/messages/new"
GERMAN = {"subject": "Hallo {first_name}", "body": "Guten Tag {first_name}, wir tagen bald."}
FRENCH = {"subject_fr": "Bonjour {first_name}", "body_fr": "Bonjour {first_name}, à bientôt."}


@pytest.fixture
def panel(app):
    """Four confirmed members of a de/fr assembly: German, French, Italian, a French account."""
    organiser = factories.user(can_organise=True)
    organiser.locale = "en"  # reads the site in English whatever the assembly's languages
    assembly = factories.quotas(
        factories.assembly(organiser, slug="eupen", status=AssemblyStatus.SITTING, language="de")
    )
    assembly.working_languages = ["de", "fr"]
    factories.seat_panel(assembly, size=4)
    members = add_members(assembly)
    names = ["Dora", "Fanny", "Ivo", "Agathe"]
    languages = ["de", "fr", "it", "de"]
    for member, name, language in zip(members, names, languages, strict=True):
        member.status = MemberStatus.CONFIRMED
        member.invited_at = datetime.now(UTC) - timedelta(days=1)
        member.registrant.first_name = name
        member.registrant.language = language
    # Agathe registered in German but reads the site in French: her account's choice wins.
    account = factories.user(email=members[3].registrant.email)
    account.locale = "fr"
    members[3].user_id = account.id
    db.session.commit()
    return organiser, assembly, {m.registrant.first_name: m.registrant.email for m in members}


def _post(client, nonce="n", action="send", segment="members", **texts):
    data = {"segment": segment, "nonce": nonce, action: "", **texts}
    return client.post(NEW, data=data)


def _subjects() -> dict[str, str]:
    return {m.recipient: m.subject for m in db.session.scalars(select(OutboxMessage))}


def _nothing_sent() -> bool:
    return not _subjects() and db.session.scalar(select(func.count(Mailing.id))) == 0


def test_each_person_receives_the_version_in_their_language(client, login, panel):
    organiser, assembly, email = panel
    login(organiser)
    response = _post(client, **GERMAN, **FRENCH)
    assert response.status_code == 302
    assert _subjects() == {
        email["Dora"]: "Hallo Dora",
        email["Fanny"]: "Bonjour Fanny",
        email["Ivo"]: "Hallo Ivo",  # Italian is no working language: the authoritative text
        email["Agathe"]: "Bonjour Agathe",
    }
    assert mailbox.last_body(email["Fanny"]).startswith("Bonjour Fanny, à bientôt.")
    assert mailbox.last_body(email["Ivo"]).startswith("Guten Tag Ivo")


def test_the_record_says_how_many_received_each_language(client, login, panel):
    organiser, assembly, _email = panel
    login(organiser)
    _post(client, **GERMAN, **FRENCH)
    mailing = db.session.scalar(select(Mailing))
    assert (mailing.subject, mailing.recipients) == ("Hallo {first_name}", 4)
    assert [(v.language, v.subject, v.recipients) for v in mailing.versions] == [
        ("de", "Hallo {first_name}", 2),
        ("fr", "Bonjour {first_name}", 2),
    ]
    page = client.get("/assemblies/eupen/messages/").get_data(as_text=True)
    assert "Deutsch: 2 · Français: 2" in page


def test_a_version_missing_for_people_who_read_it_is_refused(client, login, panel):
    organiser, _assembly, _email = panel
    login(organiser)
    response = _post(client, **GERMAN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 people in this group read Français" in page
    assert "copy the Deutsch text into it" in page
    assert "Guten Tag {first_name}, wir tagen bald." in page  # the text written is kept
    assert _nothing_sent()


def test_a_version_nobody_in_the_group_reads_may_stay_empty(client, login, panel):
    organiser, assembly, email = panel
    db.session.add(
        Expert(assembly_id=assembly.id, name="Erika Expertin", email="erika@example.org")
    )
    db.session.commit()
    login(organiser)
    assert _post(client, segment="experts", **GERMAN).status_code == 302
    assert _subjects() == {"erika@example.org": "Hallo Erika Expertin"}
    mailing = db.session.scalar(select(Mailing))
    assert [(v.language, v.recipients) for v in mailing.versions] == [("de", 1)]


def test_a_half_written_version_is_refused(client, login, panel):
    organiser, _assembly, _email = panel
    login(organiser)
    page = _post(client, **GERMAN, subject_fr="Bonjour").get_data(as_text=True)
    assert "The Français version needs a subject and a text." in page
    assert _nothing_sent()


@pytest.mark.parametrize(
    ("texts", "reason"),
    [
        ({**FRENCH, "body_fr": "Cher {prenom}"}, "Français: The text uses an unknown field"),
        ({**FRENCH, "subject_fr": "Lien {link}"}, "Français: {link} exists only in invitations"),
        ({**FRENCH, "body_fr": "Le {next_sitting}"}, "Français: {next_sitting} has no value"),
    ],
)
def test_merge_fields_are_checked_in_every_version(client, login, panel, texts, reason):
    organiser, _assembly, _email = panel
    login(organiser)
    page = _post(client, **GERMAN, **texts).get_data(as_text=True)
    assert reason in page
    assert _nothing_sent()


def test_the_preview_shows_each_version_for_one_of_its_readers(client, login, panel):
    organiser, _assembly, email = panel
    login(organiser)
    response = _post(client, action="preview", **GERMAN, **FRENCH)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Guten Tag Dora, wir tagen bald." in page
    assert "Bonjour Fanny, à bientôt." in page
    assert "Deutsch: 2 people" in page and "Français: 2 people" in page
    assert 'lang="fr"' in page
    assert _nothing_sent()


def test_the_form_offers_one_pair_per_working_language_authoritative_first(client, login, panel):
    organiser, _assembly, _email = panel
    login(organiser)
    page = client.get(f"{NEW}?kind=thank_you").get_data(as_text=True)
    assert page.index("<legend>Deutsch") < page.index("<legend>Français")
    assert 'name="subject_fr"' in page and 'name="body_fr"' in page
    # Each language starts from the template in that language.
    assert "Merci d’avoir participé" in page and "Vielen Dank für Ihre Teilnahme" in page


def test_a_double_submit_sends_once(client, login, panel):
    organiser, _assembly, _email = panel
    login(organiser)
    first = _post(client, nonce="twice", **GERMAN, **FRENCH)
    second = _post(client, nonce="twice", **GERMAN, **FRENCH)
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(select(func.count(Mailing.id))) == 1
    assert db.session.scalar(select(func.count(MailingVersion.id))) == 2
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 4


def test_two_sends_at_once_send_once(app, panel):
    organiser, assembly, _email = panel

    def send():
        from facilitate.models import Assembly, User

        mailings.send_mailing(
            db.session.get(Assembly, assembly.id),
            "members",
            {"de": ("Hallo", "Hallo {first_name}"), "fr": ("Salut", "Salut {first_name}")},
            "same-nonce",
            db.session.get(User, organiser.id),
        )
        db.session.commit()

    errors = at_once(app, send, [(), ()])
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Mailing.id))) == 1
    assert db.session.scalar(select(func.count(MailingVersion.id))) == 2
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 4
    assert len(errors) <= 1


def test_templates_are_edited_in_every_working_language(client, login, panel):
    organiser, assembly, _email = panel
    login(organiser)
    path = "/assemblies/eupen/messages/templates/thank_you"
    page = client.get(path).get_data(as_text=True)
    assert "<legend>Deutsch" in page and "<legend>Français" in page
    refused = client.post(
        path,
        data={
            "subject": "Danke",
            "body": "Danke, {first_name}.",
            "subject_fr": "Merci",
            "body_fr": "Merci, {prenom}.",
        },
    )
    assert "Français: The text uses an unknown field: {prenom}." in refused.get_data(as_text=True)
    assert not services.template_text(assembly, "thank_you", "de")[2]  # nothing was kept
    saved = client.post(
        path,
        data={
            "subject": "Danke",
            "body": "Danke, {first_name}.",
            "subject_fr": "Merci",
            "body_fr": "Merci, {first_name}.",
        },
    )
    assert saved.status_code == 302
    assert services.template_text(assembly, "thank_you", "de") == (
        "Danke",
        "Danke, {first_name}.",
        True,
    )
    assert services.template_text(assembly, "thank_you", "fr") == (
        "Merci",
        "Merci, {first_name}.",
        True,
    )


def test_only_the_assemblys_organisers_may_write(client, login, panel):
    """Access is the route's (assembly_view): 404 for no such assembly, else 403 without the role."""
    _organiser, assembly, _email = panel
    stranger = factories.user(can_organise=True)
    factories.assembly(stranger, slug="other")
    member = factories.user()
    factories.add_role(member, assembly, Role.MEMBER)
    for person in (stranger, member):
        login(person)
        assert client.get(NEW).status_code == 403
        assert _post(client, **GERMAN, **FRENCH).status_code == 403
        assert client.get("/assemblies/eupen/messages/templates/thank_you").status_code == 403
    assert client.get("/assemblies/nowhere/messages/new").status_code == 404
    assert _nothing_sent()


def test_a_mailing_sent_before_the_migration_becomes_its_authoritative_version(
    empty_database,
):
    app = create_app(_config(empty_database))
    with app.app_context():
        upgrade()
        organiser = factories.user(can_organise=True)
        assembly = factories.assembly(organiser, slug="old", language="de")
        db.session.add(
            Mailing(
                assembly_id=assembly.id,
                nonce="old",
                segment="members",
                subject="Einladung",
                recipients=7,
                unreachable=0,
            )
        )
        db.session.commit()
        db.session.remove()
        downgrade(revision="e1a0c0de0040")  # as the database stood before mailing versions
        upgrade()
        rows = db.session.execute(
            select(MailingVersion.language, MailingVersion.subject, MailingVersion.recipients)
        ).all()
        assert rows == [("de", "Einladung", 7)]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
