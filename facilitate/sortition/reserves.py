"""Reserves drawn with the panel: an ordered list that replaces dropouts within the quotas.

Pure standard library and the draw's own modules, so that anyone holding the pool, the quotas,
the seed and this module can redo the list. The procedure, after LEXIMIN has drawn the panel
from its published lottery:

1. Everyone gets a dropout probability: the record's default (e.g. 0.1), or the largest rate
   given for any of their values (``by_value``); people of one type share it.
2. Candidates are the people not on the panel; with the household rule, not a housemate of a
   panel member either. Per quota value q: c_q panel members hold it, and D_q, the number of
   them who drop out, follows the Poisson-binomial law of their probabilities (computed exactly).
3. The list is built position by position. With a_q reserves of value q already listed, a
   candidate type scores
       (1 - p) × Π_q room_q × (1 + Σ_q need_q)      over the type's values q, where
       need_q = P(D_q > c_q - min_q + a_q)   the panel still lacks a q after the listed ones,
       room_q = P(D_q ≥ c_q + a_q + 1 - max_q)  one more q would not break q's maximum
   (p is the candidate's own dropout probability). The highest score wins; ties go to the type
   with more candidates left, then to the first type in canonical order. No randomness is used,
   so the sequence of types is a function of the panel alone.
4. The people: for each position in order, one candidate of its type is taken uniformly with
   ``random.Random("reserves:" + randomness)``, the recorded randomness that picked the panel.
   With the household rule, a chosen reserve's housemates leave the candidates.
5. Each person's chance of a reserve place is exact for the published lottery: the panel is
   one of its m panels with chance 1/m, and on a given panel a candidate of type t has chance
   n_t / (candidates of t) where n_t is the number of positions step 3 gives to t.

Replacing (``fill_from_reserves``, used by the app and the benchmark): of the reserves still
available, the set that fills every empty seat within the quotas and whose list positions come
first, compared position by position (for one empty seat: the first reserve who fits); if
no set does, go down the list seating each reserve who keeps every quota reachable — no
maximum exceeded, and in each category the seats its minimums still lack fit in the seats
left empty — and leave the rest to a replacement draw.

What reserves cannot do: they are part of the rest of the pool, so a later redraw from
everyone still available meets the quotas in every case they do, and in some more;
benchmarks/reserves.py measures how close they come.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field

from .agent_types import TypeSpace, build_types
from .model import InputError, Instance, Person

DEFAULT_DROPOUT = 0.1


@dataclass(frozen=True)
class Dropout:
    """Estimated dropout probability: a default, or per category value (the largest applies)."""

    default: float = DEFAULT_DROPOUT
    #: (category, value, probability) triples, e.g. from the organiser's earlier assemblies.
    by_value: tuple[tuple[str, str, float], ...] = ()

    def __post_init__(self):
        for p in [self.default, *(rate for _c, _v, rate in self.by_value)]:
            if not 0.0 <= p < 1.0:
                raise InputError(f"a dropout probability must be in [0, 1), not {p}")

    def of(self, person: Person) -> float:
        """Return one person's dropout probability."""
        rates = [rate for c, v, rate in self.by_value if person.value(c) == v]
        return max(rates) if rates else self.default

    def to_dict(self) -> dict:
        """Return the estimate as JSON-ready data, in canonical order."""
        return {"default": self.default, "by_value": [list(t) for t in sorted(self.by_value)]}

    @classmethod
    def from_dict(cls, data: dict | None) -> Dropout:
        """Return the estimate stored by `to_dict` (the default when there is none)."""
        data = data or {}
        rows = tuple((str(c), str(v), float(p)) for c, v, p in data.get("by_value", []))
        return cls(float(data.get("default", DEFAULT_DROPOUT)), rows)


@dataclass
class Reserves:
    """The ordered reserve list of the drawn panel, and everyone's chance of a place on it."""

    order: list[str]
    probabilities: dict[str, float] = field(default_factory=dict)

    def to_record(self, count: int, dropout: Dropout) -> dict:
        """Return the part of the audit record that describes the reserves."""
        return {
            "count": count,
            "dropout": dropout.to_dict(),
            "order": self.order,
            "probabilities": {pid: round(p, 12) for pid, p in self.probabilities.items()},
        }


