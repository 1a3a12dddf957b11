"""Answers that contradict each other: date of birth against age band, postcode against area.

A registration is flagged at once (`flag`, into `Registrant.consistency_note`) and the whole
pool is checked again before the draw (`check_pool`), since the postcode table or the
assembly's reference date may have changed since.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update

from facilitate.extensions import db
from facilitate.models import Assembly, Registrant, RegistrantAnswer, RegistrantStatus
from facilitate.models.corrections import PostcodeArea
from facilitate.registration.services import age_on

NOTE_LENGTH = 300

_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|–|—|to)\s*(\d{1,3})(?:\s*(?:years|yrs))?$")
_OVER = re.compile(
    r"^(\d{1,3})\s*(?:\+|plus|and over|or over|and older|or older)(?:\s*(?:years|yrs))?$"
)
_UNDER = re.compile(r"^(?:under|below|<)\s*(\d{1,3})(?:\s*(?:years|yrs))?$")


def age_band(name: str) -> tuple[int, int | None] | None:
    """Return the ages (lowest, highest or None) a value name like "16-29" or "65+" covers."""
    text = " ".join(name.strip().lower().split())
    if match := _RANGE.match(text):
        low, high = int(match[1]), int(match[2])
        return (low, high) if low <= high else None
    if match := _OVER.match(text):
        return int(match[1]), None
    if match := _UNDER.match(text):
        return 0, int(match[1]) - 1
    return None


def normalise_postcode(postcode: str) -> str:
    """Keep capitals and digits only, so "sw1a 1aa" and "SW1A1AA" are the same postcode."""
    return "".join(ch for ch in postcode.upper() if ch.isalnum())


@dataclass
class Checks:
    """What the checks of one assembly need, loaded once for a whole pool."""

    reference_day: date
    #: The reference day as people read it, formatted once for the whole pool.
    shown_day: str = ""
    #: value id → ages covered, for every value of an age-band category.
    bands: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    #: category id → its values' names, for the age categories.
    band_categories: dict[int, str] = field(default_factory=dict)
    #: Normalised postcode or prefix → area; empty when no table is loaded.
    postcodes: dict[str, str] = field(default_factory=dict)
    #: The category whose values are the table's areas: its id, and value id → folded name.
    area_category: int | None = None
    area_values: dict[int, str] = field(default_factory=dict)
    #: value id → its name, to say which answer is at odds.
    value_names: dict[int, str] = field(default_factory=dict)
    #: Messages already translated: a pool repeats the same few thousand of them.
    said: dict[tuple, str] = field(default_factory=dict)

    def say(self, key: tuple, make) -> str:
        """Return the message for `key`, translating it once."""
        if key not in self.said:
            self.said[key] = make()
        return self.said[key]

    @property
    def relevant_categories(self) -> set[int]:
        """The categories a check reads: age bands and the area."""
        found = set(self.band_categories)
        if self.area_category is not None:
            found.add(self.area_category)
        return found

    def area_of(self, postcode: str) -> str | None:
        """Return the area of the longest entry the postcode starts with (its outward part)."""
        code = normalise_postcode(postcode)
        for length in range(len(code), 0, -1):
            if (area := self.postcodes.get(code[:length])) is not None:
                return area
        return None


def _area_category(assembly: Assembly, areas: set[str]) -> tuple[int | None, dict[int, str]]:
    """Find the category whose values are the table's areas (most matches, at least half)."""
    best, best_hits = None, 0
    for category in assembly.categories:
        hits = sum(v.name.casefold().strip() in areas for v in category.values)
        if hits > best_hits and 2 * hits >= len(category.values):
            best, best_hits = category, hits
    if best is None:
        return None, {}
    return best.id, {v.id: v.name.casefold().strip() for v in best.values}


def load_checks(
    assembly: Assembly,
    today: date,
    postcodes: dict[str, str] | None = None,
    areas: set[str] | None = None,
) -> Checks:
    """Gather the age categories, the postcode table and the area category of an assembly."""
    day = assembly.first_sitting_on or today
    checks = Checks(reference_day=day, shown_day=format_date(day, "short"))
    for category in assembly.categories:
        bands = {v.id: age_band(v.name) for v in category.values}
        if category.values and all(bands.values()):
            checks.bands.update(bands)
            checks.band_categories[category.id] = category.name
        checks.value_names.update({v.id: v.name for v in category.values})
    checks.postcodes = postcode_table(assembly) if postcodes is None else postcodes
    if areas is None:
        areas = set(checks.postcodes.values())
    if areas:
        folded = {area.casefold().strip() for area in areas}
        checks.area_category, checks.area_values = _area_category(assembly, folded)
    return checks


def postcode_table(assembly: Assembly) -> dict[str, str]:
    """Return the assembly's postcode→area table (normalised postcode → area)."""
    rows = db.session.execute(
        select(PostcodeArea.postcode, PostcodeArea.area).where(
            PostcodeArea.assembly_id == assembly.id
        )
    )
    return dict(rows.all())


def _age_problems(checks: Checks, birth: date, value_ids) -> list[str]:
    age = age_on(birth, checks.reference_day)
    answered = [v for v in value_ids if v in checks.bands]
    found = []
    for value_id in answered:
        low, high = checks.bands[value_id]
        if age < low or (high is not None and age > high):
            found.append(
                checks.say(
                    ("band", age, value_id),
                    lambda age=age, value_id=value_id: _(
                        "aged %(age)d on %(day)s, but answered “%(band)s”",
                        age=age,
                        day=checks.shown_day,
                        band=checks.value_names[value_id],
                    ),
                )
            )
    if not answered and not any(
        low <= age and (high is None or age <= high) for low, high in checks.bands.values()
    ):
        found.append(
            checks.say(("age", age), lambda: _("aged %(age)d, which fits no age band", age=age))
        )
    return found


