"""From panel to members: invitations, answers, contact notes and replacements."""

import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.auth.services import create_user, grant_role, normalise_email
from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.messaging.services import invitation_text, reply_to
from facilitate.models import Assembly, Member, Membership, MemberStatus, Role, User
from facilitate.models.members import MemberNote
from facilitate.recipient_language import language_for
from facilitate.refusals import Refused
from facilitate.selection import services as selection
from facilitate.tokens import token_hash

#: How long an emailed sign-in link works.
SIGNIN_LINK_LIFETIME = timedelta(minutes=30)


class HandOffError(Refused):
    """The replacement draw cannot start; the message says why."""


def members_of(assembly: Assembly) -> list[Member]:
    """Return the assembly's members in seat order."""
    return list(
        db.session.scalars(
            select(Member).filter_by(assembly_id=assembly.id).order_by(Member.seat_id)
        )
    )


def seats_without_member(assembly: Assembly) -> list:
    """Return seated panel places (first draw or replacements) not yet in the members list."""
    known = set(db.session.scalars(select(Member.seat_id).filter_by(assembly_id=assembly.id)))
    return [seat for seat in selection.panel_seats(assembly) if seat.id not in known]


def add_members(assembly: Assembly) -> list[Member]:
    """Create a member for every seat that has none yet; return the new members."""
    created = [
        Member(assembly_id=assembly.id, seat_id=seat.id, registrant_id=seat.registrant_id)
        for seat in seats_without_member(assembly)
    ]
    db.session.add_all(created)
    db.session.flush()
    return created


def send_invitation(member: Member, link_for: Callable[[str], str], assembly: Assembly) -> bool:
    """Email a fresh one-time link to accept or decline; return False without an address."""
    email = member.registrant.email
    if not email or not member.is_active or member.status is MemberStatus.CONFIRMED:
        return False
    token = secrets.token_urlsafe(32)
    member.invite_token_hash = token_hash(token)
    member.invited_at = datetime.now(UTC)
    if member.status is MemberStatus.SELECTED:
        member.status = MemberStatus.CONTACTED
    language = language_for(assembly, member.registrant, member.user)
    with force_locale(language):
        subject, body = invitation_text(assembly, member, link_for(token), language)
    queue_email(email, subject, body, assembly.id, reply_to=reply_to(assembly))
    db.session.flush()
    return True


def invite_panel(assembly: Assembly, link_for: Callable[[str], str]) -> tuple[int, int]:
    """Add missing members and invite everyone not yet invited; return (invited, no email)."""
    add_members(assembly)
    invited = unreachable = 0
    for member in members_of(assembly):
        if member.invited_at is not None or not member.is_active:
            continue
        if send_invitation(member, link_for, assembly):
            invited += 1
        else:
            unreachable += 1
    return invited, unreachable


def find_by_invitation(token: str) -> Member | None:
    """Return the member whose unused invitation link carries this token."""
    if not token:
        return None
    member = db.session.scalar(select(Member).filter_by(invite_token_hash=token_hash(token)))
    if member is None or not member.is_active or member.status is MemberStatus.CONFIRMED:
        return None
    return member


def existing_account(member: Member) -> User | None:
    email = normalise_email(member.registrant.email)
    return db.session.scalar(select(User).filter_by(email=email)) if email else None


def accept(member: Member, password: str, method: str) -> User:
    """Confirm the member, create or link their account with the member role, use the link."""
    user = existing_account(member)
    if user is None:
        user = create_user(member.registrant.email, member.name, password, method)
    grant_role(user, member.assembly_id, Role.MEMBER)
    member.user_id = user.id
    member.status = MemberStatus.CONFIRMED
    member.responded_at = datetime.now(UTC)
    member.invite_token_hash = None
    member.calendar_token = member.calendar_token or secrets.token_urlsafe(24)
    db.session.flush()
    return user


def decline(member: Member, reason: str = "") -> None:
    """Record that the person will not take part; the link stops working."""
    member.status = MemberStatus.DECLINED
    member.responded_at = datetime.now(UTC)
    member.invite_token_hash = None
    if reason.strip():
        db.session.add(
            MemberNote(
                member_id=member.id,
                contacted_on=date.today(),
                channel="other",
                body=_("Declined online: %(r)s", r=reason.strip()[:1000]),
                new_status=MemberStatus.DECLINED,
            )
        )
    db.session.flush()


