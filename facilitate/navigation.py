"""The assembly's sub-navigation, filled by each area as it registers its pages."""

from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: LazyString
    #: "manage" (organisers) or "take_part" (anyone with a role in the assembly).
    rule: str
    order: int


ASSEMBLY_NAV: list[NavEntry] = []


def add_assembly_page(
    endpoint: str, label: LazyString, rule: str = "manage", order: int = 50
) -> None:
    """Show a link to `endpoint` (which takes `slug`) in every assembly's navigation."""
    if any(entry.endpoint == endpoint for entry in ASSEMBLY_NAV):
        return
    # Two entries on one number would be ordered by whichever module was imported first.
    taken = [entry.endpoint for entry in ASSEMBLY_NAV if entry.order == order]
    if taken:
        raise ValueError(f"navigation position {order} is taken by {taken[0]}")
    ASSEMBLY_NAV.append(NavEntry(endpoint, label, rule, order))
    ASSEMBLY_NAV.sort(key=lambda entry: entry.order)


def entries_for(user, assembly) -> list[NavEntry]:
    """Return the entries this user may follow in this assembly."""
    from facilitate import permissions

    return [e for e in ASSEMBLY_NAV if permissions.ASSEMBLY_RULES[e.rule](user, assembly)]
