"""Record a download of personal data: a GET that must still leave a trace."""

from facilitate.audit.services import record_action
from facilitate.extensions import db


def record_download(actor, action: str, assembly, target: str = "", **details) -> None:
    """Append the entry and commit (a view-layer helper: downloads have no POST to commit)."""
    record_action(actor, action, assembly, target=target, after=details or None)
    db.session.commit()