def record_contact(member: Member, author: User, data: dict) -> MemberNote:
    """Add a dated contact note, moving the member to a new status if one is given."""
    status = data.get("status") or None
    note = MemberNote(
        member_id=member.id,
        author_id=author.id,
        contacted_on=data["contacted_on"],
        channel=data["channel"],
        body=data.get("body", "").strip(),
        new_status=MemberStatus(status) if status and status != member.status else None,
    )
    db.session.add(note)
    if note.new_status is not None:
        member.status = note.new_status
        if note.new_status in (MemberStatus.CONFIRMED, MemberStatus.DECLINED):
            member.responded_at = datetime.now(UTC)
        if not member.is_active:
            member.invite_token_hash = None
            _revoke(member)
    db.session.flush()
    return note


def _revoke(member: Member) -> None:
    """Take the member role away from someone who left the panel."""
    if member.user_id is None:
        return
    held = db.session.scalar(
        select(Membership).filter_by(
            user_id=member.user_id, assembly_id=member.assembly_id, role=Role.MEMBER
        )
    )
    if held is not None:
        db.session.delete(held)


def withdraw(member: Member) -> None:
    """Record that a confirmed member has left the assembly."""
    member.status = MemberStatus.WITHDRAWN
    member.invite_token_hash = None
    _revoke(member)
    db.session.flush()


def start_replacement(member: Member, assembly: Assembly, user: User, seed: int):
    """Free the member's seat and queue the replacement draw; the caller commits and enqueues.

    Raises HandOffError when the member is still active or a draw is already running.
    """
    if member.is_active:
        raise HandOffError(_("Only someone who declined or withdrew can be replaced."))
    seat = member.seat
    if seat.dropped_at is None:
        selection.drop_out(seat, MEMBER_STATUS_REASON[member.status])
    elif seat.id not in {s.id for s in selection.vacant_seats(assembly)}:
        raise HandOffError(_("This seat has already been filled by a replacement."))
    try:
        return selection.start_run(
            assembly,
            user,
            {
                "kind": "replacement",
                "algorithm": "leximin",
                "seed": seed,
                "panels": 1000,
                "households": True,
                "public_random": None,
            },
        )
    except selection.RunAlreadyActive as already:
        raise HandOffError(
            _("A draw is already running for this assembly; wait for it to finish.")
        ) from already


MEMBER_STATUS_REASON = {
    MemberStatus.DECLINED: "declined the invitation",
    MemberStatus.WITHDRAWN: "withdrew",
}


def find_by_calendar(token: str) -> Member | None:
    """Return the confirmed member whose private calendar link carries this token."""
    if not token:
        return None
    member = db.session.scalar(select(Member).filter_by(calendar_token=token))
    return member if member is not None and member.is_active else None


def renew_calendar_link(member: Member) -> None:
    """Replace the private calendar link, so an old copy stops working."""
    member.calendar_token = secrets.token_urlsafe(24)
    db.session.flush()


def may_sign_in_by_link(user: User) -> bool:
    """Say whether an emailed link may sign this account in: members only, never staff."""
    # A link proves only a mailbox; an account that can see or change other people's data
    # signs in with its password (and code), whatever seat it also holds.
    if user.is_admin or user.can_organise or not user.is_active:
        return False
    other_role = db.session.scalar(
        select(Membership.id)
        .where(Membership.user_id == user.id, Membership.role != Role.MEMBER)
        .limit(1)
    )
    return other_role is None


def send_signin_link(email: str, link_for: Callable[[str], str]) -> bool:
    """Email a short-lived sign-in link to a confirmed member with this address."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).filter_by(email=email)) if email else None
    member = (
        db.session.scalar(
            select(Member).filter_by(user_id=user.id, status=MemberStatus.CONFIRMED).limit(1)
        )
        if user and may_sign_in_by_link(user)
        else None
    )
    if member is None:
        return False
    token = secrets.token_urlsafe(32)
    member.signin_token_hash = token_hash(token)
    member.signin_token_expires_at = datetime.now(UTC) + SIGNIN_LINK_LIFETIME
    queue_email(
        user.email,
        _("Your sign-in link"),
        _(
            "Follow this link within 30 minutes to sign in:\n%(link)s\n\n"
            "If you did not ask for it, ignore this email.",
            link=link_for(token),
        ),
        member.assembly_id,
    )
    db.session.flush()
    return True


def use_signin_link(token: str) -> User | None:
    """Return the member's account for a live sign-in link and use the link up."""
    member = db.session.scalar(select(Member).filter_by(signin_token_hash=token_hash(token or "")))
    if (
        member is None
        or member.user is None
        or member.signin_token_expires_at is None
        or member.signin_token_expires_at < datetime.now(UTC)
    ):
        return None
    member.signin_token_hash = None
    member.signin_token_expires_at = None
    db.session.flush()
    return member.user if may_sign_in_by_link(member.user) else None
