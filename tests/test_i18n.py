"""Translations: complete catalogues, and the language chosen in the right order."""

import re
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


#: What a translation must carry over unchanged: %(name)s formats, {merge_fields} and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%%|\{\w*\}|</?[a-zA-Z][^>]*>")


def _edges(text: str) -> tuple[str, str, int]:
    """Return the leading and trailing whitespace and the number of line breaks."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :], text.count("\n")


def _kept_wrongly(source: str, translation: str) -> bool:
    """Say whether a translation lost, changed or added a placeholder, a tag or an edge."""
    return sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)) or (
        _edges(source) != _edges(translation)
    )


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_placeholders(locale):
    path = ROOT / "facilitate" / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    wrong = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for form, translation in enumerate(strings):
            # The first form translates the singular; every other form the plural.
            source = ids[0] if form == 0 else ids[-1]
            if translation and _kept_wrongly(source, translation):
                wrong.append((source, translation))
    assert not wrong, f"{len(wrong)} translations in {locale} lose a placeholder: {wrong[:5]}"


def test_placeholder_check_catches_a_lost_placeholder():
    assert _kept_wrongly("Dear {first_name},", "Beste {voornaam},")
    assert _kept_wrongly("%(n)d seats", "%(n)s zetels")
    assert _kept_wrongly("<strong>%(n)d</strong> left", "%(n)d over")
    assert _kept_wrongly("Hello,\n\nbye", "Hallo, tot ziens")
    assert not _kept_wrongly("%(n)d seats · {link}", "{link} · %(n)d zetels")


def test_german_page(client):
    page = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Bürgerräte" in page or "Bürgerversammlungen" in page


@pytest.mark.parametrize(
    ("locale", "words"), [("nl", "Burgerberaden"), ("it", "Assemblee dei cittadini")]
)
def test_dutch_and_italian_pages(client, locale, words):
    page = client.get("/", headers={"Accept-Language": f"{locale};q=0.9"}).get_data(as_text=True)
    assert f'<html lang="{locale}">' in page
    assert words in page


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
