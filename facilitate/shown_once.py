"""Show a secret once: sealed in the database, opened by a key kept only in the browser.

The signed session cookie can be read by anyone who holds it, so a receipt or a backup code
must not travel in it; the database can be read by its administrators, so the secret must not
sit there in clear either. Each secret is sealed under a fresh key: the row (no user, no exact
time) goes to the database, the key to the cookie; showing it deletes the row.
"""

import contextlib
import json
import secrets
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import session

from facilitate.extensions import db
from facilitate.models.shown_once import ShownOnce

_COOKIE_KEY = "shown_once"
#: Long enough for the page after a redirect, short enough that forgotten ones go.
LIFETIME = timedelta(hours=1)


def keep(purpose: str, value) -> None:
    """Seal `value` for this browser to be shown once; the caller commits."""
    key = Fernet.generate_key()
    handle = secrets.token_hex(16)
    expires = (datetime.now(UTC) + LIFETIME + timedelta(hours=1)).replace(
        minute=0, second=0, microsecond=0
    )
    sealed = Fernet(key).encrypt(json.dumps(value).encode()).decode("ascii")
    db.session.add(ShownOnce(id=handle, sealed=sealed, expires_at=expires))
    refs = session.get(_COOKIE_KEY, {})
    refs.setdefault(purpose, []).append(f"{handle}.{key.decode('ascii')}")
    session[_COOKIE_KEY] = refs


def take(purpose: str) -> list:
    """Return what was kept for `purpose` in this browser and delete it; the caller commits."""
    refs = session.get(_COOKIE_KEY, {})
    mine = refs.pop(purpose, [])
    if not mine:
        return []
    session[_COOKIE_KEY] = refs
    values = []
    for ref in mine:
        handle, _dot, key = ref.partition(".")
        row = db.session.get(ShownOnce, handle)
        if row is None:
            continue
        # Not this browser's key: leave nothing readable behind either way.
        with contextlib.suppress(InvalidToken, ValueError):
            values.append(json.loads(Fernet(key.encode()).decrypt(row.sealed.encode())))
        db.session.delete(row)
    db.session.execute(db.delete(ShownOnce).where(ShownOnce.expires_at < datetime.now(UTC)))
    return values
