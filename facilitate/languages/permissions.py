"""Who may translate an assembly's texts: a pure predicate, no request in sight."""

from facilitate.models import Assembly, Role, User
from facilitate.permissions import roles_in


def can_translate(user: User | None, assembly: Assembly) -> bool:
    """Translators of this assembly, its organisers and administrators edit its translations."""
    if user is None or not user.is_authenticated:
        return False
    held = roles_in(user, assembly)
    return user.is_admin or bool({Role.ORGANISER, Role.TRANSLATOR} & held)
