"""Correct or withdraw someone in the council's pool; audited, and never committed here."""

from datetime import date

from flask_babel import gettext as _

from facilitate.audit.services import record_action
from facilitate.council.services import CouncilRefused, sitting_terms
from facilitate.extensions import db
from facilitate.models import User
from facilitate.models.council import CandidateSource, Council, CouncilCandidate

#: What an edit may change besides the e-mail address.
EDITABLE = ("name", "values", "source", "appointed", "opted_in_on")


def _state(candidate: CouncilCandidate) -> dict:
    return {
        "name": candidate.name,
        "values": dict(candidate.values),
        "source": str(candidate.source),
        "appointed": candidate.appointed,
        "opted_in_on": candidate.opted_in_on.isoformat(),
    }


def _target(council: Council, candidate: CouncilCandidate) -> str:
    return f"council:{council.slug} candidate:{candidate.id}"


def check_values(council: Council, values: dict) -> None:
    """Refuse values that are not one of the council's own for every quota category."""
    allowed = {c: [v for v, _share in pairs] for c, pairs in council.quota_rules.items()}
    if any(values.get(c) not in choices for c, choices in allowed.items()):
        raise CouncilRefused([_("Choose a value in every category.")])


def update_candidate(
    council: Council, candidate: CouncilCandidate, data: dict, *, actor: User
) -> bool:
    """Correct a person's details in the pool; return whether anything changed."""
    check_values(council, data["values"])
    before = _state(candidate)
    after = {
        "name": data["name"].strip(),
        "values": {c: data["values"][c] for c in council.quota_rules},
        "source": str(CandidateSource(data["source"])),
        "appointed": bool(data.get("appointed")),
        "opted_in_on": data["opted_in_on"].isoformat(),
    }
    email = (data.get("email") or "").strip().lower()
    changed = [k for k in EDITABLE if before[k] != after[k]]
    email_changed = email != candidate.email
    if not changed and not email_changed:
        # Nothing written, so nothing to account for.
        return False
    candidate.name = after["name"]
    candidate.values = after["values"]
    candidate.source = CandidateSource(data["source"])
    candidate.appointed = after["appointed"]
    candidate.opted_in_on = data["opted_in_on"]
    if email_changed:
        candidate.email = email
        user = db.session.scalar(db.select(User).filter_by(email=email)) if email else None
        candidate.user_id = user.id if user else None
    record_action(
        actor,
        "council.candidate.edit",
        target=_target(council, candidate),
        before={k: before[k] for k in changed},
        # The address is personal data: the log says it changed, not what it is.
        after={k: after[k] for k in changed} | ({"email": "changed"} if email_changed else {}),
    )
    db.session.flush()
    return True


def withdraw_candidate(
    council: Council, candidate: CouncilCandidate, on: date, *, actor: User
) -> None:
    """Take someone out of the pool from `on`: no later draw can choose them."""
    if candidate.withdrawn_on is not None:
        raise CouncilRefused([_("%(n)s has already left the pool.", n=candidate.name)])
    if any(t.candidate_id == candidate.id for t in sitting_terms(council, on)):
        raise CouncilRefused(
            [
                _(
                    "%(n)s sits on the council: end their term from the seats instead.",
                    n=candidate.name,
                )
            ]
        )
    candidate.withdrawn_on = on
    record_action(
        actor,
        "council.candidate.withdraw",
        target=_target(council, candidate),
        after={"withdrawn_on": on.isoformat()},
    )
    db.session.flush()
