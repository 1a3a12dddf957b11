"""Two-factor sign-in: TOTP codes that cannot be replayed, and single-use backup codes.

These operations flush and never commit; the views commit once. Secrets are stored sealed
(secret_sealing.py); `open_secret` is the one way back to the plain value.
"""

import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import or_, update

from facilitate.auth import secret_sealing
from facilitate.auth.secret_sealing import UnreadableSecret
from facilitate.extensions import db
from facilitate.models import User
from facilitate.models.users import BackupCode

BACKUP_CODE_COUNT = 10
#: Accept the previous and next 30-second step too, for clocks that drift a little.
DRIFT_STEPS = 1
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    """Return a fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def seal_secret(secret: str) -> str:
    """Encrypt a secret with the app's key, for the database or the session."""
    return secret_sealing.seal(secret, secret_sealing.key_from_config(current_app.config))


def open_secret(sealed: str) -> str:
    """Decrypt a sealed secret; raise UnreadableSecret when the key has changed since."""
    return secret_sealing.unseal(sealed, secret_sealing.key_from_config(current_app.config))


def user_secret(user: User) -> str | None:
    """Return the person's TOTP secret, or None when there is none or it cannot be read."""
    if not user.totp_secret:
        return None
    try:
        return open_secret(user.totp_secret)
    except UnreadableSecret as error:
        # Refuse the code rather than fail the request; backup codes still work.
        current_app.logger.error("Two-factor code refused for user %s: %s", user.id, error)
        return None


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """Render the address as an inline SVG QR code (no script, no style attribute)."""
    # segno draws the data as path geometry; no text from the URI reaches the markup.
    return Markup(segno.make(uri, error="m").svg_inline(scale=5, title=None))  # noqa: S704


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """Return the time step whose code this is, within the allowed drift, or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.fromtimestamp(now if now is not None else time.time(), UTC))
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_totp(user: User, code: str, now: float | None = None) -> bool:
    """Accept a TOTP code once: the same or an earlier step is refused afterwards."""
    secret = user_secret(user)
    if secret is None:
        return False
    step = matching_step(secret, code, now)
    if step is None:
        return False
    # One conditional UPDATE, so two requests racing with the same code cannot both win.
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def _code_hash(code: str) -> str:
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_backup_codes(user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Replace the user's backup codes and return the new ones (shown once, stored hashed)."""
    db.session.execute(
        BackupCode.__table__.delete().where(BackupCode.__table__.c.user_id == user.id)
    )
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(BackupCode(user_id=user.id, code_hash=_code_hash(raw)))
    db.session.flush()
    db.session.expire(user, ["backup_codes"])
    return codes


def use_backup_code(user: User, code: str) -> bool:
    """Spend a backup code; a spent code never works again."""
    result = db.session.execute(
        update(BackupCode)
        .where(
            BackupCode.user_id == user.id,
            BackupCode.code_hash == _code_hash(code),
            BackupCode.used_at.is_(None),
        )
        .values(used_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def unused_backup_codes(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(BackupCode.id)).filter_by(user_id=user.id, used_at=None)
    )


def check_second_factor(user: User, code: str, now: float | None = None) -> bool:
    """Accept either a fresh TOTP code or an unused backup code."""
    code = (code or "").strip()
    if not code:
        return False
    if "".join(code.split()).isdigit():
        return use_totp(user, code, now)
    return use_backup_code(user, code)


def enable_two_factor(user: User, secret: str, code: str, now: float | None = None) -> list[str]:
    """Turn two-factor on once a code from the new secret checks; return the backup codes.

    Returns an empty list (and changes nothing) when the code is wrong.
    """
    step = matching_step(secret, code, now)
    if step is None:
        return []
    user.totp_secret = seal_secret(secret)
    user.totp_enabled_at = datetime.now(UTC)
    user.totp_last_step = step
    return new_backup_codes(user)


def disable_two_factor(user: User) -> None:
    """Turn two-factor off and forget the secret and backup codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(
        BackupCode.__table__.delete().where(BackupCode.__table__.c.user_id == user.id)
    )
    db.session.flush()


def must_use_two_factor(user: User, required_for_staff: bool) -> bool:
    """Say whether this person has to use two-factor sign-in (flag, or staff policy)."""
    if user.require_two_factor:
        return True
    return required_for_staff and (user.is_admin or user.can_organise)


def set_required(user: User, required: bool) -> None:
    """Record an administrator's decision that this person must use two-factor sign-in."""
    user.require_two_factor = required
    db.session.flush()
