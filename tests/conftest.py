"""Fixtures: an app per test on SQLite (or PostgreSQL when TEST_DATABASE_URL is set)."""

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from facilitate import create_app
from facilitate.config import normalise_database_url
from facilitate.extensions import db
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def _compile_catalogues() -> None:
    """Compile the .po catalogues so a fresh clone translates without a build step."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "facilitate" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src:
                catalog = read_po(src)
            with mo.open("wb") as out:
                write_mo(out, catalog)


@pytest.fixture(scope="session")
def database_url():
    """Return the test database: PostgreSQL from TEST_DATABASE_URL, else a SQLite file."""
    _compile_catalogues()
    url = os.environ.get("TEST_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="facilitate-test-")
        url = "sqlite:///" + os.path.join(tmp, "test.sqlite")
    url = normalise_database_url(url)
    _reset_schema(url)
    app = create_app(_config(url))
    with app.app_context():
        # The suite builds its schema from the models; test_migrations proves the migrations
        # build the same one from an empty database.
        db.create_all()
        db.engine.dispose()
    yield url
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


def _reset_schema(url: str) -> None:
    """Start every run from an empty database."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _config(url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": url,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": None,
        "REGISTRATION_MIN_SECONDS": 0,
        # Pages change within a test; the cache has its own tests in test_public.py.
        "PUBLIC_PAGE_CACHE_SECONDS": 0,
        # Tests hold locks across threads on purpose; test_faults.py tests the lock timeout.
        "DATABASE_LOCK_TIMEOUT_MS": None,
        # Erasures are also written to a ledger file outside the database; tests keep none.
        "ERASURE_LEDGER": None,
        **extra,
    }


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class FreshContextClient(FlaskClient):
    """Run each request in its own app context, as a server would.

    The fixture keeps an app context open for the test's own queries; without this, requests
    would share its `g` (and Flask-Login's cached user) with each other.
    """

    def open(self, *args, **kwargs):
        # End the test's transaction on both sides so each sees what the other wrote.
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.commit()
        return response


@pytest.fixture
def app(request, database_url):
    """An application bound to the test database, emptied after the test."""
    marker = request.node.get_closest_marker("csrf")
    app = create_app(_config(database_url, WTF_CSRF_ENABLED=marker is not None))
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """Sign a user in through the real form: login(user) or login(email, password)."""

    def do_login(user_or_email, password=factories.PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        response = client.post("/auth/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return do_login


@pytest.fixture
def empty_database(database_url, tmp_path):
    """Yield the URL of a brand-new empty database on the suite's backend, dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/empty.sqlite"
        return
    from sqlalchemy.engine import make_url

    name = f"facilitate_empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
