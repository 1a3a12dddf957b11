"""Accounts: authentication, password hashing and invitations."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Invitation, Membership, Role, User

# Checked against when the email is unknown, so both paths cost one KDF run.
_DUMMY_HASH = generate_password_hash("not a real password", method="pbkdf2:sha256:1000")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str, method: str) -> str:
    """Hash with the configured slow KDF."""
    return generate_password_hash(password, method=method)


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(
    email: str,
    capability: str,
    invited_by: User,
    days: int,
    assembly_id: int | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with the token for the link (shown once)."""
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
    action = "admin.invite_organiser" if capability == "organiser" else "team.invite"
    record_action(invited_by, action, assembly_id, f"{invitation.email} ({capability})")
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """Return the usable invitation for this token, or None."""
    invitation = db.session.scalar(db.select(Invitation).filter_by(token_hash=token_hash(token)))
    if invitation is None or not invitation.is_usable(datetime.now(UTC)):
        return None
    return invitation


def accept_invitation(invitation: Invitation, name: str, password: str, method: str) -> User:
    """Create (or extend) the invited person's account and use up the invitation."""
    user = db.session.scalar(db.select(User).filter_by(email=invitation.email))
    if user is None:
        user = create_user(invitation.email, name, password, method)
    if invitation.capability == "organiser":
        user.can_organise = True
    elif invitation.assembly_id is not None:
        db.session.add(
            Membership(
                user_id=user.id,
                assembly_id=invitation.assembly_id,
                role=Role(invitation.capability),
            )
        )
    invitation.accepted_at = datetime.now(UTC)
    db.session.flush()
    return user


def revoke_invitation(invitation: Invitation) -> None:
    """Make an unused invitation link worthless."""
    invitation.revoked_at = datetime.now(UTC)
    target = f"{invitation.email} ({invitation.capability})"
    record_action(None, "invitation.revoke", invitation.assembly_id, target)
