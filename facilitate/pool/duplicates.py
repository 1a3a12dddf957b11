"""Find registrations that may be one person twice: same email, phone, household, or a similar
name with the same date of birth.

Detection works on plain `Person` values so an import file, the pool and one new registration
are compared by the same rules. Candidates are people sharing an exact value (an email, a
phone, a household, a birth date with one name part); only they are compared, so 100,000 rows
cost a sorted array of hashes and a few comparisons, never all pairs.
"""

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from facilitate.extensions import db
from facilitate.models import Registrant, RegistrantStatus
from facilitate.models.duplicate_decisions import DuplicateDecision

#: What two registrations can have in common, in the order notes name them.
REASONS = ("email", "phone", "household", "name")
#: A phone is compared by its last digits, so "+41 79…" and "079…" are the same number.
PHONE_DIGITS = 9
#: Fewer digits than this is not a phone number worth matching on.
MIN_PHONE_DIGITS = 6
#: Under one key (a care home's address) newcomers are compared with the first few only: all
#: pairs of 200 residents would bury the real duplicates and cost n² comparisons.
MAX_GROUP = 8
REASON_LABELS = {
    "email": _l("email"),
    "phone": _l("phone"),
    "household": _l("household"),
    "name": _l("name and date of birth"),
}
_NOT_ALNUM = re.compile(r"[\W_]+")
_NOT_DIGIT = re.compile(r"\D+")
#: Characters people put in phone numbers, stripped in SQL to compare digits.
PHONE_PUNCTUATION = " -./()+"


@dataclass(frozen=True, slots=True)
class Person:
    """What detection compares, normalised: `key` is a file's line or a registrant's id."""

    key: int
    email: str = ""
    phone: str = ""
    household: str = ""
    first_name: str = ""
    last_name: str = ""
    born: date | None = None

    @classmethod
    def of(cls, key, email, phone, household, first_name, last_name, born) -> "Person":
        """Normalise the values as typed, once, so comparing them costs nothing more."""
        return cls(
            key,
            (email or "").strip().lower(),
            normalise_phone(phone or ""),
            household or "",
            normalise_name(first_name or ""),
            normalise_name(last_name or ""),
            born,
        )


def normalise_name(text: str) -> str:
    """Fold case and accents, drop spaces and punctuation: "Anne-Marie" is "annemarie"."""
    # Decomposing puts accents in marks of their own, which are not alphanumeric: both go.
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text.casefold()))


def normalise_phone(text: str) -> str:
    """Keep the last digits of a phone number; "" when too few to mean anything."""
    digits = _NOT_DIGIT.sub("", text)
    return digits[-PHONE_DIGITS:] if len(digits) >= MIN_PHONE_DIGITS else ""


