"""Who may do what: pure predicates over a user and an assembly, no request in sight."""

from facilitate.models import Assembly, Role, User


def roles_in(user: User | None, assembly: Assembly) -> set[Role]:
    """Return the roles `user` holds in `assembly`."""
    if user is None or not user.is_authenticated:
        return set()
    return {m.role for m in user.memberships if m.assembly_id == assembly.id}


def can_create_assembly(user: User | None) -> bool:
    return bool(user and user.is_authenticated and (user.is_admin or user.can_organise))


def can_manage_assembly(user: User | None, assembly: Assembly) -> bool:
    """Organisers of this assembly and administrators manage it."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or Role.ORGANISER in roles_in(user, assembly)


#: Roles that watch the process from outside: they hold a role but do not take part.
OUTSIDE_ROLES = frozenset({Role.EVALUATOR, Role.TRANSLATOR})


def can_take_part(user: User | None, assembly: Assembly) -> bool:
    """Anyone taking part in the assembly sees its internal pages; evaluators do not."""
    if user is None or not user.is_authenticated:
        return False
    # Internal pages show members' names and notes: an evaluator only reads process records.
    return user.is_admin or bool(roles_in(user, assembly) - OUTSIDE_ROLES)


def can_evaluate(user: User | None, assembly: Assembly) -> bool:
    """Evaluators, organisers and administrators read the assembly's process records."""
    if user is None or not user.is_authenticated:
        return False
    held = roles_in(user, assembly)
    return user.is_admin or bool({Role.EVALUATOR, Role.ORGANISER} & held)


def can_view_public(assembly: Assembly) -> bool:
    """The public sees an assembly once it has been announced."""
    return assembly.is_public


def can_administer(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_admin)


def can_facilitate(user: User | None, assembly: Assembly) -> bool:
    """Facilitators, organisers and administrators run sittings: check-in, tables, questions."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or bool({Role.ORGANISER, Role.FACILITATOR} & roles_in(user, assembly))


def is_expert_for(user: User | None, assembly: Assembly, expert_emails: set[str]) -> bool:
    """An expert account speaks at a sitting when its address is one of the sitting's experts."""
    if user is None or not user.is_authenticated:
        return False
    return Role.EXPERT in roles_in(user, assembly) and user.email.lower() in expert_emails


def can_add_material(user: User | None, assembly: Assembly, expert_emails: set[str]) -> bool:
    """Organisers add evidence anywhere; an expert only to the sittings they speak at."""
    return can_manage_assembly(user, assembly) or is_expert_for(user, assembly, expert_emails)


def can_answer_question(user: User | None, assembly: Assembly, expert_emails: set[str]) -> bool:
    """The sitting's experts answer its questions; facilitators may record answers too."""
    return can_facilitate(user, assembly) or is_expert_for(user, assembly, expert_emails)


def is_author(user: User | None, author_id: int | None) -> bool:
    """Say whether `user` wrote the thing whose author is `author_id`."""
    return bool(user and user.is_authenticated and author_id is not None and author_id == user.id)


def can_remove_material(user: User | None, assembly: Assembly, uploaded_by_id: int | None) -> bool:
    """Organisers remove any material; an expert only what they uploaded."""
    return can_manage_assembly(user, assembly) or is_author(user, uploaded_by_id)


#: The assembly-wide rules of this module by name (the navigation reads them; the access
#: decorators add the areas' own, see facilitate.access.ASSEMBLY_RULES).
ASSEMBLY_RULES = {
    "manage": can_manage_assembly,
    "take_part": can_take_part,
    "facilitate": can_facilitate,
    "evaluate": can_evaluate,
}
