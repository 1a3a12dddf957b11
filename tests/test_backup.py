"""Back up the database and restore it into an empty one: every record comes back intact."""

import hashlib

import pytest
from sqlalchemy import create_engine, inspect, select

from facilitate import create_app
from facilitate.audit.services import verify_chain
from facilitate.backups.dump import BackupError, create_backup, restore_backup
from facilitate.extensions import db
from tests import factories
from tests.conftest import _config

#: Tables whose every row must survive (ballots when that feature's table exists).
CHECKED = ("assembly", "registrant", "selection_run", "panel_seat", "audit_entry", "ballot")


def _fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Return (row count, hash of all rows in key order) for each checked table."""
    engine = create_engine(url)
    try:
        names = set(inspect(engine).get_table_names())
        result = {}
        with engine.connect() as conn:
            for name in CHECKED:
                if name not in names:
                    continue
                table = db.metadata.tables[name]
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
                result[name] = (len(rows), digest)
        return result
    finally:
        engine.dispose()


def _some_data():
    organiser = factories.user(can_organise=True)
    assembly = factories.drawable_assembly(organiser, size=12)
    factories.seat_panel(assembly)
    factories.selection_run(assembly)
    db.session.commit()


def test_backup_restores_every_record(app, runner, database_url, empty_database, tmp_path):
    _some_data()
    before = _fingerprints(database_url)
    assert before["registrant"][0] >= 12 and before["panel_seat"][0] >= 5
    assert before["audit_entry"][0] > 0
    path = tmp_path / "facilitate.backup"
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 0

    restored_app = create_app(_config(empty_database))
    # The CLI reuses an app context already pushed, so push the restored app's own.
    with restored_app.app_context():
        restore = restored_app.test_cli_runner().invoke(args=["backup", "restore", str(path)])
        assert restore.exit_code == 0, restore.output
        assert _fingerprints(empty_database) == before
        assert verify_chain()[1] is None
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(app, runner, database_url, tmp_path):
    _some_data()
    path = tmp_path / "facilitate.backup"
    assert runner.invoke(args=["backup", "create", str(path)]).exit_code == 0
    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(path)])
    assert result.exit_code == 1
    assert "not empty" in result.output


def test_backup_never_overwrites(app, database_url, tmp_path):
    path = tmp_path / "exists.backup"
    path.write_text("keep me")
    with pytest.raises(BackupError, match="already exists"):
        create_backup(database_url, path)
    assert path.read_text() == "keep me"


def test_restore_refuses_a_file_that_is_not_a_backup(database_url, empty_database, tmp_path):
    path = tmp_path / "junk.backup"
    path.write_bytes(b"not a backup at all")
    with pytest.raises(BackupError):
        restore_backup(empty_database, path)
