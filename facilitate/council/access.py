"""Decorators for council pages: load the council (404), then check the role (403).

The secretariat's pages carry the "council:manage" rule and the members' pages
"council:take_part"; the route-walking access test checks each against a council world.
"""

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from facilitate import local_time
from facilitate.access import require
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
    """Give the view the council in place of its slug; a rule of COUNCIL_RULES decides who."""
    if rule not in permissions.COUNCIL_RULES:
        raise KeyError(f"unknown council rule {rule!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(council_slug, **kwargs):
            council = load_council(council_slug)
            # Looked up at each request, so a test can weaken the rule and watch the walk fail.
            # The council's own day: a rule about who sits today follows its time zone.
            require(
                permissions.COUNCIL_RULES[rule](current_user, council, local_time.today(council))
            )
            return view(council, **kwargs)

        wrapped = login_required(wrapper)
        wrapped.access_rule = f"council:{rule}"
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
