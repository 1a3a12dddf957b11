"""Who may steer drafting and who may read a note: predicates over a user and an assembly."""

from facilitate.models import Role
from facilitate.permissions import can_manage_assembly, roles_in

#: Roles that take part in drafting (experts inform but do not draft).
DRAFTING_ROLES = {Role.MEMBER, Role.FACILITATOR, Role.ORGANISER}


def can_steer(user, assembly) -> bool:
    """Facilitators and organisers record tables' and the plenary's decisions."""
    return can_manage_assembly(user, assembly) or Role.FACILITATOR in roles_in(user, assembly)


def can_draft(user, assembly) -> bool:
    return can_manage_assembly(user, assembly) or bool(DRAFTING_ROLES & roles_in(user, assembly))


def can_edit_recommendation(user, assembly, recommendation) -> bool:
    """Steerers, and the author while it is a draft, may write a new version directly."""
    if recommendation.status.value not in ("draft", "final"):
        return False
    if can_steer(user, assembly):
        return True
    return recommendation.status.value == "draft" and recommendation.created_by_id == user.id


def can_read_note(user, assembly, note, table_at_sitting: int | None) -> bool:
    """Private notes: the author alone. Table notes: that table, facilitators and organisers."""
    if note.author_id == user.id:
        return True
    if note.visibility.value == "private":
        return False
    if note.visibility.value == "table":
        return can_steer(user, assembly) or (
            table_at_sitting is not None and table_at_sitting == note.table_number
        )
    return bool(roles_in(user, assembly)) or user.is_admin
