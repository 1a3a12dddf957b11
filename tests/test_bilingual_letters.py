"""Letters of a multilingual assembly speak every working language whose remit is ready.

An address file does not say which language a household reads, so an Ost-Belgien letter is
printed in German and French, the question itself in both; a language whose remit is not yet
translated is left out and the organiser is told why.
"""

import pytest

from facilitate.extensions import db
from facilitate.languages import services as translations
from facilitate.letters.services import format_code
from facilitate.models import AssemblyStatus, Letter
from tests import factories
from tests.test_letters import _drawn, _people

GERMAN = "Sie sind herzlich zur Bürgerversammlung"
FRENCH = "Nous vous invitons à l’assemblée citoyenne"
REMIT_DE = "Wie sollen Schulwege sicherer werden?"
REMIT_FR = "Comment rendre les chemins de l’école plus sûrs ?"


@pytest.fixture
def organiser(app):
    made = factories.user(can_organise=True)
    made.locale = "en"  # the organiser's own language is neither of the letters'
    db.session.commit()
    return made


@pytest.fixture
def assembly(organiser):
    made = factories.assembly(
        organiser,
        slug="eupen",
        status=AssemblyStatus.RECRUITING,
        language="de",
        remit=REMIT_DE,
    )
    made.working_languages = ["de", "fr"]
    db.session.commit()
    return made


def _print(client, login, organiser, assembly):
    record = _drawn(assembly, _people(2), 2)
    login(organiser)
    response = client.get(f"/assemblies/eupen/letters/draws/{record.id}/print")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_letter_speaks_both_languages_once_the_remit_is_translated(
    client, login, organiser, assembly
):
    source = translations.remit_source(assembly)
    translations.save(assembly, source, "fr", REMIT_FR, current=True, actor=organiser)
    db.session.commit()
    page = _print(client, login, organiser, assembly)
    assert page.count(GERMAN) == 2 and page.count(FRENCH) == 2
    assert page.count(REMIT_DE) == 2 and page.count(REMIT_FR) == 2
    assert page.count('lang="fr"') == 2 and page.count('class="letter-body" lang="de"') == 2
    # German first: it is the authoritative text.
    assert page.index(GERMAN) < page.index(FRENCH)
    for letter in db.session.scalars(db.select(Letter)):
        # One code and one QR code per letter, whatever the number of languages.
        assert page.count(f'class="letter-code">{format_code(letter.code)}<') == 1
    assert page.count("<svg") == 2
    assert "Not printed in" not in page


def test_a_language_without_a_current_remit_is_left_out_and_said(
    client, login, organiser, assembly
):
    source = translations.remit_source(assembly)
    translations.save(assembly, source, "fr", REMIT_FR, current=False, actor=organiser)
    db.session.commit()
    page = _print(client, login, organiser, assembly)
    assert page.count(GERMAN) == 2 and FRENCH not in page
    # The toolbar speaks the assembly's language, like the letters' frame.
    assert page.count("Français") == 1 and FRENCH not in page
    assert "/assemblies/eupen/translations/" in page


def test_an_outdated_remit_translation_is_not_printed(client, login, organiser, assembly):
    source = translations.remit_source(assembly)
    translations.save(assembly, source, "fr", REMIT_FR, current=True, actor=organiser)
    assembly.remit = "Wie sollen Schulwege und Radwege sicherer werden?"
    db.session.commit()
    page = _print(client, login, organiser, assembly)
    assert FRENCH not in page and REMIT_FR not in page


def test_a_single_language_assembly_prints_one_text(client, login, organiser):
    factories.assembly(organiser, slug="eupen", status=AssemblyStatus.RECRUITING, language="fr")
    record_assembly = db.session.scalar(db.select(factories.Assembly).filter_by(slug="eupen"))
    page = _print(client, login, organiser, record_assembly)
    assert page.count(FRENCH) == 2 and GERMAN not in page
