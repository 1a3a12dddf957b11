"""The selection problem: a pool of people, quotas per category value, and a panel size."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field


class InputError(ValueError):
    """Bad input, with the place it was found so a person can fix it."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ):
        self.message, self.file, self.line, self.column = message, file, line, column
        where = []
        if file:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if column:
            where.append(f"column {column!r}")
        super().__init__((", ".join(where) + ": " if where else "") + message)


class InfeasibleError(RuntimeError):
    """No panel meets the quotas; carries the feasibility report."""

    def __init__(self, report):
        self.report = report
        super().__init__(report.explanation)


@dataclass(frozen=True)
class Quota:
    """Seat bounds for one value of one category (inclusive)."""

    category: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class Person:
    """One registrant: pseudonymous id, one value per category, optional household key."""

    id: str
    values: tuple[tuple[str, str], ...]
    household: str | None = None

    def value(self, category: str) -> str | None:
        """Return this person's value in a category."""
        for name, value in self.values:
            if name == category:
                return value
        return None


@dataclass(frozen=True)
class Exclusion:
    """A registrant who cannot be selected, and why."""

    id: str
    category: str
    value: str
    reason: str


@dataclass(frozen=True)
class Instance:
    """A canonical selection problem: people sorted by id, quotas sorted by category and value."""

    people: tuple[Person, ...]
    quotas: tuple[Quota, ...]
    panel_size: int
    households: bool = False
    excluded: tuple[Exclusion, ...] = field(default=())

    @property
    def categories(self) -> tuple[str, ...]:
        """Return the constrained categories in canonical order."""
        return tuple(sorted({q.category for q in self.quotas}))

    def quotas_of(self, category: str) -> tuple[Quota, ...]:
        """Return the quotas of one category."""
        return tuple(q for q in self.quotas if q.category == category)

    def pool_digest(self) -> str:
        """Return the SHA-256 of the canonical pool (ids, category values, households)."""
        rows = [[p.id, [list(v) for v in p.values], p.household] for p in self.people]
        rows += [["excluded", e.id, e.category, e.value] for e in self.excluded]
        return _digest(rows)

    def quota_digest(self) -> str:
        """Return the SHA-256 of the canonical quotas, panel size and household rule."""
        rows = [[q.category, q.value, q.min, q.max] for q in self.quotas]
        return _digest(
            {"quotas": rows, "panel_size": self.panel_size, "households": self.households}
        )


def _digest(obj) -> str:
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_instance(people, quotas, panel_size: int, households: bool = False) -> Instance:
    """Build a canonical instance, setting aside people whose value has no quota."""
    quotas = sorted(quotas, key=lambda q: (q.category, q.value))
    _check_quotas(quotas, panel_size)
    allowed: dict[str, set[str]] = {}
    for q in quotas:
        allowed.setdefault(q.category, set()).add(q.value)
    kept, excluded, seen = [], [], set()
    for person in people:
        if person.id in seen:
            raise InputError(f"duplicate id {person.id!r}")
        seen.add(person.id)
        values = tuple(sorted((c, person.value(c) or "") for c in allowed))
        bad = [(c, v) for c, v in values if v not in allowed[c]]
        if bad:
            c, v = bad[0]
            excluded.append(
                Exclusion(person.id, c, v, f"value {v!r} of category {c!r} has no quota")
            )
            continue
        household = person.household if households and person.household else None
        kept.append(Person(person.id, values, household))
    kept.sort(key=lambda p: p.id)
    excluded.sort(key=lambda e: e.id)
    return Instance(tuple(kept), tuple(quotas), panel_size, households, tuple(excluded))


def _check_quotas(quotas, panel_size: int) -> None:
    if panel_size < 1:
        raise InputError(f"panel size must be at least 1, not {panel_size}")
    seen = set()
    for q in quotas:
        if (q.category, q.value) in seen:
            raise InputError(f"quota for {q.category}={q.value} given twice")
        seen.add((q.category, q.value))
        if q.min < 0 or q.max < q.min:
            raise InputError(f"quota for {q.category}={q.value} has min {q.min} and max {q.max}")
