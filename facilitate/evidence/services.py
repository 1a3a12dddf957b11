"""Take, moderate and group public submissions; keep the assembly's submission settings."""

import secrets
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from facilitate.audit.services import record_action
from facilitate.evidence import campaigns
from facilitate.extensions import db
from facilitate.models import Assembly, User
from facilitate.models.evidence import (
    Campaign,
    EvidenceSettings,
    Publication,
    RejectionReason,
    Stance,
    Submission,
    SubmissionStatus,
    SubmitterType,
)
from facilitate.refusals import Refused
from facilitate.row_versions import purge_after_commit
from facilitate.tokens import token_hash

#: Near-identical texts from at least this many submissions make a campaign (two are duplicates).
CAMPAIGN_MIN_SIZE = 3
MODERATION_ACTIONS = ("accept", "publish", "unpublish", "reject", "duplicate", "reopen")


class SubmissionRefused(Refused):
    """The submission or decision cannot be taken as given; the message says why."""


def settings_for(assembly: Assembly) -> EvidenceSettings:
    """Return the assembly's submission settings, creating the default (closed) ones."""
    found = db.session.scalar(select(EvidenceSettings).filter_by(assembly_id=assembly.id))
    if found is None:
        found = EvidenceSettings(assembly_id=assembly.id, accepting=False, themes="")
        db.session.add(found)
        db.session.flush()
    return found


def current_settings(assembly: Assembly) -> EvidenceSettings:
    """Return the saved settings, or unsaved defaults (closed, no themes) to read from."""
    found = db.session.scalar(select(EvidenceSettings).filter_by(assembly_id=assembly.id))
    return found or EvidenceSettings(assembly_id=assembly.id, accepting=False, themes="")


def is_accepting(assembly: Assembly, today: date) -> bool:
    """Say whether the public form takes submissions today."""
    found = current_settings(assembly)
    if not found.accepting:
        return False
    return found.closes_on is None or today <= found.closes_on


def update_settings(assembly: Assembly, accepting: bool, closes_on: date | None, themes: str):
    """Open or close submissions and set the themes submitters choose from."""
    found = settings_for(assembly)
    found.accepting = accepting
    found.closes_on = closes_on
    found.themes = "\n".join(line.strip() for line in themes.splitlines() if line.strip())
    db.session.flush()
    return found


def _next_number(assembly: Assembly) -> int:
    highest = db.session.scalar(
        select(func.max(Submission.number)).where(Submission.assembly_id == assembly.id)
    )
    return (highest or 0) + 1


def build_submission(assembly: Assembly, data: dict, number: int) -> Submission:
    """Check one submission's values and return it unsaved; raise SubmissionRefused."""
    text = (data.get("text") or "").strip()
    document = data.get("document")
    if not text and not document:
        raise SubmissionRefused(_("Write your submission or attach a document."))
    kind = SubmitterType(data["submitter_type"])
    organisation = (data.get("organisation") or "").strip()
    if kind is not SubmitterType.INDIVIDUAL and not organisation:
        raise SubmissionRefused(_("Give the name of the organisation you write for."))
    stance = data.get("stance") or None
    made = Submission(
        assembly_id=assembly.id,
        number=number,
        submitter_type=kind,
        name=(data.get("name") or "").strip()[:200],
        email=(data.get("email") or "").strip()[:254],
        organisation=organisation[:200] if kind is not SubmitterType.INDIVIDUAL else "",
        funding=(data.get("funding") or "").strip() if kind is not SubmitterType.INDIVIDUAL else "",
        lobbies=data.get("lobbies") if kind is not SubmitterType.INDIVIDUAL else None,
        publication=Publication(data["publication"]),
        theme=(data.get("theme") or "").strip()[:120],
        stance=Stance(stance) if stance else None,
        text=text,
        source=data.get("source", "form"),
        signature=campaigns.encode(campaigns.signature(text)),
        status=SubmissionStatus.PENDING,
    )
    if data.get("received_on"):
        made.created_at = data["received_on"]
    if document:
        made.filename, made.content_type, made.content = document
        made.size = len(made.content)
    return made


def submit_evidence(assembly: Assembly, data: dict) -> tuple[Submission, str]:
    """Record a submission from the public form (pending); return it and its private link token."""
    made = build_submission(assembly, data, _next_number(assembly))
    token = secrets.token_urlsafe(32)
    made.manage_token_hash = token_hash(token)
    db.session.add(made)
    db.session.flush()
    return made, token


def find_by_token(token: str) -> Submission | None:
    """Return the submission whose private link this is."""
    return db.session.scalar(select(Submission).filter_by(manage_token_hash=token_hash(token)))


#: What a withdrawal erases: the content and everything that could identify the submitter.
_ERASED = {
    "name": "", "email": "", "organisation": "", "funding": "", "lobbies": None, "text": "",
    "filename": "", "content_type": "", "size": 0, "content": None, "signature": "",
    "moderation_note": "", "reason": None, "duplicate_of_id": None, "campaign_id": None,
    "published_at": None,
}  # fmt: skip


def withdraw_submission(submission: Submission) -> bool:
    """Withdraw a submission at its submitter's request and erase it; False if already done."""
    if submission.status is SubmissionStatus.WITHDRAWN:
        return False
    for name, value in _ERASED.items():
        setattr(submission, name, value)
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = datetime.now(UTC)
    # Actor 0 is nobody: the submitter is anonymous, and whoever happens to be signed in on
    # their browser must not be tied to the submission in the log.
    record_action(0, "evidence.withdraw", submission.assembly_id, f"submission:{submission.number}")
    db.session.flush()
    # The blanked row's old version still holds the text and the submitter's address on disk.
    purge_after_commit(db.session, ["submission"], compact=True, wait=True)
    return True


