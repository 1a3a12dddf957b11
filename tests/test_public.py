"""The public portal: nothing personal, constant queries, valid feed and API."""

import json
import re

import feedparser
import pytest
from sqlalchemy import event, select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Registrant, User
from tests import factories, factories_public


def _public_get_urls(app, values):
    """Every public GET route of the app, filled in with `values` (skipping unknown args)."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) != "public" or "GET" not in rule.methods:
            continue
        if rule.endpoint in {"static", "public.health"} or not set(rule.arguments) <= set(values):
            continue
        yield rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


def test_no_personal_data_anywhere_public(app, client):
    assembly = factories_public.published_assembly()
    secrets = []
    for person in db.session.scalars(select(Registrant)):
        secrets += [person.first_name, person.last_name, person.email, person.address, person.phone]
    secrets += [u.email for u in db.session.scalars(select(User))] + ["Olga Organiser"]
    secrets = [s for s in secrets if s]
    assert len(secrets) > 40
    urls = list(_public_get_urls(app, {"slug": assembly.slug, "number": 1}))
    for required in (
        "/",
        "/a/open-data",
        "/a/open-data/recommendations",
        "/a/open-data/recommendations/1",
        "/a/open-data/report",
        "/a/open-data/recommendations.csv",
        "/feed.atom",
        "/api/v1/assemblies/open-data",
        "/api/v1/assemblies/open-data/recommendations",
        "/api/v1/openapi.json",
        "/a/open-data/selection",
    ):
        assert required in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.get_data(as_text=True)
        leaked = [s for s in secrets if s in body]
        assert not leaked, f"{url} shows {leaked[:3]}"


def test_small_panel_counts_are_suppressed(client):
    factories_public.published_assembly()
    page = client.get("/a/open-data").get_data(as_text=True)
    assert "fewer than 5" in page
    data = client.get("/api/v1/assemblies/open-data").get_json()
    seats = [row["seats"] for group in data["panel"] for row in group["rows"]]
    assert all(s is None or s == 0 or s >= 5 for s in seats)
    assert data["counts"] == {"invited": 0, "registered": 16, "selected": 6}


def _count_queries(app, client, url) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


@pytest.mark.parametrize(
    "path",
    [
        "/a/{slug}",
        "/a/{slug}/recommendations",
        "/a/{slug}/report",
        "/api/v1/assemblies/{slug}/recommendations",
        "/a/{slug}/feed.atom",
        "/",
    ],
)
def test_queries_do_not_grow_with_rows(app, client, path):
    small = factories_public.published_assembly("small", recommendations=2)
    large = factories_public.published_assembly("large", recommendations=12)
    for _ in range(20):
        factories.registrant(large)
    few = _count_queries(app, client, path.format(slug=small.slug))
    many = _count_queries(app, client, path.format(slug=large.slug))
    assert few == many, f"{path}: {few} queries for 2 rows, {many} for 12"


def test_feed_is_valid_atom(client):
    factories_public.published_assembly()
    parsed = feedparser.parse(client.get("/feed.atom").get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    assert any("recommendations published" in t for t in titles)
    assert any("rejected" in t for t in titles) and any("update (40 %)" in t for t in titles)
    assert all(e.link.startswith("http") for e in parsed.entries)


def test_openapi_describes_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    api_rules = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule)
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("api.") and not r.rule.endswith("openapi.json")
    }
    assert api_rules == set(spec["paths"])


def test_api_recommendations(client):
    factories_public.published_assembly()
    data = client.get("/api/v1/assemblies/open-data/recommendations").get_json()
    numbers = [r["number"] for r in data["recommendations"]]
    assert numbers == [1, 2, 3]
    rejected = next(
        r
        for r in data["recommendations"]
        if r["response"] and r["response"]["status"] == "rejected"
    )
    assert rejected["response"]["justification"] == "Budget."
    assert rejected["response"]["updates"][0]["progress"] == 40


def test_recommendations_hidden_until_published(client):
    assembly = factories_public.published_assembly()
    assembly.status = AssemblyStatus.VOTING
    db.session.commit()
    assert client.get("/api/v1/assemblies/open-data/recommendations").get_json() == {
        "recommendations": []
    }
    assert client.get("/a/open-data/recommendations/1").status_code == 404


def test_csv_download(client):
    factories_public.recommendation(
        factories_public.published_assembly(recommendations=0), 1, "=HYPERLINK(1)"
    )
    body = client.get("/a/open-data/recommendations.csv").get_data(as_text=True)
    assert body.splitlines()[0] == "number,title,text,response,response_date,justification"
    assert "'=HYPERLINK(1)" in body


def test_draft_assembly_is_not_in_the_api(client):
    factories.assembly(slug="secret-draft")
    assert client.get("/api/v1/assemblies/secret-draft").status_code == 404
    assert "secret-draft" not in json.dumps(client.get("/api/v1/assemblies").get_json())


def test_anonymous_visitors_get_cached_pages(app, client):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 30
    assembly = factories_public.published_assembly()
    first = client.get("/a/open-data/recommendations")
    assert first.headers["Cache-Control"] == "public, max-age=30"
    assert "Set-Cookie" not in first.headers  # nothing personal in a cached page
    assembly.title = "Renamed while cached"
    db.session.commit()
    cached = client.get("/a/open-data/recommendations").get_data(as_text=True)
    assert "Renamed while cached" not in cached
    # Another language, or a visitor with a session, gets a fresh page.
    german = client.get("/a/open-data/recommendations?lang=de").get_data(as_text=True)
    assert "Renamed while cached" in german and '<html lang="de">' in german
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "x")
    assert "Renamed while cached" in client.get("/a/open-data/recommendations").get_data(
        as_text=True
    )


def test_signed_in_pages_are_never_cached(app, client, login):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 30
    factories_public.published_assembly()
    login(factories.user())
    response = client.get("/a/open-data")
    assert (
        "Cache-Control" not in response.headers or "public" not in response.headers["Cache-Control"]
    )


def test_the_page_cache_keys_on_the_language_chosen_not_the_raw_header(app, client):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 30
    padding = "xx;q=0.1, " * 12  # past the 100 characters an old key kept
    german = client.get("/", headers={"Accept-Language": padding + "de"})
    assert '<html lang="de">' in german.get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": padding + "en"})
    assert '<html lang="en">' in english.get_data(as_text=True)
