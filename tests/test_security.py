"""Security headers, CSRF, error pages and cookie settings."""

import re

import pytest
from flask import Blueprint

from facilitate import create_app
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
    for response, status in (
        (client.get("/"), 200),
        (client.get("/no/such/page"), 404),
        (client.post("/"), 405),
    ):
        assert response.status_code == status
        _check_headers(response)


def test_server_error_is_generic_and_has_headers(database_url):
    from tests.conftest import _config

    app = create_app(
        _config(
            database_url,
            TESTING=False,
            PROPAGATE_EXCEPTIONS=False,
            PUBLIC_URL="http://localhost",
        )
    )
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


def test_cookie_flags(app, database_url):
    """The session cookie a sign-in sets, with the defaults the tests otherwise turn off."""
    from tests.conftest import _config

    config = _config(database_url)
    del config["SESSION_COOKIE_SECURE"]  # the tests' plain-http setting, not the default
    person = factories.user()
    client = create_app(config).test_client()
    response = client.post(
        "/auth/login", data={"email": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}="))
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in flags and "secure" in flags
    assert flags["samesite"] == "SameSite=Lax"


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


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
TOKEN = re.compile(r'<input\b[^>]*name="csrf_token"[^>]*value="[^"]+"', re.I)


@pytest.mark.csrf
def test_every_form_carries_a_csrf_token(client):
    """Every POST form on every page an organiser can open without arguments has a token."""
    person = factories.user(can_organise=True, is_admin=True)
    assembly = factories.assembly(person, slug="forms")
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/auth/login",
        data={"email": person.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    checked = 0
    for rule in client.application.url_map.iter_rules():
        if "GET" not in rule.methods or set(rule.arguments) - {"slug"}:
            continue
        address = rule.build({"slug": assembly.slug} if "slug" in rule.arguments else {})[1]
        response = client.get(address)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in FORM.findall(response.get_data(as_text=True)):
            if re.search(r'method="post"', form, re.I):
                assert TOKEN.search(form), f"{address}: a POST form without a token"
                checked += 1
    assert checked >= 10, f"only {checked} POST forms found"


def test_signed_in_pages_are_not_cached(client, login):
    login(factories.user())
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"