def import_submissions(assembly: Assembly, rows: list[dict]) -> int:
    """Record checked rows from an import, numbered after the existing submissions."""
    number = _next_number(assembly)
    for offset, data in enumerate(rows):
        db.session.add(build_submission(assembly, {**data, "source": "import"}, number + offset))
    db.session.flush()
    return len(rows)


def moderate_submission(
    submission: Submission,
    action: str,
    user: User,
    reason: str = "",
    duplicate_of: Submission | None = None,
    note: str = "",
) -> None:
    """Accept, publish, reject with a reason, mark as duplicate, or reopen a submission."""
    if action not in MODERATION_ACTIONS:
        raise SubmissionRefused(_("Unknown decision."))
    if submission.status is SubmissionStatus.WITHDRAWN:
        raise SubmissionRefused(_("The submitter withdrew it."))
    if action == "publish":
        if submission.status is not SubmissionStatus.ACCEPTED:
            raise SubmissionRefused(_("Only accepted submissions can be published."))
        if submission.publication is Publication.PRIVATE:
            raise SubmissionRefused(_("The submitter did not agree to publication."))
        submission.published_at = datetime.now(UTC)
    elif action == "unpublish":
        submission.published_at = None
    else:
        _decide(submission, action, reason, duplicate_of)
    if note.strip():
        submission.moderation_note = note.strip()
    submission.moderated_by_id = user.id
    submission.moderated_at = datetime.now(UTC)
    record_action(
        user,
        f"evidence.{action}",
        submission.assembly_id,
        f"submission:{submission.number}",
        after={"status": submission.status.value, "reason": reason or None},
    )
    db.session.flush()


def _decide(submission: Submission, action: str, reason: str, duplicate_of) -> None:
    if action == "reject":
        if reason not in {r.value for r in RejectionReason}:
            raise SubmissionRefused(_("Choose the reason for rejecting it."))
        submission.status, submission.reason = SubmissionStatus.REJECTED, RejectionReason(reason)
        submission.duplicate_of_id = None
    elif action == "duplicate":
        if duplicate_of is None or duplicate_of.id == submission.id:
            raise SubmissionRefused(_("Give the number of the submission it repeats."))
        if duplicate_of.assembly_id != submission.assembly_id:
            raise SubmissionRefused(_("Give the number of the submission it repeats."))
        submission.status, submission.reason = SubmissionStatus.DUPLICATE, None
        submission.duplicate_of_id = duplicate_of.id
    else:
        accepted = action == "accept"
        submission.status = SubmissionStatus.ACCEPTED if accepted else SubmissionStatus.PENDING
        submission.reason, submission.duplicate_of_id = None, None
    if submission.status is not SubmissionStatus.ACCEPTED:
        submission.published_at = None


def group_campaigns(assembly: Assembly, min_size: int = CAMPAIGN_MIN_SIZE) -> list[Campaign]:
    """Group near-identical submissions into campaigns; return the campaigns created."""
    rows = db.session.execute(
        select(Submission.id, Submission.signature, Submission.campaign_id).where(
            Submission.assembly_id == assembly.id,
            Submission.status.in_((SubmissionStatus.PENDING, SubmissionStatus.ACCEPTED)),
            Submission.signature != "",
        )
    ).all()
    current = {row.id: row.campaign_id for row in rows}
    groups = campaigns.group({row.id: campaigns.decode(row.signature) for row in rows})
    created = []
    for ids in groups:
        if len(ids) < min_size:
            continue
        existing = sorted({current[i] for i in ids if current[i] is not None})
        if existing:
            campaign_id = existing[0]
        else:
            campaign = Campaign(
                assembly_id=assembly.id, label=_("Campaign %(n)d", n=len(created) + 1)
            )
            db.session.add(campaign)
            db.session.flush()
            created.append(campaign)
            campaign_id = campaign.id
        db.session.execute(
            Submission.__table__.update()
            .where(Submission.id.in_(ids))
            .values(campaign_id=campaign_id)
        )
    db.session.flush()
    return created


def moderate_campaign(
    campaign: Campaign, action: str, user: User, reason: str = "", label: str = ""
) -> int:
    """Apply one decision to every submission of a campaign (or rename it); return how many."""
    if action == "rename":
        if not label.strip():
            raise SubmissionRefused(_("Give the campaign a name."))
        campaign.label = label.strip()[:200]
        db.session.flush()
        return 0
    if action not in ("accept", "reject", "reopen", "publish"):
        raise SubmissionRefused(_("Unknown decision."))
    members = db.session.scalars(select(Submission).filter_by(campaign_id=campaign.id)).all()
    for submission in members:
        if action == "publish":
            if (
                submission.status is SubmissionStatus.ACCEPTED
                and submission.publication is not Publication.PRIVATE
            ):
                submission.published_at = datetime.now(UTC)
            continue
        moderate_submission(submission, action, user, reason)
    record_action(
        user,
        f"evidence.campaign.{action}",
        campaign.assembly_id,
        f"campaign:{campaign.id}",
        after={"submissions": len(members)},
    )
    db.session.flush()
    return len(members)


def leave_campaign(submission: Submission) -> None:
    """Take a submission out of its campaign (it was grouped by mistake)."""
    submission.campaign_id = None
    db.session.flush()
