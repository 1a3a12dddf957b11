"""Who may cite evidence and report to the lobbying register: pure predicates."""

from facilitate.models import Assembly, Role, User
from facilitate.permissions import can_manage_assembly, roles_in

#: The roles that draft recommendations and may be lobbied; experts are not among them.
DELIBERATING = (Role.ORGANISER, Role.FACILITATOR, Role.MEMBER)


def can_cite(user: User | None, assembly: Assembly) -> bool:
    """Members, facilitators and organisers link evidence to what they write."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or bool(set(DELIBERATING) & roles_in(user, assembly))


def can_report_approach(user: User | None, assembly: Assembly) -> bool:
    """Members, facilitators and organisers report approaches to the register."""
    return can_cite(user, assembly)


def reporter_role(user: User, assembly: Assembly) -> Role:
    """Return the role a report is filed under: the most senior the person holds."""
    held = roles_in(user, assembly)
    return next((role for role in DELIBERATING if role in held), Role.ORGANISER)


def can_change_entry(user: User | None, assembly: Assembly, author_id: int | None) -> bool:
    """Organisers, or whoever made it, may withdraw a citation or a register entry."""
    if user is None or not user.is_authenticated:
        return False
    return can_manage_assembly(user, assembly) or author_id == user.id
