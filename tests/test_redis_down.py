"""Redis is optional: with REDIS_URL set and Redis down, the public site, sign-in and the API work."""

import pytest

from facilitate import create_app
from facilitate.models import AssemblyStatus
from tests import factories
from tests.conftest import FreshContextClient, _config

#: Nothing listens on port 1: every Redis call is refused at once.
DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def down_client(app, database_url):
    """A client of an app whose Redis (cache, rate limits, jobs) cannot be reached."""
    organiser = factories.user(email="org@example.org", can_organise=True)
    factories.assembly(organiser, slug="open", status=AssemblyStatus.RECRUITING)
    broken = create_app(
        _config(database_url, REDIS_URL=DOWN, PUBLIC_PAGE_CACHE_SECONDS=30, JOBS_MODE="thread")
    )
    broken.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 shows as a 500, as in production
    broken.test_client_class = FreshContextClient
    return broken.test_client()


@pytest.mark.parametrize("path", ["/", "/a/open", "/api/v1/assemblies", "/auth/login"])
def test_pages_answer_with_redis_down(down_client, path):
    first = down_client.get(path)
    assert first.status_code == 200, path
    assert down_client.get(path).status_code == 200, path  # the cache missed, twice


def test_signing_in_works_with_redis_down(down_client):
    response = down_client.post(
        "/auth/login", data={"email": "org@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
