"""PUBLIC_URL: required in production, the only host answered, the base of every feed link."""

import runpy

import pytest

from facilitate import create_app, instance_config
from tests import factories_public
from tests.conftest import FreshContextClient, _config

PUBLIC = "https://assembly.example"


@pytest.fixture
def public_app(app, database_url):
    """The suite's database, served as it would be in production at https://assembly.example."""
    made = create_app(
        _config(
            database_url,
            PUBLIC_URL=PUBLIC + "/",
            EXTRA_TRUSTED_HOSTS="alias.example",
            PUBLIC_PAGE_CACHE_SECONDS=30,
        )
    )
    made.test_client_class = FreshContextClient
    return made


def test_public_url_is_required_outside_debug_and_testing(monkeypatch, database_url):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_URL is not set"):
        create_app(_config(database_url, TESTING=False))
    with pytest.raises(RuntimeError, match="full http"):
        create_app(_config(database_url, TESTING=False, PUBLIC_URL="assembly.example"))
    served = create_app(_config(database_url, TESTING=False, PUBLIC_URL=PUBLIC))
    assert served.config["TRUSTED_HOSTS"] == ["assembly.example"]
    assert create_app(_config(database_url, TESTING=False, DEBUG=True)).debug


def test_a_forged_host_gets_400_and_is_never_cached(public_app):
    factories_public.published_assembly()
    client = public_app.test_client()
    assert client.get("/feed.atom", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    feed = client.get("/feed.atom", headers={"Host": "assembly.example"}).get_data(as_text=True)
    assert "evil.example" not in feed


def test_feed_links_use_public_url_whatever_host_was_asked(public_app):
    factories_public.published_assembly()
    client = public_app.test_client()
    # An extra trusted name, over plain http: the links still name the public address.
    feed = client.get("/feed.atom", base_url="http://alias.example").get_data(as_text=True)
    assert f'href="{PUBLIC}/a/open-data/recommendations"' in feed
    assert f'href="{PUBLIC}/feed.atom"' in feed
    assert "alias.example" not in feed and "http://" not in feed.replace("http://www.w3.org", "")


def test_make_run_writes_the_address_it_serves_on(tmp_path, database_url, monkeypatch):
    """`make run` (not in debug mode) keeps starting on a fresh clone."""
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    target = tmp_path / "config.py"
    instance_config.main(str(target))
    written = runpy.run_path(str(target))
    assert written["PUBLIC_URL"] == "http://127.0.0.1:5000"  # `flask run --port 5000` in make run
    served = create_app(_config(database_url, TESTING=False, PUBLIC_URL=written["PUBLIC_URL"]))
    client = served.test_client()
    # Visitors may type either loopback name.
    assert client.get("/", base_url="http://localhost:5000").status_code == 200
    assert client.get("/", base_url="http://127.0.0.1:5000").status_code == 200
