"""The audit record of a draw: what went in, how it was computed, and what came out."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from .model import Instance
from .solver import SOLVER_NAME, solver_version

LIBRARY = "facilitate.sortition"
#: Bumped whenever the same seed can give a different lottery: verify re-derives only its own.
VERSION = "1.1.0"


def now() -> str:
    """Return the current UTC time in ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def panel_index(randomness: dict, panels: int) -> int:
    """Return the index of the drawn panel among `panels`, derived from the recorded randomness."""
    text = f"{randomness['source']}:{randomness['value']}"
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % panels


def make_record(
    instance: Instance,
    *,
    kind: str,
    algorithm: str,
    seed: int,
    randomness: dict,
    parameters: dict,
    probabilities: dict[str, float],
    panels,
    index,
    panel,
    started: str,
    finished: str,
    extra: dict | None = None,
) -> dict:
    """Return a JSON-ready audit record, sealed with the SHA-256 of its own content."""
    record = {
        "kind": kind,
        "library": LIBRARY,
        "library_version": VERSION,
        "algorithm": algorithm,
        "solver": {"name": SOLVER_NAME, "version": solver_version()},
        "pool_sha256": instance.pool_digest(),
        "quotas_sha256": instance.quota_digest(),
        "panel_size": instance.panel_size,
        "households": instance.households,
        "pool_size": len(instance.people),
        "excluded": [e.id for e in instance.excluded],
        "seed": seed,
        "randomness": randomness,
        "parameters": parameters,
        "probabilities": {pid: round(p, 12) for pid, p in probabilities.items()},
        "panels": panels,
        "panel_index": index,
        "panel": panel,
        "started_at": started,
        "finished_at": finished,
    }
    if extra:
        record.update(extra)
    record["record_sha256"] = seal(record)
    return record


def seal(record: dict) -> str:
    """Return the SHA-256 of a record's canonical JSON, leaving out the seal itself."""
    body = {k: v for k, v in record.items() if k != "record_sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
