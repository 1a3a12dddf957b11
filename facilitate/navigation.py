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
    #: The cockpit stage it is listed under ("" for pages of every stage: overview, settings).
    stage: str = ""


ASSEMBLY_NAV: list[NavEntry] = []


#: Where pages fall when their area does not say: by position, so areas keep one call.
_STAGE_BY_ORDER = (
    (20, ""),
    (30, "prepare"),
    (50, "recruit"),
    (60, "select"),
    (68, "sit"),
    (80, "decide"),
    (90, "publish"),
    (1000, ""),
)
#: Pages whose position does not say their stage.
_STAGE_OF_ENDPOINT = {
    "assemblies.team": "prepare",
    "notes.index": "decide",
    "messaging.index": "",
}


def stage_of(endpoint: str, order: int) -> str:
    """Return the cockpit stage a page at this position belongs to."""
    if endpoint in _STAGE_OF_ENDPOINT:
        return _STAGE_OF_ENDPOINT[endpoint]
    return next(stage for bound, stage in _STAGE_BY_ORDER if order < bound)


def add_assembly_page(
    endpoint: str,
    label: LazyString,
    rule: str = "manage",
    order: int = 50,
    stage: str | None = None,
) -> None:
    """Show a link to `endpoint` (which takes `slug`) in every assembly's navigation."""
    if any(entry.endpoint == endpoint for entry in ASSEMBLY_NAV):
        return
    # Two entries on one number would be ordered by whichever module was imported first.
    taken = [entry.endpoint for entry in ASSEMBLY_NAV if entry.order == order]
    if taken:
        raise ValueError(f"navigation position {order} is taken by {taken[0]}")
    stage = stage_of(endpoint, order) if stage is None else stage
    ASSEMBLY_NAV.append(NavEntry(endpoint, label, rule, order, stage))
    ASSEMBLY_NAV.sort(key=lambda entry: entry.order)


def entries_for(user, assembly) -> list[NavEntry]:
    """Return the entries this user may follow in this assembly."""
    from facilitate import permissions

    return [e for e in ASSEMBLY_NAV if permissions.ASSEMBLY_RULES[e.rule](user, assembly)]
