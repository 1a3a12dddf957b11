"""Accounts: authentication, password hashing and invitations."""

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.models import Assembly, Invitation, Membership, Role, User
from facilitate.models.users import ROLE_LABELS, TEAM_ROLES
from facilitate.tokens import token_hash

# Checked against when the email is unknown, so both paths cost one run of the same KDF:
# a cheaper dummy would tell an attacker, by the time taken, who has an account.
_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not a real password", method=method)
    return _DUMMY_HASHES[method]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str, method: str) -> str:
    """Hash with the configured slow KDF."""
    return generate_password_hash(password, method=method)


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def create_user(
    email: str,
    name: str,
    password: str,
    method: str,
    *,
    is_admin: bool = False,
    can_organise: bool = False,
) -> User:
    """Add a user; the caller commits."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password, method),
        is_admin=is_admin,
        can_organise=can_organise,
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_invitation(
    email: str,
    capability: str,
    invited_by: User,
    days: int,
    assembly_id: int | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with the token, for the invitee's email alone."""
    if not _grantable(capability, assembly_id):
        raise ValueError(f"an invitation cannot give {capability!r} here")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=normalise_email(email),
        token_hash=token_hash(token),
        capability=capability,
        assembly_id=assembly_id,
        invited_by_id=invited_by.id,
        expires_at=datetime.now(UTC) + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    action = "team.invite" if assembly_id is not None else "admin.invite_organiser"
    record_action(
        invited_by,
        action,
        assembly_id,
        f"invitation:{invitation.email}",
        after={"capability": capability},
    )
    return invitation, token


def _grantable(capability: str, assembly_id: int | None) -> bool:
    if assembly_id is None:
        return capability == "organiser"
    return capability in {role.value for role in TEAM_ROLES}


def send_invitation(
    email: str,
    capability: str,
    invited_by: User,
    days: int,
    link_for: Callable[[str], str],
    assembly: Assembly | None = None,
) -> Invitation:
    """Create an invitation and email its link to the invitee; the inviter never sees it."""
    invitation, token = create_invitation(
        email, capability, invited_by, days, assembly.id if assembly else None
    )
    role = str(ROLE_LABELS[Role(capability)])
    what = f"{role}, {assembly.title}" if assembly else role
    queue_email(
        invitation.email,
        _("Your invitation: %(r)s", r=what),
        _(
            "%(n)s has invited you (%(r)s). Follow this link within %(d)d days to accept "
            "and choose a password:\n%(l)s\n\nIf you did not expect this, ignore this email.",
            n=invited_by.name,
            r=what,
            d=days,
            l=link_for(token),
        ),
        assembly.id if assembly else None,
    )
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """Return the usable invitation for this token, or None."""
    invitation = db.session.scalar(db.select(Invitation).filter_by(token_hash=token_hash(token)))
    if invitation is None or not invitation.is_usable(datetime.now(UTC)):
        return None
    if not _grantable(invitation.capability, invitation.assembly_id):
        return None  # made before invitations were limited to these
    return invitation


def accept_invitation(invitation: Invitation, name: str, password: str, method: str) -> User:
    """Create (or extend) the invited person's account and use up the invitation."""
    user = db.session.scalar(db.select(User).filter_by(email=invitation.email))
    if user is None:
        user = create_user(invitation.email, name, password, method)
    if invitation.assembly_id is not None:
        # A team invitation gives its role in its assembly, never a platform-wide right.
        grant_role(user, invitation.assembly_id, Role(invitation.capability))
    else:
        user.can_organise = True
    invitation.accepted_at = datetime.now(UTC)
    db.session.flush()
    return user


def grant_role(user: User, assembly_id: int, role: Role) -> None:
    """Give `user` a role in an assembly unless they already hold it."""
    held = db.session.scalar(
        db.select(Membership).filter_by(user_id=user.id, assembly_id=assembly_id, role=role)
    )
    if held is None:
        db.session.add(Membership(user_id=user.id, assembly_id=assembly_id, role=role))


def revoke_invitation(invitation: Invitation, *, actor: User | None) -> None:
    """Make an unused invitation link worthless."""
    invitation.revoked_at = datetime.now(UTC)
    record_action(
        actor,
        "invitation.revoke",
        invitation.assembly_id,
        f"invitation:{invitation.email}",
        after={"capability": invitation.capability},
    )
