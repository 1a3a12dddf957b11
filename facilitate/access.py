"""Decorators that apply the permission predicates to views.

Every view carries an ``access_rule`` attribute; the route-walking test reads it, so a
view without one fails the build.
"""

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from facilitate import permissions
from facilitate.extensions import db
from facilitate.models import Assembly


def public(view):
    """Mark a view as open to everyone."""
    view.access_rule = "public"
    return view


def signed_in(view):
    """Require a signed-in user, whatever their roles."""
    wrapped = login_required(view)
    wrapped.access_rule = "signed_in"
    return wrapped


def admin_only(view):
    """Require a global administrator."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not permissions.can_administer(current_user):
            abort(403)
        return view(*args, **kwargs)

    wrapped = login_required(wrapper)
    wrapped.access_rule = "admin"
    return wrapped


def organiser_only(view):
    """Require someone who may create assemblies."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not permissions.can_create_assembly(current_user):
            abort(403)
        return view(*args, **kwargs)

    wrapped = login_required(wrapper)
    wrapped.access_rule = "organiser"
    return wrapped


def load_assembly(slug: str) -> Assembly:
    """Return the assembly with this slug or answer 404."""
    assembly = db.session.scalar(db.select(Assembly).filter_by(slug=slug))
    if assembly is None:
        abort(404)
    g.assembly = assembly
    return assembly


def public_assembly_or_404(slug: str) -> Assembly:
    """Return the assembly if the public may see it, else 404; it sets the page's language."""
    from facilitate.public.queries import public_assembly

    assembly = public_assembly(slug)
    if assembly is None:
        abort(404)
    g.assembly = assembly
    return assembly


def assembly_view(rule: str):
    """Load the assembly named by ``slug`` (404) and check `rule` for the user (403).

    The view receives the assembly in place of the slug.
    """
    predicate = permissions.ASSEMBLY_RULES[rule]

    def decorator(view):
        @wraps(view)
        def wrapper(slug, **kwargs):
            assembly = load_assembly(slug)
            if not predicate(current_user, assembly):
                abort(403)
            return view(assembly, **kwargs)

        wrapped = login_required(wrapper)
        wrapped.access_rule = f"assembly:{rule}"
        return wrapped

    return decorator


def child_or_404(model, object_id: int, assembly: Assembly, parent_attr: str = "assembly_id"):
    """Return the object if it belongs to `assembly`, else 404 (never leak another's)."""
    obj = db.session.get(model, object_id)
    if obj is None or _assembly_id_of(obj, parent_attr) != assembly.id:
        abort(404)
    return obj


def _assembly_id_of(obj, parent_attr: str) -> int | None:
    # parent_attr may be a dotted path such as "category.assembly_id".
    for part in parent_attr.split("."):
        obj = getattr(obj, part, None)
    return obj
