"""The migrations build the schema from nothing, and agree with the models."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from facilitate import create_app
from facilitate.extensions import db
from tests.conftest import _config


def test_upgrade_from_empty_matches_the_models(empty_database):
    app = create_app(_config(empty_database))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_backend_is_the_one_asked_for(database_url):
    expected = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
    assert make_url(database_url).get_backend_name() == expected