def _area_problem(checks: Checks, postcode: str, value_ids) -> str | None:
    area = checks.area_of(postcode)
    if area is None:
        return checks.say(
            ("nowhere", postcode),
            lambda: _("postcode %(p)s is not in the postcode table", p=postcode),
        )
    answer = next((v for v in value_ids if v in checks.area_values), None)
    if answer is None or checks.area_values[answer] == area.casefold().strip():
        return None
    return checks.say(
        ("area", postcode, answer),
        lambda: _(
            "postcode %(p)s is in %(area)s, but answered “%(answer)s”",
            p=postcode,
            area=area,
            answer=checks.value_names[answer],
        ),
    )


def _problems(checks: Checks, birth: date | None, postcode: str, value_ids) -> list[str]:
    found = []
    if birth is not None and checks.bands:
        found += _age_problems(checks, birth, value_ids)
    problem = None
    if checks.area_category is not None and postcode.strip():
        problem = _area_problem(checks, postcode.strip(), value_ids)
    if problem is not None:
        found.append(problem)
    return found


def problems(registrant: Registrant, assembly: Assembly, tables: Checks) -> list[str]:
    """Return what contradicts itself in one registration (empty when nothing does)."""
    value_ids = [answer.value_id for answer in registrant.answers]
    return _problems(tables, registrant.date_of_birth, registrant.postcode or "", value_ids)


def note_for(checks: Checks, birth: date | None, postcode: str, value_ids) -> str:
    """Return the consistency note for plain values (the importer's rows, the pool's)."""
    return _note(_problems(checks, birth, postcode, value_ids))


def _note(found: list[str]) -> str:
    note = "; ".join(found)
    return note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1] + "…"


def flag(registrant: Registrant, assembly: Assembly, today: date | None = None) -> list[str]:
    """Write a registration's contradictions into its consistency note and return them."""
    code = normalise_postcode(registrant.postcode or "")
    # Only the rows this postcode could match, and the areas: the table may hold a country.
    areas = set(
        db.session.scalars(
            select(PostcodeArea.area).where(PostcodeArea.assembly_id == assembly.id).distinct()
        )
    )
    table = {}
    if areas and code:
        table = dict(
            db.session.execute(
                select(PostcodeArea.postcode, PostcodeArea.area).where(
                    PostcodeArea.assembly_id == assembly.id,
                    PostcodeArea.postcode.in_([code[:n] for n in range(1, len(code) + 1)]),
                )
            ).all()
        )
    checks = load_checks(assembly, today or date.today(), postcodes=table, areas=areas)
    found = problems(registrant, assembly, checks)
    registrant.consistency_note = _note(found)
    db.session.flush()
    return found


def _pool_rows(assembly: Assembly, checks: Checks, only_registered: bool):
    where = [Registrant.assembly_id == assembly.id, Registrant.erased_at.is_(None)]
    if only_registered:
        where.append(Registrant.status == RegistrantStatus.REGISTERED)
    people = db.session.execute(
        select(
            Registrant.id,
            Registrant.reference,
            Registrant.date_of_birth,
            Registrant.postcode,
            Registrant.consistency_note,
        ).where(*where)
    ).all()
    answers: dict[int, list[int]] = {row.id: [] for row in people}
    rows = db.session.execute(
        select(RegistrantAnswer.registrant_id, RegistrantAnswer.value_id)
        .join(Registrant, Registrant.id == RegistrantAnswer.registrant_id)
        .where(*where, RegistrantAnswer.category_id.in_(checks.relevant_categories))
    )
    for registrant_id, value_id in rows:
        answers[registrant_id].append(value_id)
    return people, answers


def check_pool(
    assembly: Assembly, today: date | None = None, limit: int | None = None
) -> list[tuple[Registrant, list[str]]]:
    """Check every registered person again before the draw; return those with problems
    (the first `limit` of them by reference)."""
    checks = load_checks(assembly, today or date.today())
    if not checks.relevant_categories:
        return []
    people, answers = _pool_rows(assembly, checks, only_registered=True)
    found = {
        row.reference: (row.id, listed)
        for row in people
        if (listed := _problems(checks, row.date_of_birth, row.postcode or "", answers[row.id]))
    }
    shown = sorted(found)[:limit]
    if not shown:
        return []
    by_id = {
        registrant.id: registrant
        for registrant in db.session.scalars(
            select(Registrant).where(Registrant.id.in_([found[ref][0] for ref in shown]))
        )
    }
    return [(by_id[found[ref][0]], found[ref][1]) for ref in shown]


def flag_pool(assembly: Assembly, today: date | None = None) -> int:
    """Recompute every registration's consistency note (after an import or a new postcode
    table); return how many are flagged."""
    checks = load_checks(assembly, today or date.today())
    if not checks.relevant_categories:
        # Nothing to check against: clear notes left by a table since replaced.
        db.session.execute(
            update(Registrant)
            .where(Registrant.assembly_id == assembly.id, Registrant.consistency_note != "")
            .values(consistency_note="")
            .execution_options(synchronize_session=False)
        )
        return 0
    people, answers = _pool_rows(assembly, checks, only_registered=False)
    flagged = 0
    changed = []
    for row in people:
        note = note_for(checks, row.date_of_birth, row.postcode or "", answers[row.id])
        flagged += bool(note)
        if note != row.consistency_note:
            changed.append({"rid": row.id, "note": note})
    if changed:
        # One statement run for every changed row (executemany), not one per row.
        db.session.execute(
            update(Registrant.__table__)
            .where(Registrant.__table__.c.id == bindparam("rid"))
            .values(consistency_note=bindparam("note")),
            changed,
        )
    db.session.flush()
    return flagged
