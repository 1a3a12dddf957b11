"""Error pages, even after the database failed, carry the same security headers as any page."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DataError, OperationalError

from facilitate.extensions import db

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def _boom(error):
    def view():
        db.session.execute(text("SELECT 1"))
        raise error

    return view


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OperationalError("SELECT 1", {}, Exception("server closed the connection")), 503),
        (DataError("INSERT", {}, Exception("integer out of range")), 400),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), 400),
        (RuntimeError("a bug"), 500),
    ],
)
def test_error_pages_after_a_database_error_carry_the_security_headers(app, error, status):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/boom", "boom", _boom(error))
    response = app.test_client().get("/boom")
    assert response.status_code == status
    for header in HEADERS:
        assert header in response.headers, f"{header} missing on the {status} page"
    assert "Traceback" not in response.get_data(as_text=True)


def test_an_out_of_range_number_is_refused_with_a_message_and_keeps_nothing(app, client, login):
    """A form field holding a number past 64 bits is refused, not a server error."""
    from tests import factories

    boss = factories.user(is_admin=True)
    login(boss)
    response = client.post("/auth/admin/two-factor", data={"user_id": "9" * 25})
    assert response.status_code == 400
    assert "out of range" in response.get_data(as_text=True)
