"""The public page cache cannot be steered by a request; private pages are never kept."""

import pytest

from facilitate.models import AssemblyStatus
from facilitate.tokens import token_hash
from tests import factories, factories_public
from tests.worlds.evidence import open_submissions, submission_and_link


@pytest.fixture
def caching(app):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 30
    return app


def test_a_forged_host_never_poisons_the_cached_feed(caching, client):
    """Without PUBLIC_URL (tests, debugging) links follow the Host, so the key includes it."""
    factories_public.published_assembly()
    forged = client.get("/feed.atom", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" in forged  # built for that request only...
    honest = client.get("/feed.atom").get_data(as_text=True)
    assert "evil.example" not in honest  # ...and never served to the next visitor
    assert "http://localhost/a/open-data/recommendations" in honest


def test_a_german_visitor_then_an_english_visitor_get_their_own_language(caching, client):
    german = client.get("/", headers={"Accept-Language": "de-BE,de;q=0.9"})
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert german.headers["Cache-Control"].startswith("public")
    assert '<html lang="de">' in german.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True)


def _private_links():
    organiser = factories.user(can_organise=True)
    recruiting = factories.assembly(organiser, slug="rec", status=AssemblyStatus.RECRUITING)
    factories.registrant(recruiting, manage_token_hash=token_hash("resident-link-token"))
    sitting = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(sitting)
    _, evidence_token = submission_and_link(sitting)
    return organiser, ["/r/resident-link-token", f"/e/{evidence_token}"]


def test_private_link_and_signed_in_pages_are_not_stored(caching, client, login):
    organiser, links = _private_links()
    for path in links:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path
    login(organiser)
    for path in [
        "/dashboard",
        "/assemblies/rec",
        "/assemblies/rec/pool/",
        "/auth/account/security",
        "/assemblies/rec/pool/export.csv",
        "/",
        "/a/heat",
        "/feed.atom",
        "/api/v1/assemblies",
        "/assemblies/heat/sittings/calendar.ics",  # sets its own Cache-Control
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path
