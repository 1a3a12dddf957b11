"""A lock held for long fails a request quickly and honestly; it never wedges the workers."""

import time

import pytest
from sqlalchemy import create_engine, text

from facilitate import create_app
from facilitate.extensions import db
from facilitate.models import User
from tests.conftest import FreshContextClient, _config


@pytest.fixture
def impatient(app, database_url):
    """An app that waits 300 ms for a lock (PostgreSQL) or SQLite's 5 s busy timeout."""
    made = create_app(_config(database_url, DATABASE_LOCK_TIMEOUT_MS=300))
    made.config["PROPAGATE_EXCEPTIONS"] = False

    def write_a_user():
        db.session.add(User(email="late@example.org", name="Late", password_hash="x"))
        return "saved"

    made.add_url_rule("/test/write", "test_write", write_a_user, methods=["POST"])
    made.test_client_class = FreshContextClient
    yield made
    with made.app_context():
        db.engine.dispose()


@pytest.fixture
def table_locked(database_url):
    """Another connection holds the user table (PostgreSQL) or the write lock (SQLite)."""
    engine = create_engine(database_url)
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection.execute(text('LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE'))
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    yield
    connection.rollback()
    connection.close()
    engine.dispose()


def test_a_held_lock_gives_busy_nothing_saved_quickly(impatient, table_locked):
    started = time.monotonic()
    response = impatient.test_client().post("/test/write")
    seconds = time.monotonic() - started
    assert response.status_code == 503
    assert "nothing was saved" in response.get_data(as_text=True)
    assert seconds < 8, seconds


def test_the_write_goes_through_once_the_lock_is_gone(impatient):
    assert impatient.test_client().post("/test/write").get_data(as_text=True) == "saved"
    db.session.commit()
    assert db.session.query(User).filter_by(email="late@example.org").count() == 1
