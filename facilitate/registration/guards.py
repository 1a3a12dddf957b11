"""Keep bots out without third-party services: a honeypot and a signed minimum fill time."""

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "registration-form-started"
#: A form opened more than a day ago is stale.
MAX_AGE = 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_started_token(assembly_id: int) -> str:
    """Return a signed, timestamped token to put in the form when it is shown."""
    return _serializer().dumps(assembly_id)


def looks_like_a_bot(form_data, assembly_id: int) -> bool:
    """Say whether the honeypot was filled or the form came back implausibly fast."""
    if form_data.get("website", "").strip():
        return True
    try:
        signed_for, issued = _serializer().loads(
            form_data.get("started", ""), max_age=MAX_AGE, return_timestamp=True
        )
    except BadSignature:
        return True
    if signed_for != assembly_id:
        return True
    minimum = current_app.config.get("REGISTRATION_MIN_SECONDS", 4)
    return time.time() - issued.timestamp() < minimum
