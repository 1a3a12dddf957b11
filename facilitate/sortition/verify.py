"""Re-derive a draw from its audit record and the inputs, and say whether it matches."""

from __future__ import annotations

from dataclasses import dataclass, field

from .audit import LIBRARY, seal
from .model import Instance
from .replacement import draw_replacements
from .selection import select_panel


@dataclass
class Verification:
    """Whether a record matches a fresh re-run on the given inputs, and what differs."""

    ok: bool
    problems: list[str] = field(default_factory=list)


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
    return Verification(not problems, problems)
