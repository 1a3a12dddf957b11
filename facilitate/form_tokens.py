"""Keep bots off public forms: a honeypot, a signed minimum fill time and a token used once.

The token put in the form when it is shown is signed, dated and carries a random nonce. It is
accepted once: the nonce's hash is recorded when the form is taken, in the request's own
transaction, so a refused or failed request leaves it unspent and two copies of the same
request sent at once are taken only once (the second insert meets the primary key).
"""

import secrets
import time
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from facilitate.extensions import db
from facilitate.models.rate_limits import SpentFormToken
from facilitate.tokens import token_hash

SALT = "public-form-once"
#: A form opened more than a day ago is stale.
MAX_AGE = 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(purpose: str) -> str:
    """Return a signed, dated, single-use token for a form about `purpose`."""
    return _serializer().dumps([purpose, secrets.token_urlsafe(16)])


def accept(form_data, purpose: str) -> bool:
    """Say whether the form was filled by a person, and spend its token if so.

    False when the honeypot was filled, the token is forged, stale, for another form, came
    back implausibly fast, or was used before.
    """
    if form_data.get("website", "").strip():
        return False
    try:
        payload, issued = _serializer().loads(
            form_data.get("started", ""), max_age=MAX_AGE, return_timestamp=True
        )
        signed_for, nonce = payload
    except (BadSignature, TypeError, ValueError):
        return False
    if signed_for != purpose:
        return False
    minimum = current_app.config.get("REGISTRATION_MIN_SECONDS", 4)
    if time.time() - issued.timestamp() < minimum:
        return False
    return _spend(nonce, datetime.fromtimestamp(issued.timestamp() + MAX_AGE, UTC))


def _spend(nonce: str, expires_at: datetime) -> bool:
    digest = token_hash(nonce)
    now = datetime.now(UTC)
    db.session.execute(db.delete(SpentFormToken).where(SpentFormToken.expires_at < now))
    try:
        with db.session.begin_nested():
            db.session.add(SpentFormToken(token_hash=digest, expires_at=expires_at))
    except IntegrityError:
        return False
    return True
