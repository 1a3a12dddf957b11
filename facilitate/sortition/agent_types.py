"""Group interchangeable people into types, so the solvers count types instead of people."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Instance


@dataclass
class TypeSpace:
    """People grouped by identical category values; household members stay alone."""

    instance: Instance
    #: Per type: the quota indices (into instance.quotas) its members count towards.
    quota_index: list[tuple[int, ...]]
    #: Per type: indices into instance.people, in canonical order.
    members: list[list[int]]
    #: Groups of types that share a household: at most one of each group may sit.
    households: list[list[int]]

    @property
    def sizes(self) -> list[int]:
        """Return the number of people of each type."""
        return [len(m) for m in self.members]

    def __len__(self) -> int:
        return len(self.members)

    def types_of_quota(self) -> list[list[int]]:
        """Return, per quota, the types counting towards it."""
        out = [[] for _ in self.instance.quotas]
        for t, qs in enumerate(self.quota_index):
            for q in qs:
                out[q].append(t)
        return out


def build_types(instance: Instance) -> TypeSpace:
    """Group the instance's people into types."""
    position = {(q.category, q.value): i for i, q in enumerate(instance.quotas)}
    shared = Counter(p.household for p in instance.people if p.household is not None)
    groups: dict[tuple, list[int]] = {}
    for i, person in enumerate(instance.people):
        key = tuple(position[cv] for cv in person.values)
        if person.household is not None and shared[person.household] > 1:
            # Housemates are not interchangeable with others: the household rule ties them.
            groups[(key, person.id)] = [i]
        else:
            groups.setdefault((key, ""), []).append(i)
    order = sorted(groups, key=lambda g: (g[0], g[1]))
    quota_index = [g[0] for g in order]
    members = [groups[g] for g in order]
    by_household: dict[str, list[int]] = {}
    for t, ms in enumerate(members):
        household = instance.people[ms[0]].household
        if len(ms) == 1 and household is not None and shared[household] > 1:
            by_household.setdefault(household, []).append(t)
    households = [by_household[h] for h in sorted(by_household)]
    return TypeSpace(instance, quota_index, members, households)
