"""Response headers, sign-in sessions and safe redirects."""

import secrets
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlsplit

from flask import request, session
from flask_login import login_user
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from facilitate.extensions import db, login_manager
from facilitate.models import LoginSession, User

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response):
    """Add the headers every response carries, error pages included."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if session.get("sid") or _opened_by_a_private_link():
        # Pages for a signed-in person, or opened by someone's private link, must not be kept
        # by shared caches or the back button, whatever the view asked for.
        headers["Cache-Control"] = "no-store"
    return response


def _opened_by_a_private_link() -> bool:
    return any(name.endswith("token") for name in (request.view_args or {}))


@cache
def _sign_in_query():
    """Return the query for a sign-in, its person and their roles, read on every signed-in
    request: one round trip, built once (building it costs a fifth of running it)."""
    return (
        db.select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.id == bindparam("sid"))
        .options(joinedload(User.memberships))
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the signed-in user only while their server-side session is live."""
    sid = session.get("sid")
    if not sid:
        return None
    row = db.session.execute(_sign_in_query(), {"sid": sid}).unique().first()
    if row is None:
        return None
    record, user = row
    if record.revoked_at is not None or str(record.user_id) != user_id:
        return None
    return user if user.is_active else None


def start_login_session(user: User, proven: bool = True) -> str:
    """Record a new sign-in and return its id; the caller clears the old cookie session.

    `proven` says the password (and code) were checked; a sign-in by emailed link or
    invitation proves only a mailbox, so it never counts as a recent sign-in.
    """
    sid = secrets.token_urlsafe(32)
    agent = (request.user_agent.string or "")[:255]
    db.session.add(
        LoginSession(
            id=sid,
            user_id=user.id,
            user_agent=agent,
            authenticated_at=datetime.now(UTC) if proven else None,
        )
    )
    return sid


def sign_in(user: User, proven: bool) -> None:
    """Start a fresh session so nothing from before the sign-in carries over."""
    locale = session.get("locale")
    session.clear()
    session["sid"] = start_login_session(user, proven)
    if locale:
        session["locale"] = locale
    login_user(user)


def end_login_session(sid: str | None) -> None:
    """Revoke a sign-in so that a copy of its cookie no longer works."""
    if not sid:
        return
    record = db.session.get(LoginSession, sid)
    if record is not None and record.revoked_at is None:
        record.revoked_at = datetime.now(UTC)


def mark_authenticated(sid: str | None) -> None:
    """Record that the person has just proved who they are again (re-authentication)."""
    record = db.session.get(LoginSession, sid) if sid else None
    if record is not None:
        record.authenticated_at = datetime.now(UTC)


def authenticated_since(sid: str | None) -> datetime | None:
    """Return when this sign-in last checked the password (None if never, unknown or revoked)."""
    record = db.session.get(LoginSession, sid) if sid else None
    if record is None or record.revoked_at is not None:
        return None
    return record.authenticated_at


def is_safe_next(target: str | None) -> bool:
    """Allow only relative paths on this site as a `next` destination."""
    if not target:
        return False
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith("//")
    )
