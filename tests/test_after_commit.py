"""Work registered for after the commit runs once it committed, and never after a rollback."""

from facilitate.after_commit import after_commit
from facilitate.extensions import db
from tests import factories


def test_work_runs_after_the_commit_once_per_key(app):
    ran = []
    factories.user()
    after_commit(db.session, lambda: ran.append("a"), key="same")
    after_commit(db.session, lambda: ran.append("b"), key="same")
    assert ran == []
    db.session.commit()
    assert ran == ["b"]
    db.session.commit()
    assert ran == ["b"]


def test_work_is_forgotten_on_rollback(app):
    ran = []
    factories.user()
    db.session.execute(db.text("SELECT 1"))  # inside a transaction, as a service would be
    after_commit(db.session, lambda: ran.append("x"))
    db.session.rollback()
    db.session.commit()
    assert ran == []


def test_a_failing_work_does_not_undo_the_commit(app, caplog):
    def boom():
        raise RuntimeError("purge failed")

    user = factories.user()
    after_commit(db.session, boom)
    db.session.commit()
    assert "work after commit failed" in caplog.text
    assert db.session.get(type(user), user.id) is not None
