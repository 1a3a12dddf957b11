"""One unit of work per request: a view's writes are kept only when it returns."""

import pytest
from flask import flash
from sqlalchemy.exc import OperationalError

from facilitate.after_commit import after_commit
from facilitate.extensions import db
from facilitate.models import User
from facilitate.refusals import Refused

EMAIL = "written@example.org"
RAN_AFTER_COMMIT = []


def _write_then(outcome):
    """A view that writes a user, then returns, is refused, fails or cannot commit."""

    def view():
        db.session.add(User(email=EMAIL, name="Written", password_hash="x"))
        flash("Saved, all of it.", "success")
        after_commit(db.session, lambda: RAN_AFTER_COMMIT.append(outcome))
        if outcome == "refused":
            raise Refused("Not now.", "Ask the organiser.")
        if outcome == "fails":
            raise RuntimeError("a bug after the write")
        if outcome == "busy":
            raise OperationalError("UPDATE", {}, Exception("database is locked"))
        if outcome == "duplicate":
            db.session.add(User(email=EMAIL, name="Twice", password_hash="x"))
        return "done"

    return view


@pytest.fixture
def routes(app):
    RAN_AFTER_COMMIT.clear()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer with the error page, as in production
    for outcome in ("returns", "refused", "fails", "busy", "duplicate"):
        app.add_url_rule(
            f"/test/{outcome}", f"test_{outcome}", _write_then(outcome), methods=["GET", "POST"]
        )
    return app


def _written() -> int:
    db.session.commit()
    return db.session.query(User).filter_by(email=EMAIL).count()


def test_a_view_that_returns_is_committed_once_and_its_mail_leaves(routes, client):
    assert client.post("/test/returns").get_data(as_text=True) == "done"
    assert _written() == 1
    assert RAN_AFTER_COMMIT == ["returns"]


def test_a_refused_form_goes_back_with_the_reasons_and_keeps_nothing(routes, client):
    response = client.post("/test/refused", headers={"Referer": "http://localhost/the/form?x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/the/form?x=1"
    page = client.get("/").get_data(as_text=True)
    assert "Not now." in page and "Ask the organiser." in page
    assert "Saved, all of it." not in page
    assert _written() == 0
    assert RAN_AFTER_COMMIT == []


def test_a_refusal_never_sends_the_person_to_another_site(routes, client):
    response = client.post("/test/refused", headers={"Referer": "https://evil.example/x"})
    assert response.status_code == 422
    assert "Not now. Ask the organiser." in response.get_data(as_text=True)
    assert _written() == 0


def test_a_refused_page_explains_itself(routes, client):
    response = client.get("/test/refused")
    assert response.status_code == 422
    assert "Not now." in response.get_data(as_text=True)
    assert _written() == 0


@pytest.mark.parametrize("outcome", ["fails", "duplicate"])
def test_a_failure_or_a_failed_commit_keeps_nothing_and_never_says_done(routes, client, outcome):
    response = client.post(f"/test/{outcome}")
    assert response.status_code == 500
    assert "done" not in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert _written() == 0
    assert RAN_AFTER_COMMIT == []
    assert "Saved, all of it." not in client.get("/").get_data(as_text=True)


def test_a_busy_database_says_nothing_was_saved(routes, client):
    response = client.post("/test/busy")
    assert response.status_code == 503
    assert "nothing was saved" in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"]
    assert _written() == 0
