"""Who may do what on a council: pure predicates over a user, a council and a day."""

from datetime import date

from facilitate.models.council import Council, CouncilTerm, StaffRole


def staff_role(user, council: Council) -> StaffRole | None:
    """Return what the user does for the council's staff, if anything."""
    if user is None or not user.is_authenticated:
        return None
    return next((s.role for s in council.staff if s.user_id == user.id), None)


def is_secretariat(user, council: Council) -> bool:
    """Administrators and the council's secretariat manage it."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or staff_role(user, council) is StaffRole.SECRETARIAT


def seat_of(user, council: Council, day: date) -> CouncilTerm | None:
    """Return the user's term if they sit on the council on `day`."""
    if user is None or not user.is_authenticated:
        return None
    for term in council.terms:
        if term.sits_on(day) and term.candidate.user_id == user.id:
            return term
    return None


def can_take_part(user, council: Council, day: date) -> bool:
    """Sitting members and the secretariat see the members' pages."""
    return is_secretariat(user, council) or seat_of(user, council, day) is not None


def can_manage(user, council: Council, day: date) -> bool:
    """The secretariat manages the council whatever the day."""
    return is_secretariat(user, council)


def can_translate(user, council: Council, day: date) -> bool:
    """The council's translators and its secretariat keep its texts in every working language."""
    return is_secretariat(user, council) or staff_role(user, council) is StaffRole.TRANSLATOR


#: The rules council routes declare by name: each a predicate (user, council, day).
COUNCIL_RULES = {
    "manage": can_manage,
    "take_part": can_take_part,
    "translate": can_translate,
}