def draw_reserves(
    instance: Instance,
    panel: list[str],
    count: int,
    randomness: str,
    dropout: Dropout,
    published: list[list[str]] | None = None,
) -> Reserves:
    """Draw `count` ordered reserves for the panel; with the published panels, everyone's chance."""
    if count < 0:
        raise InputError(f"the number of reserves must be at least 0, not {count}")
    space = build_types(instance)
    plan = _Plan(space, dropout)
    index = {p.id: i for i, p in enumerate(instance.people)}
    seated = [index[i] for i in panel]
    kinds = plan.sequence(seated, count)
    open_ = plan.candidates(seated, set(kinds))
    rng = random.Random(f"reserves:{randomness}")
    order = []
    households = instance.households
    for t in kinds:
        pick = rng.choice(sorted(open_[t]))
        order.append(instance.people[pick].id)
        open_[t].discard(pick)
        if households:
            plan.close_housemates(pick, open_)
    chances = {}
    if published:
        chances = plan.chances([[index[i] for i in p] for p in published], count)
    return Reserves(order, chances)


class _Plan:
    """The type-level procedure (steps 1–3 and 5), shared by the draw and the chances."""

    def __init__(self, space: TypeSpace, dropout: Dropout):
        self.space = space
        instance = space.instance
        self.quotas = instance.quotas
        self.rate = [dropout.of(instance.people[m[0]]) for m in space.members]
        self.type_of = {}
        for t, members in enumerate(space.members):
            for i in members:
                self.type_of[i] = t
        self.group_of = {t: g for g, ts in enumerate(space.households) for t in ts}
        self._cache: dict[tuple, list[int]] = {}

    def candidates(self, seated: list[int], types) -> dict[int, set[int]]:
        """Return, for the given types, the people who may be reserves beside this panel."""
        on = set(seated)
        closed = self._closed(seated)
        return {
            t: set()
            if self.group_of.get(t) in closed
            else {i for i in self.space.members[t] if i not in on}
            for t in types
        }

    def _closed(self, seated: list[int]) -> set[int]:
        """Return the household groups a panel member belongs to."""
        return {self.group_of[self.type_of[i]] for i in seated if self.type_of[i] in self.group_of}

    def close_housemates(self, person: int, open_: dict[int, set[int]]) -> None:
        """Remove a chosen reserve's housemates from the candidates."""
        group = self.group_of.get(self.type_of[person])
        if group is not None:
            for t in self.space.households[group]:
                if t in open_:
                    open_[t].clear()

    def sequence(self, seated: list[int], count: int) -> list[int]:
        """Return the types of the `count` positions beside this panel."""
        seated_types = Counter(self.type_of[i] for i in seated)
        key = (tuple(sorted(seated_types.items())), count)
        if key not in self._cache:
            closed = self._closed(seated)
            left = [
                0 if self.group_of.get(t) in closed else len(members) - seated_types[t]
                for t, members in enumerate(self.space.members)
            ]
            self._cache[key] = self._greedy(seated_types, left, count)
        return self._cache[key]

    def _greedy(self, seated_types: Counter, left: list[int], count: int) -> list[int]:
        """Step 3: give each position to the type with the highest score."""
        laws, have = [], []
        for ts in self.space.types_of_quota():
            rates = [self.rate[t] for t in ts for _ in range(seated_types[t])]
            have.append(len(rates))
            laws.append(_tail(rates))
        listed = [0] * len(self.quotas)
        kinds = []
        for _ in range(count):
            need = [
                at_least(c - quota.min + a + 1)
                for at_least, c, quota, a in zip(laws, have, self.quotas, listed, strict=True)
            ]
            room = [
                at_least(c + a + 1 - quota.max)
                for at_least, c, quota, a in zip(laws, have, self.quotas, listed, strict=True)
            ]
            best, best_key = None, None
            for t, n in enumerate(left):
                if n == 0:
                    continue
                fits, lacking = 1.0, 0.0
                for q in self.space.quota_index[t]:
                    fits *= room[q]
                    lacking += need[q]
                score = round((1.0 - self.rate[t]) * fits * (1.0 + lacking), 12)
                key = (-score, -n, t)
                if best_key is None or key < best_key:
                    best, best_key = t, key
            if best is None:
                break
            kinds.append(best)
            left[best] -= 1
            for q in self.space.quota_index[best]:
                listed[q] += 1
            if best in self.group_of:
                for t in self.space.households[self.group_of[best]]:
                    left[t] = 0
        return kinds

    def chances(self, published: list[list[int]], count: int) -> dict[str, float]:
        """Return each person's chance of a reserve place over the published panels."""
        people = self.space.instance.people
        total = [0.0] * len(people)
        for seated in published:
            kinds = self.sequence(seated, count)
            open_ = self.candidates(seated, set(kinds))
            # A housemate's type holds that one person, so n_t / candidates is 1 for them too.
            for t in open_:
                share = kinds.count(t) / len(open_[t])
                for i in open_[t]:
                    total[i] += share
        m = len(published)
        out = {p.id: total[i] / m for i, p in enumerate(people)}
        out.update({e.id: 0.0 for e in self.space.instance.excluded})
        return out


