"""Input no database can store is refused with a 4xx on every route, never a 500."""

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from tests import factories

HUGE = "99999999999999999999999"


def _get_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and "GET" in rule.methods:
            yield rule


def _path(rule, text_value="nope") -> str:
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = HUGE
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = text_value
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def signed_in_admin(app, client, login):
    admin = factories.user(is_admin=True, can_organise=True)
    factories.assembly(admin, slug="nope")
    login(admin)
    return client


def test_a_nul_character_anywhere_is_refused_on_every_page(app, signed_in_admin):
    client = signed_in_admin
    for rule in _get_rules(app):
        response = client.get(_path(rule), query_string={"q": "a\x00b", "page": "1"})
        assert response.status_code == 400, (rule.rule, response.status_code)
    response = client.post("/auth/language", data={"locale": "de\x00", "next": "/"})
    assert response.status_code == 400


def test_an_id_beyond_64_bits_is_not_found_rather_than_an_error(app, signed_in_admin):
    client = signed_in_admin
    with_ids = [
        r
        for r in _get_rules(app)
        if any(isinstance(c, IntegerConverter) for c in r._converters.values())
    ]
    assert len(with_ids) > 20
    for rule in with_ids:
        assert client.get(_path(rule)).status_code == 404, rule.rule


def test_huge_and_odd_query_values_never_break_a_page(app, signed_in_admin):
    client = signed_in_admin
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 must show as one, not as a traceback
    odd = {"page": HUGE, "per_page": "-1", "q": "é" * 5000, "lang": "\u202e", "sort": "-"}
    for rule in _get_rules(app):
        response = client.get(_path(rule), query_string=odd)
        assert response.status_code < 500, (rule.rule, response.status_code)
