"""The expert register: declarations, publication, assignment to sittings, balance, accounts."""

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.auth.services import create_invitation, normalise_email
from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.models import Assembly, Sitting, User
from facilitate.models.experts import INTEREST_FIELDS, Expert, ExpertAssignment
from facilitate.refusals import Refused

FIELDS = (
    "name",
    "affiliation",
    "bio",
    "perspective",
    "proposed_by",
    "email",
    *INTEREST_FIELDS,
    "interests_other",
)


class PublishError(Refused):
    """The expert cannot be published yet."""


class AddressLocked(Refused):
    """The expert's address belongs to their account and cannot be changed here."""


def experts_of(assembly: Assembly) -> list[Expert]:
    return list(
        db.session.scalars(select(Expert).filter_by(assembly_id=assembly.id).order_by(Expert.name))
    )


def save_expert(assembly: Assembly, data: dict, expert: Expert | None = None) -> Expert:
    """Create or update an expert; a withdrawn declaration unpublishes them.

    Raises AddressLocked when the address would change away from the expert's own account.
    """
    if expert is not None and "email" in data:
        _check_address_change(expert, normalise_email(data["email"] or ""))
    if expert is None:
        expert = Expert(assembly_id=assembly.id)
        db.session.add(expert)
    for name in FIELDS:
        if name in data:
            value = (data[name] or "").strip()
            setattr(expert, name, normalise_email(value) if name == "email" else value)
    if expert.interests_complete:
        expert.interests_declared_at = expert.interests_declared_at or datetime.now(UTC)
    else:
        expert.interests_declared_at = None
        expert.published = False
    db.session.flush()
    return expert


def _check_address_change(expert: Expert, new: str) -> None:
    # The address is what ties an account to the expert's sittings: moving it would let
    # whoever holds the new address speak and answer as this expert.
    if new == expert.email or not expert.email:
        return
    if db.session.scalar(select(User.id).filter_by(email=expert.email)) is not None:
        raise AddressLocked(
            _("This expert already has an account under their address; it cannot be changed.")
        )


def publish(expert: Expert, actor: User) -> None:
    """Publish an expert whose interests are declared; raise PublishError otherwise."""
    if not expert.interests_complete:
        raise PublishError(
            _("Declare funding, employment and advocacy interests before publishing.")
        )
    expert.published = True
    record_action(actor, "expert.publish", expert.assembly_id, f"expert:{expert.id}")
    db.session.flush()


def unpublish(expert: Expert, actor: User) -> None:
    """Take an expert off the members' and the public's pages."""
    expert.published = False
    record_action(actor, "expert.unpublish", expert.assembly_id, f"expert:{expert.id}")
    db.session.flush()


def assign(sitting: Sitting, expert: Expert) -> ExpertAssignment:
    """Add an expert to a sitting (idempotent)."""
    existing = db.session.scalar(
        select(ExpertAssignment).filter_by(sitting_id=sitting.id, expert_id=expert.id)
    )
    if existing is not None:
        return existing
    row = ExpertAssignment(sitting_id=sitting.id, expert_id=expert.id)
    db.session.add(row)
    db.session.flush()
    return row


def unassign(sitting: Sitting, expert: Expert) -> None:
    row = db.session.scalar(
        select(ExpertAssignment).filter_by(sitting_id=sitting.id, expert_id=expert.id)
    )
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def experts_at(sitting: Sitting) -> list[Expert]:
    return list(
        db.session.scalars(
            select(Expert)
            .join(ExpertAssignment)
            .where(ExpertAssignment.sitting_id == sitting.id)
            .order_by(Expert.name)
        )
    )


def expert_emails(sitting: Sitting) -> set[str]:
    """Return the addresses of the sitting's experts, for the permission predicates."""
    return {e.email.lower() for e in experts_at(sitting) if e.email}


def sittings_of_expert(user: User, assembly: Assembly) -> list[Sitting]:
    """Return the sittings where this account speaks as an expert."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            select(Sitting)
            .join(ExpertAssignment, ExpertAssignment.sitting_id == Sitting.id)
            .join(Expert, Expert.id == ExpertAssignment.expert_id)
            .where(Sitting.assembly_id == assembly.id, Expert.email == user.email.lower())
            .order_by(Sitting.starts_at)
            .distinct()
        )
    )


def expert_for_user(user: User, assembly: Assembly) -> Expert | None:
    return db.session.scalar(
        select(Expert).filter_by(assembly_id=assembly.id, email=user.email.lower()).limit(1)
    )


def _perspective(expert: Expert) -> str:
    return expert.perspective.strip().casefold() or "—"


def balance(assembly: Assembly, sittings: list[Sitting]) -> dict:
    """Count experts per perspective for each sitting and each topic, flagging one-sidedness.

    Each count comes twice: "all" the experts assigned (what organisers plan) and "published"
    only (what members and the public see), so a balance that rests on experts not yet
    published shows as such. A group is one-sided when it has two or more experts and one
    perspective holds more than half of them, or all come from the same perspective.
    """
    rows = db.session.execute(
        select(ExpertAssignment.sitting_id, Expert)
        .join(Expert)
        .where(Expert.assembly_id == assembly.id)
    ).all()
    topic_of = {s.id: s.topic.strip() or _("(no topic)") for s in sittings}
    per_sitting = {s.id: {"all": Counter(), "published": Counter()} for s in sittings}
    per_topic: dict[str, dict[str, Counter]] = {}
    for sitting_id, expert in rows:
        if sitting_id not in per_sitting:
            continue
        by_topic = per_topic.setdefault(
            topic_of[sitting_id], {"all": Counter(), "published": Counter()}
        )
        for counts in (per_sitting[sitting_id], by_topic):
            counts["all"][_perspective(expert)] += 1
            if expert.published:
                counts["published"][_perspective(expert)] += 1
    return {
        "sittings": {sid: _flagged(c) for sid, c in per_sitting.items()},
        "topics": {topic: _flagged(c) for topic, c in sorted(per_topic.items())},
    }


def _flagged(counts: dict[str, Counter]) -> dict[str, tuple[Counter, bool]]:
    return {audience: (c, one_sided(c)) for audience, c in counts.items()}


def one_sided(counts: Counter) -> bool:
    total = sum(counts.values())
    return total >= 2 and (len(counts) == 1 or max(counts.values()) * 2 > total)


def invite_account(
    expert: Expert, assembly: Assembly, by: User, link_for: Callable[[str], str]
) -> None:
    """Email the expert a link to create their account with the expert role."""
    _invitation, token = create_invitation(expert.email, "expert", by, 14, assembly.id)
    queue_email(
        expert.email,
        _("Your expert account for “%(t)s”", t=assembly.title),
        _(
            "Dear %(name)s,\n\nYou are invited to speak to the citizens' assembly "
            "“%(t)s”. With this account you can upload your material and answer members' "
            "questions for your sittings:\n%(link)s\n\nThe link works for 14 days.",
            name=expert.name,
            t=assembly.title,
            link=link_for(token),
        ),
        assembly.id,
    )
