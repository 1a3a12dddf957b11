"""Translations: complete catalogues, and the language chosen in the right order."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from facilitate.config import Defaults
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models import AssemblyStatus
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _source_messages() -> set[str]:
    method_map = [
        ("facilitate/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        keywords=KEYWORDS,
        options_map={
            "templates/**.html": {"extensions": "jinja2.ext.do"},
            "templates/**.txt": {"extensions": "jinja2.ext.do"},
        },
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


#: The languages with a catalogue, from the one list (the default language is the source text).
TRANSLATED = [code for code in LANGUAGE_NAMES if code != Defaults.BABEL_DEFAULT_LOCALE]


def test_the_one_list_of_languages_matches_the_catalogues():
    folders = {p.name for p in (ROOT / "facilitate" / "translations").iterdir() if p.is_dir()}
    assert folders == set(TRANSLATED)
    assert tuple(LANGUAGE_NAMES) == Defaults.LANGUAGES


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalogue_is_complete(locale):
    path = ROOT / "facilitate" / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogue
        if m.id
        and m.string
        and (m.string if isinstance(m.string, str) else all(m.string))
        and not m.fuzzy
    }
    missing = sorted(_source_messages() - translated)
    assert not missing, f"{len(missing)} messages untranslated in {locale}: {missing[:10]}"


def test_german_page(client):
    page = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Bürgerräte" in page or "Bürgerversammlungen" in page


def test_language_order_user_then_assembly_then_browser(client, login):
    factories.assembly(slug="fr-assembly", language="fr", status=AssemblyStatus.RECRUITING)
    french = client.get("/a/fr-assembly", headers={"Accept-Language": "de"})
    assert '<html lang="fr">' in french.get_data(as_text=True)
    person = factories.user()
    person.locale = "de"
    db.session.commit()
    login(person)
    german = client.get("/a/fr-assembly", headers={"Accept-Language": "en"})
    assert '<html lang="de">' in german.get_data(as_text=True)


def test_language_switcher_sets_a_preference_cookie(client):
    page = client.get("/?lang=fr", headers={"Accept-Language": "de"})
    assert '<html lang="fr">' in page.get_data(as_text=True)
    assert "facilitate_lang=fr" in page.headers["Set-Cookie"]
    again = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr">' in again
    # An unknown choice is ignored: the cookie's language stays.
    unknown = client.get("/?lang=xx", headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in unknown.get_data(as_text=True)
    assert "facilitate_lang" not in unknown.headers.get("Set-Cookie", "")


def test_visitor_chooses_a_language(client):
    response = client.post("/auth/language", data={"locale": "fr", "next": "/"})
    assert response.headers["Location"] == "/"
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr">' in page


def test_language_choice_refuses_foreign_next(client):
    response = client.post("/auth/language", data={"locale": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
