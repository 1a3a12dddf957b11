"""Audit log entries for the route-walking test (the audit routes take no object ids)."""

from facilitate.audit.services import record_action
from facilitate.extensions import db


def extend(b, values: dict) -> None:
    record_action(None, "test.world", b, target="world", before={"x": 1}, after={"x": 2})
    db.session.commit()
