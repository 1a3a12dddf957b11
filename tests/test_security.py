"""Security headers, CSRF, error pages and cookie settings."""

import pytest
from flask import Blueprint

from facilitate import create_app
from facilitate.config import Defaults
from tests import factories

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _check_headers(response):
    for name, value in REQUIRED.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_headers_on_pages_and_errors(client):
    _check_headers(client.get("/"))
    _check_headers(client.get("/no/such/page"))
    _check_headers(client.post("/"))  # 405


def test_server_error_is_generic_and_has_headers(database_url):
    from tests.conftest import _config

    app = create_app(_config(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False))
    boom = Blueprint("boom", __name__)

    @boom.route("/boom")
    def explode():
        raise RuntimeError("secret internals")

    explode.access_rule = "public"
    app.register_blueprint(boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body
    assert "Something went wrong" in body
    _check_headers(response)


def test_cookie_flags():
    assert Defaults.SESSION_COOKIE_HTTPONLY is True
    assert Defaults.SESSION_COOKIE_SAMESITE == "Lax"
    assert Defaults.SESSION_COOKIE_SECURE is True


def test_secret_key_is_required(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"})


@pytest.mark.csrf
def test_post_without_csrf_token_is_refused(client):
    person = factories.user()
    response = client.post(
        "/auth/login", data={"email": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.csrf
def test_every_form_carries_a_csrf_token(client, login):
    # Signing in through the real form proves the token is rendered and accepted.
    person = factories.user(can_organise=True)
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/auth/login",
        data={"email": person.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    new_form = client.get("/assemblies/new").get_data(as_text=True)
    assert 'name="csrf_token"' in new_form


def test_signed_in_pages_are_not_cached(client, login):
    login(factories.user())
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"
