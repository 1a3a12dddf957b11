"""Decorators that apply the permission predicates to views.

Every view carries an ``access_rule`` attribute (and ``access_rules`` when reading and
posting differ); the route-walking test reads them, so a view without one fails the build.
Every rule is declared here, at the route: views do not refuse people themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, g, request
from flask_login import current_user, login_required

from facilitate import permissions
from facilitate.ballots.permissions import can_vote
from facilitate.deliberation.note_services import table_of
from facilitate.deliberation.permissions import can_draft, can_read_note, can_steer
from facilitate.evidence.permissions import can_change_entry, can_cite, can_report_approach
from facilitate.experts.services import expert_emails
from facilitate.extensions import db
from facilitate.languages.permissions import can_translate
from facilitate.models import Assembly, Sitting
from facilitate.models.evidence import Approach, Citation
from facilitate.models.notes import Note
from facilitate.models.sittings_content import Material, Question

#: Methods that only read; `writes=` rules apply to every other method.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def public(view):
    """Mark a view as open to everyone."""
    view.access_rule = "public"
    return view


def signed_in(view):
    """Require a signed-in user, whatever their roles."""
    wrapped = login_required(view)
    wrapped.access_rule = "signed_in"
    return wrapped


def require(allowed: bool) -> None:
    """Answer 403 unless `allowed`: the one place a rule refuses, for every decorator here and
    in council/access.py."""
    if not allowed:
        abort(403)


def admin_only(view):
    """Require a global administrator."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        require(permissions.can_administer(current_user))
        return view(*args, **kwargs)

    wrapped = login_required(wrapper)
    wrapped.access_rule = "admin"
    return wrapped


def organiser_only(view):
    """Require someone who may create assemblies."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        require(permissions.can_create_assembly(current_user))
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


#: Every assembly-wide rule a route may declare, by name: a predicate (user, assembly).
ASSEMBLY_RULES: dict[str, Callable] = {
    **permissions.ASSEMBLY_RULES,
    "steer": can_steer,
    "draft": can_draft,
    "cite": can_cite,
    "report": can_report_approach,
    "vote": can_vote,
    "translate": can_translate,
}


@dataclass(frozen=True)
class ObjectRule:
    """Who may act on one object of an assembly: found (404), visible (404), allowed (403)."""

    model: type
    #: Predicate (user, assembly, obj): may this person act on the object?
    allows: Callable
    #: The path from the object to its assembly's id (dotted through relationships).
    parent_attr: str = "assembly_id"
    #: Predicate (user, assembly, obj): False hides the object, as if it did not exist.
    visible: Callable | None = None


def _note_readable(user, assembly, note) -> bool:
    return can_read_note(user, assembly, note, table_of(note.sitting, user))


#: Every object-level rule a route may declare, by name.
OBJECT_RULES: dict[str, ObjectRule] = {
    "note_author": ObjectRule(
        Note,
        lambda user, _a, note: permissions.is_author(user, note.author_id),
        visible=_note_readable,
    ),
    "material_adder": ObjectRule(
        Sitting,
        lambda user, assembly, sitting: permissions.can_add_material(
            user, assembly, expert_emails(sitting)
        ),
    ),
    "material_remover": ObjectRule(
        Material,
        lambda user, assembly, material: permissions.can_remove_material(
            user, assembly, material.uploaded_by_id
        ),
    ),
    "question_answerer": ObjectRule(
        Question,
        lambda user, assembly, question: permissions.can_answer_question(
            user, assembly, expert_emails(question.sitting)
        ),
        parent_attr="sitting.assembly_id",
    ),
    "citation_owner": ObjectRule(
        Citation, lambda user, assembly, c: can_change_entry(user, assembly, c.created_by_id)
    ),
    "approach_owner": ObjectRule(
        Approach, lambda user, assembly, a: can_change_entry(user, assembly, a.reported_by_id)
    ),
}


def assembly_view(rule: str, *, writes: str | None = None):
    """Load the assembly named by ``slug`` (404) and check `rule` for the user (403).

    With `writes`, `rule` only lets people read (GET) and posting needs `writes`: everyone
    taking part reads the lobbying register, those who may report write to it. The view
    receives the assembly in place of the slug. An `object_rule` below adds its own check.
    """
    for name in (rule, writes or rule):
        if name not in ASSEMBLY_RULES:
            raise KeyError(f"unknown assembly rule {name!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(slug, **kwargs):
            assembly = load_assembly(slug)
            name = rule if writes is None or request.method in SAFE_METHODS else writes
            # Looked up at each request, so a test can weaken one rule and watch the walk fail.
            require(ASSEMBLY_RULES[name](current_user, assembly))
            return view(assembly, **kwargs)

        wrapped = login_required(wrapper)
        wrapped.access_rules = _labels(rule, writes or rule, getattr(view, "object_rule", None))
        wrapped.access_rule = wrapped.access_rules["read"]
        return wrapped

    return decorator


def _labels(read: str, write: str, object_rule: tuple[str, bool] | None) -> dict[str, str]:
    labels = {"read": f"assembly:{read}", "write": f"assembly:{write}"}
    if object_rule is not None:
        name, writes_only = object_rule
        labels["write"] += f"+{name}"
        if not writes_only:
            labels["read"] += f"+{name}"
    return labels


def object_rule(name: str, id_arg: str, *, writes_only: bool = False):
    """Load the object named by `id_arg` (404 unless the assembly's and visible), then check
    the object rule `name` for the user (403). Apply just below `assembly_view`.

    The view receives the object in place of its id (``note_id`` becomes ``note``). With
    `writes_only`, reading it needs only the assembly's rule.
    """
    if name not in OBJECT_RULES:
        raise KeyError(f"unknown object rule {name!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(assembly, **kwargs):
            rule = OBJECT_RULES[name]
            obj = child_or_404(rule.model, kwargs.pop(id_arg), assembly, rule.parent_attr)
            if rule.visible is not None and not rule.visible(current_user, assembly, obj):
                abort(404)
            checked = not writes_only or request.method not in SAFE_METHODS
            require(not checked or rule.allows(current_user, assembly, obj))
            return view(assembly, **{id_arg.removesuffix("_id"): obj}, **kwargs)

        wrapper.object_rule = (name, writes_only)
        return wrapper

    return decorator


def rule_for(view, method: str) -> str | None:
    """Return the access label of `method` on `view`, as the route walk checks it."""
    rules = getattr(view, "access_rules", None)
    if rules is None:
        return getattr(view, "access_rule", None)
    return rules["read" if method in SAFE_METHODS else "write"]


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