def within_edits(a: str, b: str, limit: int) -> bool:
    """Say whether `a` becomes `b` in at most `limit` insertions, deletions or substitutions."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _close(a: str, b: str) -> bool:
    # One slip in a short name, two in a longer one.
    return a == b or within_edits(a, b, 1 if min(len(a), len(b)) <= 5 else 2)


def similar_names(a: Person, b: Person) -> bool:
    """Same date of birth and names alike: one part equal, the other close, in either order."""
    if a.born is None or a.born != b.born:
        return False
    if not (a.first_name or a.last_name) or not (b.first_name or b.last_name):
        return False
    for first, last in ((b.first_name, b.last_name), (b.last_name, b.first_name)):
        if (a.first_name == first and _close(a.last_name, last)) or (
            a.last_name == last and _close(a.first_name, first)
        ):
            return True
    return False


def _keys(person: Person) -> Iterator[tuple]:
    """The exact values under which a possible duplicate of `person` is looked for."""
    if person.email:
        yield "email", person.email
    if person.phone:
        yield "phone", person.phone
    if person.household:
        yield "household", person.household
    if person.born is not None:
        # Both name parts: a slip in one part, or parts swapped, still shares the other.
        for part in {person.first_name, person.last_name}:
            if part:
                yield "name", person.born, part


def match_reasons(a: Person, b: Person) -> tuple[str, ...]:
    """Return what `a` and `b` have in common, in the order of REASONS."""
    found = [
        reason
        for reason in ("email", "phone", "household")
        if getattr(a, reason) and getattr(a, reason) == getattr(b, reason)
    ]
    if similar_names(a, b):
        found.append("name")
    return tuple(found)


class Index:
    """Many people's values, hashed and sorted beside their keys, to find who shares one.

    Each value is packed with its person's key into one 64-bit number in an array: 100,000
    people with four values each take 3 MB, where dictionaries of values took 50. A shared
    hash is only a candidate: `match_reasons` compares the people themselves, whom `recall`
    gives back from their key.
    """

    #: Bits for a person's key (a file's row position, a registrant's id) below the hash.
    KEY_BITS = 32
    _KEY_MASK = (1 << KEY_BITS) - 1
    _HASH_MASK = (1 << (63 - KEY_BITS)) - 1

    def __init__(self, people: Iterable[Person], recall: Callable[[int], Person]) -> None:
        packed = [
            (self._hash(value) << self.KEY_BITS) | person.key
            for person in people
            for value in _keys(person)
        ]
        packed.sort()
        self._packed = array("q", packed)
        self._recall = recall

    @classmethod
    def _hash(cls, value) -> int:
        return hash(value) & cls._HASH_MASK

    def _groups(self) -> Iterator[list[int]]:
        """Yield the keys sharing a hash, in ascending order, for each hash shared."""
        packed, shift, mask = self._packed, self.KEY_BITS, self._KEY_MASK
        start = 0
        for end in range(1, len(packed) + 1):
            if end == len(packed) or packed[end] >> shift != packed[start] >> shift:
                if end - start > 1:
                    yield [packed[i] & mask for i in range(start, end)]
                start = end

    def pairs(self) -> dict[tuple[int, int], tuple[str, ...]]:
        """Pair each person with those before them who may be the same: (earlier, later) → why.

        Under one value (a care home's address) each is compared with the first MAX_GROUP only.
        """
        found: dict[tuple[int, int], tuple[str, ...]] = {}
        for keys in self._groups():
            first = {key: self._recall(key) for key in keys[:MAX_GROUP]}
            for later in keys[1:]:
                person = first.get(later) or self._recall(later)
                for earlier, other in first.items():
                    if earlier >= later:
                        break
                    if (earlier, later) not in found:
                        reasons = match_reasons(other, person)
                        if reasons:
                            found[(earlier, later)] = reasons
        return found

    def matches(self, person: Person) -> dict[int, tuple[str, ...]]:
        """Map the key of each person indexed who may be `person` (from elsewhere) to why."""
        packed, shift, mask = self._packed, self.KEY_BITS, self._KEY_MASK
        found: dict[int, tuple[str, ...]] = {}
        for value in _keys(person):
            hashed = self._hash(value)
            position = bisect_left(packed, hashed << shift)
            for i in range(position, min(position + MAX_GROUP, len(packed))):
                if packed[i] >> shift != hashed:
                    break
                key = packed[i] & mask
                if key not in found:
                    reasons = match_reasons(person, self._recall(key))
                    if reasons:
                        found[key] = reasons
        return found


def find_pairs(people: Iterable[Person]) -> dict[tuple[int, int], tuple[str, ...]]:
    """Pair each person with those before them who may be the same: (earlier, later) → why."""
    known = {person.key: person for person in people}
    return Index(known.values(), known.__getitem__).pairs()


def describer() -> Callable[[tuple[str, ...], str], str]:
    """Return a function saying what a registration shares with another (a line, a reference).

    The words are translated once: a file with 50,000 flagged rows asks for them once, not
    50,000 times.
    """
    template = _("same %(what)s as %(other)s")
    labels = {reason: str(label) for reason, label in REASON_LABELS.items()}

    @cache
    def what(reasons: tuple[str, ...]) -> str:
        return ", ".join(labels[r] for r in reasons)

    def describe(reasons: tuple[str, ...], other: str) -> str:
        return template % {"what": what(reasons), "other": other}

    return describe


def person_of(registrant) -> Person:
    """Describe a registrant (or a row with the same attributes) for detection."""
    return Person.of(
        registrant.id,
        registrant.email,
        registrant.phone,
        registrant.household_key,
        registrant.first_name,
        registrant.last_name,
        registrant.date_of_birth,
    )


def _matchable(assembly_id: int):
    return (
        Registrant.assembly_id == assembly_id,
        Registrant.erased_at.is_(None),
        Registrant.status != RegistrantStatus.DUPLICATE,
    )


def pool_people(assembly_id: int, *where) -> Iterator[Person]:
    """Yield the assembly's registrants that can still be matched, oldest first.

    An erased person's data is gone and a registration already merged is decided, so neither
    is matched.
    """
    rows = db.session.execute(
        select(
            Registrant.id,
            Registrant.email,
            Registrant.phone,
            Registrant.household_key,
            Registrant.first_name,
            Registrant.last_name,
            Registrant.date_of_birth,
        )
        .where(*_matchable(assembly_id), *where)
        .order_by(Registrant.id)
        .execution_options(yield_per=5000)
    )
    for row in rows:
        yield Person.of(*row)


def decided_pairs(assembly_id: int) -> set[tuple[int, int]]:
    """The pairs organisers kept both of, lower id first."""
    rows = db.session.execute(
        select(DuplicateDecision.first_id, DuplicateDecision.second_id).where(
            DuplicateDecision.assembly_id == assembly_id
        )
    )
    return {(a, b) for a, b in rows}


def pool_pairs(assembly_id: int) -> list[tuple[int, int, tuple[str, ...]]]:
    """List the pool's undecided possible duplicates as (lower id, higher id, what matched)."""
    decided = decided_pairs(assembly_id)
    pairs = find_pairs(pool_people(assembly_id))
    return sorted((a, b, why) for (a, b), why in pairs.items() if (a, b) not in decided)


def _phone_digits(column):
    for character in PHONE_PUNCTUATION:
        column = func.replace(column, character, "")
    return column


def candidates_for(registrant: Registrant) -> dict[int, tuple[str, ...]]:
    """Map each undecided possible duplicate of one registrant in its pool to what matched."""
    me = person_of(registrant)
    shared = [
        Registrant.email == me.email if me.email else None,
        _phone_digits(Registrant.phone).like(f"%{me.phone}") if me.phone else None,
        Registrant.household_key == me.household if me.household else None,
        Registrant.date_of_birth == me.born if me.born else None,
    ]
    shared = [condition for condition in shared if condition is not None]
    if registrant.erased_at is not None or not shared:
        return {}
    others = pool_people(registrant.assembly_id, Registrant.id != me.key, or_(*shared))
    known = {other.key: other for other in others}
    index = Index(known.values(), known.__getitem__)
    decided = decided_pairs(registrant.assembly_id)
    return {
        other: why
        for other, why in index.matches(me).items()
        if (min(other, me.key), max(other, me.key)) not in decided
    }
