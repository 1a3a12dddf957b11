"""An audit entry about a person in assembly `b`, so the walk renders the evaluator's redaction."""

from facilitate.audit.services import record_action
from facilitate.extensions import db


def extend(b, values: dict) -> None:
    # The evaluation routes take only the slug; this gives their page something to withhold.
    record_action(None, "team.invite", b, target="invitation:walk.invitee@example.org")
    db.session.commit()
