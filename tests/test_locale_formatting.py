"""Numbers and percentages are written as the reader's language writes them."""

import pytest
from flask_babel import refresh

from facilitate import numbers
from tests import factories


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "12.5%"), ("de", "12,5\xa0%"), ("fr", "12,5\xa0%"), ("nl", "12,5%")],
)
def test_percent_follows_the_locale(app, lang, expected):
    app.config["LANGUAGES"] = [*app.config["LANGUAGES"], "nl"]
    with app.test_request_context(f"/?lang={lang}"):
        refresh()  # the app fixture's context would keep the first locale chosen
        assert numbers.percent(12.5) == expected


def test_percent_rounds_and_drops_trailing_zeros(app):
    with app.test_request_context("/?lang=en"):
        refresh()
        assert numbers.percent(33.3333) == "33.3%"
        assert numbers.percent(50.0) == "50%"
        assert numbers.percent(2 / 3 * 100, digits=0) == "67%"
        assert numbers.percent(None) == "—"


def test_number_follows_the_locale(app):
    with app.test_request_context("/?lang=de"):
        refresh()
        assert numbers.number(1234.5) == "1.234,5"
    with app.test_request_context("/?lang=en"):
        refresh()
        assert numbers.number(1234.5) == "1,234.5"


def test_pool_chart_writes_shares_in_german(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="deutsch")
    factories.quotas(
        assembly,
        {"gender": [("female", 52.5, 9, 11), ("male", 47.5, 9, 11)]},
    )
    login(organiser)

    german = client.get("/assemblies/deutsch/pool/?lang=de").get_data(as_text=True)
    english = client.get("/assemblies/deutsch/pool/?lang=en").get_data(as_text=True)

    assert "52,5\xa0%" in german and "52.5" not in german
    assert "52.5%" in english
