"""Re-derive a draw from its audit record and the inputs, and say whether it matches."""

from __future__ import annotations

from dataclasses import dataclass, field

from .audit import LIBRARY, VERSION, panel_index, seal
from .model import Instance
from .replacement import draw_replacements
from .selection import select_panel


@dataclass
class Verification:
    """Whether a record matches a fresh re-run on the given inputs, and what differs."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    #: What was checked some other way, and why (for instance another library version).
    notes: list[str] = field(default_factory=list)


def verify_record(record: dict, instance: Instance) -> Verification:
    """Check a record's seal and input digests, then redo the draw and compare panels."""
    if "record" in record and "record_sha256" not in record:
        record = record["record"]
    problems = []
    if record.get("library") != LIBRARY:
        return Verification(False, ["not an audit record of " + LIBRARY])
    if seal(record) != record.get("record_sha256"):
        problems.append("the record was altered after it was sealed (record_sha256 differs)")
    if instance.pool_digest() != record.get("pool_sha256"):
        problems.append("the respondents differ from those the draw used (pool_sha256 differs)")
    if instance.quota_digest() != record.get("quotas_sha256"):
        problems.append("the quotas or panel size differ from those the draw used")
    if problems:
        return Verification(False, problems)
    problems = _published_lottery_problems(record, instance)
    if problems:
        return Verification(False, problems)
    made_by = record.get("library_version")
    if made_by != VERSION:
        # Another version computes a different (equally fair) lottery for the same seed, so
        # only the published list can be checked: that the drawn panel is the one the
        # randomness picks from it, and that every panel on it meets the quotas.
        where = f"made by {LIBRARY} {made_by}; this is {VERSION}"
        if record.get("panels"):
            return Verification(
                True,
                notes=[
                    f"{where}: the list of panels was not recomputed (that needs version "
                    f"{made_by}); the drawn panel is the one the randomness picks from the "
                    "published list, and every panel on it meets the quotas"
                ],
            )
        return Verification(False, [f"{where}: re-deriving this draw needs version {made_by}"])
    randomness = record["randomness"]
    public = randomness["value"] if randomness["source"] == "public" else None
    params = record.get("parameters", {})
    if record["kind"] == "replacement":
        info = record["replacement"]
        again = draw_replacements(
            instance,
            info["panel_before"],
            info["dropouts"],
            seed=record["seed"],
            panels=params.get("panels", 1000),
            public_random=public,
        ).record
    else:
        again = select_panel(
            instance,
            algorithm=record["algorithm"],
            seed=record["seed"],
            panels=params.get("panels", 1000),
            public_random=public,
            legacy_samples=params.get("legacy_samples", 1000),
            reserves=params.get("reserves", 0),
            dropout=params.get("dropout"),
        ).record
    if again["panel"] != record["panel"]:
        problems.append("re-running the draw gives a different panel")
    if again["panels"] != record["panels"]:
        problems.append("re-running the draw gives a different list of published panels")
    if again.get("panel_index") != record.get("panel_index"):
        problems.append("re-running the draw picks a different panel number")
    worst = max(
        (abs(p - record["probabilities"].get(i, -1.0)) for i, p in again["probabilities"].items()),
        default=0.0,
    )
    if worst > 1e-6:
        problems.append(f"selection probabilities differ by up to {worst:.2g}")
    problems += _reserve_differences(again.get("reserves"), record.get("reserves"))
    return Verification(not problems, problems)


def _reserve_differences(again: dict | None, recorded: dict | None) -> list[str]:
    """Compare the re-drawn reserve list and chances with the recorded ones."""
    if not again and not recorded:
        return []
    if not again or not recorded:
        return ["re-running the draw gives reserves where the record has none, or the reverse"]
    problems = []
    if again["order"] != recorded.get("order"):
        problems.append("re-running the draw gives a different reserve list or order")
    theirs = recorded.get("probabilities", {})
    worst = max(
        (abs(p - theirs.get(i, -1.0)) for i, p in again["probabilities"].items()), default=0.0
    )
    if worst > 1e-6 or set(theirs) != set(again["probabilities"]):
        problems.append(f"reserve chances differ by up to {worst:.2g}")
    return problems


def _published_lottery_problems(record: dict, instance: Instance) -> list[str]:
    """Check what needs no re-run: the drawn panel and every published panel meet the quotas,
    and the drawn panel is the one the randomness picks from the published list."""
    # A replacement record's panels are sets of replacements, not whole panels.
    whole = record.get("kind") == "selection"
    problems = []
    if whole:
        problems += [f"the drawn panel: {p}" for p in panel_problems(instance, record["panel"])]
        problems += reserve_problems(instance, record)
    panels = record.get("panels")
    if not panels:
        return problems
    index = panel_index(record["randomness"], len(panels))
    if record.get("panel_index") != index:
        problems.append(
            f"the randomness picks panel {index}, the record says {record.get('panel_index')}"
        )
    elif sorted(panels[index]) != sorted(record["panel"]):
        problems.append(f"the drawn panel is not panel {index} of the published list")
    for number, panel in enumerate(panels if whole else ()):
        found = panel_problems(instance, panel)
        if found:
            problems.append(f"published panel {number}: {found[0]}")
            break
    return problems


def panel_problems(instance: Instance, ids) -> list[str]:
    """Return why a panel of ids breaks the panel size, the quotas or the household rule."""
    people = {p.id: p for p in instance.people}
    ids = list(ids)
    problems = []
    if len(set(ids)) != len(ids):
        problems.append("someone is seated twice")
    if len(ids) != instance.panel_size:
        problems.append(f"{len(ids)} seats instead of {instance.panel_size}")
    unknown = [i for i in ids if i not in people]
    if unknown:
        return problems + [f"{len(unknown)} ids are not in the pool (first: {unknown[0]})"]
    for quota in instance.quotas:
        seats = sum(1 for i in ids if people[i].value(quota.category) == quota.value)
        if not quota.min <= seats <= quota.max:
            problems.append(
                f"{quota.category} = {quota.value}: {seats} seats, outside {quota.min}-{quota.max}"
            )
    if instance.households:
        homes = [people[i].household for i in ids if people[i].household is not None]
        if len(set(homes)) != len(homes):
            problems.append("two people from one household")
    return problems


def reserve_problems(instance: Instance, record: dict) -> list[str]:
    """Return why a record's reserve list cannot stand beside its panel, whatever the version."""
    reserves = record.get("reserves")
    if not reserves:
        return []
    order = list(reserves.get("order", []))
    known = {p.id for p in instance.people}
    problems = []
    if len(set(order)) != len(order):
        problems.append("a reserve is listed twice")
    if len(order) > reserves.get("count", 0):
        problems.append(f"{len(order)} reserves listed, {reserves.get('count')} asked for")
    if set(order) & set(record["panel"]):
        problems.append("a reserve is also on the panel")
    if set(order) - known:
        problems.append("a reserve is not in the pool")
    return problems