def _tail(rates: list[float]):
    """Return x -> P(at least x of these independent events happen)."""
    law = [1.0]
    # People of one rate drop out binomially; the rates (few) are then convolved.
    for p, n in Counter(rates).items():
        binomial = [math.comb(n, j) * p**j * (1.0 - p) ** (n - j) for j in range(n + 1)]
        nxt = [0.0] * (len(law) + n)
        for a, wa in enumerate(law):
            for b, wb in enumerate(binomial):
                nxt[a + b] += wa * wb
        law = nxt
    tails = [0.0] * (len(law) + 1)
    for k in range(len(law) - 1, -1, -1):
        tails[k] = tails[k + 1] + law[k]

    def at_least(x: int) -> float:
        if x <= 0:
            return 1.0
        return tails[x] if x < len(tails) else 0.0

    return at_least


def fill_from_reserves(
    instance: Instance, staying: list[str], seats: int, reserves: list[str]
) -> list[str]:
    """Return the reserves who fill `seats` empty seats within the quotas, earliest listed first.

    Of all sets of available reserves that complete the panel within the quotas, the one whose
    list positions come first (compared position by position); when none does, the reserves
    who, taken down the list, keep every quota reachable (the rest is left to a redraw).
    """
    by_id = {p.id: p for p in instance.people}
    members = [by_id[i] for i in staying]
    counts = {(q.category, q.value): 0 for q in instance.quotas}
    for person in members:
        for cv in person.values:
            counts[cv] = counts.get(cv, 0) + 1
    homes = {p.household for p in members if p.household is not None}
    on = set(staying)
    listed = []
    for ref in reserves:
        person = by_id.get(ref)
        if person is not None and ref not in on and person not in listed:
            listed.append(person)
    whole = _first_completion(instance, counts, homes, listed, seats, [])
    if whole is not None:
        return [p.id for p in whole]
    taken = []
    for person in listed:
        if len(taken) == seats:
            break
        if person.household is not None and person.household in homes:
            continue
        if _keeps_quotas(instance, counts, person, seats - len(taken) - 1):
            taken.append(person.id)
            _seat(counts, homes, person, +1)
    return taken


def _first_completion(instance, counts, homes, listed, seats, chosen):
    """Depth-first over list positions: the first set of reserves that completes the panel."""
    if seats == 0:
        return list(chosen)
    for n, person in enumerate(listed):
        if len(listed) - n < seats:
            return None
        if person.household is not None and person.household in homes:
            continue
        if not _keeps_quotas(instance, counts, person, seats - 1):
            continue
        _seat(counts, homes, person, +1)
        chosen.append(person)
        found = _first_completion(instance, counts, homes, listed[n + 1 :], seats - 1, chosen)
        chosen.pop()
        _seat(counts, homes, person, -1)
        if found is not None:
            return found
    return None


def _seat(counts: dict, homes: set, person: Person, step: int) -> None:
    for cv in person.values:
        counts[cv] += step
    if person.household is not None:
        (homes.add if step > 0 else homes.discard)(person.household)


def _keeps_quotas(instance: Instance, counts: dict, person: Person, empty_after: int) -> bool:
    """Tell whether seating `person` exceeds no maximum and leaves every minimum reachable."""
    mine = set(person.values)
    lacking: dict[str, int] = {}
    for q in instance.quotas:
        cv = (q.category, q.value)
        seats = counts[cv] + (1 if cv in mine else 0)
        if seats > q.max:
            return False
        lacking[q.category] = lacking.get(q.category, 0) + max(0, q.min - seats)
    return all(n <= empty_after for n in lacking.values())
