"""Who is acting: the signed-in person behind the current request, if any.

Many existing services take no user (quotas, erasure); the audit log still has to name the
person, so `record_action(None, ...)` asks here rather than widening every service.
"""

from flask import has_request_context
from flask_login import current_user


def acting_user():
    """Return the signed-in user of this request, or None (commands, jobs, tests)."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None
