"""Decorators for council pages: load the council (404), then check the role (403).

The secretariat's pages carry the "organiser" rule and the members' pages "signed_in", so
the route-walking access test knows what to expect of each.
"""

from datetime import date
from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from facilitate.council import permissions
from facilitate.extensions import db
from facilitate.models.council import Council


def load_council(council_slug: str) -> Council:
    """Return the council with this address or answer 404."""
    council = db.session.scalar(db.select(Council).filter_by(slug=council_slug))
    if council is None:
        abort(404)
    g.council = council
    return council


def council_view(rule: str):
    """Give the view the council in place of its slug; "manage" or "take_part" decides who."""

    def decorator(view):
        @wraps(view)
        def wrapper(council_slug, **kwargs):
            council = load_council(council_slug)
            allowed = (
                permissions.is_secretariat(current_user, council)
                if rule == "manage"
                else permissions.can_take_part(current_user, council, date.today())
            )
            if not allowed:
                abort(403)
            return view(council, **kwargs)

        wrapped = login_required(wrapper)
        wrapped.access_rule = "organiser" if rule == "manage" else "signed_in"
        return wrapped

    return decorator


def child_of(model, object_id: int, council: Council, parent_attr: str = "council_id"):
    """Return the object if it belongs to `council`, else 404."""
    obj = db.session.get(model, object_id)
    value = obj
    for part in parent_attr.split("."):
        value = getattr(value, part, None)
    if obj is None or value != council.id:
        abort(404)
    return obj
