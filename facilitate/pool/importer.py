"""Import registrants collected elsewhere: map columns, validate every row, insert all or none.

Possible duplicates (within the file and against the pool) do not stop an import: they are
listed by line like errors, and the organiser may import anyway with those rows flagged.
"""

import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.bulk import reserve_ids, rows_referred_to, table_defaults, writer
from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.models import (
    Assembly,
    QuotaValue,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
    User,
)
from facilitate.pool import consistency, duplicates, import_languages
from facilitate.registration.services import new_references
from facilitate.tabular import RowError, read_table

#: Fields a column can feed, with the header spellings we recognise.
FIELDS = {
    "external_id": ("id", "external_id", "nationbuilder_id", "ref", "reference"),
    "first_name": ("first_name", "firstname", "first name", "vorname", "prénom", "prenom"),
    "last_name": ("last_name", "lastname", "last name", "surname", "nachname", "nom"),
    "email": ("email", "e-mail", "mail", "courriel"),
    "phone": ("phone", "mobile", "mobile_number", "telefon", "téléphone", "telephone"),
    "address": ("address", "street", "primary_address1", "adresse", "strasse", "straße"),
    "postcode": ("postcode", "zip", "primary_zip", "plz", "code postal", "postal_code"),
    "date_of_birth": ("date_of_birth", "dob", "birthdate", "geburtsdatum", "date de naissance"),
    "household": ("household", "household_id", "haushalt", "ménage"),
    "language": import_languages.HEADERS,
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


@dataclass(slots=True)
class ImportRow:
    """One valid row. Slots, not a dict: 100,000 dicts of a dozen keys cost 60 MB more."""

    line: int
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    postcode: str
    date_of_birth: date | None
    address_key: str
    household_key: str
    #: A working language's code; "" for the assembly's own.
    language: str
    #: The value id answered for each quota category, in the assembly's category order.
    answers: tuple[int, ...]


@dataclass
class Checked:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: Possible duplicates, by line: they flag rows, they do not stop the import.
    duplicates: list[RowError] = field(default_factory=list)
    #: Row position → why it may be a duplicate, for import_rows to keep on the registrant.
    flags: dict[int, str] = field(default_factory=dict)
    total: int = 0


def auto_mapping(header: list[str], assembly: Assembly) -> dict[str, str]:
    """Guess what each column holds: a field name, "category:<id>", or "" to ignore."""
    by_name = {c.name.strip().lower(): f"category:{c.id}" for c in assembly.categories}
    mapping = {}
    for column in header:
        key = column.strip().lower()
        target = by_name.get(key, "")
        for name, spellings in FIELDS.items():
            if key in spellings:
                target = name
        mapping[column] = target
    return mapping


@lru_cache(maxsize=50_000)
def _parse_date(text: str) -> date:
    # Cached: birth dates repeat across a pool, and one date object per day saves memory too.
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def check_rows(data: bytes, filename: str, mapping: dict[str, str], assembly: Assembly) -> Checked:
    """Validate every row against the mapping; raises TableError for an unreadable file."""
    table = read_table(data, filename)
    index = {column: i for i, column in enumerate(table.header)}
    targets = {target: column for column, target in mapping.items() if target}
    result = Checked()
    for category in assembly.categories:
        if f"category:{category.id}" not in targets:
            result.errors.append(
                RowError(1, "", _("No column is mapped to “%(c)s”.", c=category.name))
            )
    if result.errors:
        return result
    rules = _Rules(
        # Each field's cell position, or None when no column feeds it.
        {target: index[column] for target, column in targets.items()},
        targets,
        len(table.header),
        # Plain values: reading the models' attributes for each of 100,000 rows costs seconds.
        [
            (f"category:{c.id}", c.name, {v.name.strip().lower(): v.id for v in c.values})
            for c in assembly.categories
        ],
        import_languages.spellings(assembly.working_languages),
        ", ".join(assembly.working_languages),
    )
    seen_ids: dict[str, int] = {}
    for line, cells in table.rows:
        result.total += 1
        row, problems = _check_row(line, cells, rules, seen_ids)
        if problems:
            result.errors.extend(problems)
        else:
            result.rows.append(row)
    if result.total == 0:
        result.errors.append(RowError(2, "", _("The file has a header but no rows.")))
    _find_duplicates(result, targets, assembly)
    return result


def _person(index: int, row: ImportRow) -> duplicates.Person:
    return duplicates.Person.of(
        index,
        row.email,
        row.phone,
        row.household_key,
        row.first_name,
        row.last_name,
        row.date_of_birth,
    )


def _find_duplicates(result: Checked, targets: dict[str, str], assembly: Assembly) -> None:
    """Flag each valid row that may be an earlier row or a registrant already in the pool."""
    rows = result.rows
    columns = {
        "email": targets.get("email"),
        "phone": targets.get("phone"),
        "household": targets.get("household") or targets.get("address"),
        "name": targets.get("last_name") or targets.get("first_name"),
    }
    # Only hashes and row positions are indexed; a row is described again when one is shared.
    in_file = duplicates.Index(
        (_person(i, row) for i, row in enumerate(rows)), lambda i: _person(i, rows[i])
    )
    line_word = _("line %(l)d")  # translated once, not once per flagged row
    found: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for (earlier, later), why in sorted(in_file.pairs().items(), key=lambda pair: pair[0][::-1]):
        found.setdefault(later, []).append((line_word % {"l": rows[earlier].line}, why))
    # The pool streams past the file's index, so it is never held in memory whole.
    in_pool: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
    for registrant in duplicates.pool_people(assembly.id):
        for i, why in in_file.matches(registrant).items():
            in_pool.setdefault(i, []).append((registrant.key, why))
    references = _references({i for matches in in_pool.values() for i, _why in matches})
    for position, matches in in_pool.items():
        found.setdefault(position, []).extend((references[i], why) for i, why in sorted(matches))
    describe = duplicates.describer()
    for position in sorted(found):
        notes = [describe(why, other) for other, why in found[position]]
        result.flags[position] = "; ".join(notes)[:300]
        result.duplicates.extend(
            RowError(rows[position].line, columns[why[0]] or "", note)
            for (_other, why), note in zip(found[position], notes, strict=True)
        )


def _references(ids: set[int]) -> dict[int, str]:
    found, ordered = {}, sorted(ids)
    for start in range(0, len(ordered), 1000):
        found.update(
            db.session.execute(
                select(Registrant.id, Registrant.reference).where(
                    Registrant.id.in_(ordered[start : start + 1000])
                )
            ).all()
        )
    return found


@dataclass(frozen=True, slots=True)
class _Rules:
    """What checking one row needs, worked out once for the whole file."""

    positions: dict[str, int]
    columns: dict[str, str]
    width: int
    #: (target, category name, value name folded → value id) in the assembly's category order.
    quota: list[tuple[str, str, dict[str, int]]]
    #: Spellings of the working languages → code.
    languages: dict[str, str]
    #: The working languages as an error message lists them.
    listed_languages: str


def _check_row(line, cells, rules: _Rules, seen_ids):
    if len(cells) < rules.width:
        cells = [*cells, *[""] * (rules.width - len(cells))]
    positions, columns = rules.positions, rules.columns

    def cell(target: str) -> str:
        position = positions.get(target)
        return "" if position is None else cells[position].strip()

    problems = []
    email = cell("email").lower()
    if email and not EMAIL.match(email):
        problems.append(
            RowError(line, columns["email"], _("“%(v)s” is not an email address", v=email))
        )
    born = cell("date_of_birth")
    date_of_birth = None
    if born:
        try:
            date_of_birth = _parse_date(born)
        except ValueError:
            problems.append(
                RowError(
                    line,
                    columns["date_of_birth"],
                    _("“%(v)s” is not a date (use YYYY-MM-DD)", v=born),
                )
            )
    external = cell("external_id")
    if external:
        if external in seen_ids:
            problems.append(
                RowError(
                    line,
                    columns["external_id"],
                    _("id “%(v)s” already on line %(l)d", v=external, l=seen_ids[external]),
                )
            )
        seen_ids.setdefault(external, line)
    language = cell("language")
    if language:
        # Most cells hold a code as written, found without folding.
        code = rules.languages.get(language) or rules.languages.get(import_languages.fold(language))
        if code is None:
            problems.append(
                RowError(
                    line,
                    columns["language"],
                    _(
                        "“%(v)s” is not a language of this assembly (%(languages)s)",
                        v=language,
                        languages=rules.listed_languages,
                    ),
                )
            )
        language = code
    answers = []
    for target, name, values in rules.quota:
        raw = cells[positions[target]].strip()
        value_id = values.get(raw.lower())
        if value_id is not None:
            answers.append(value_id)
        elif not raw:
            problems.append(RowError(line, columns[target], _("is empty")))
        else:
            problems.append(
                RowError(line, columns[target], _("“%(v)s” is not a value of %(c)s", v=raw, c=name))
            )
    if problems:
        return None, problems
    # Postcodes repeat across thousands of rows: one string each, not one per row.
    address, postcode = cell("address"), sys.intern(cell("postcode"))
    key = address_key(address, postcode)
    row = ImportRow(
        line,
        cell("first_name"),
        cell("last_name"),
        email,
        cell("phone"),
        address,
        postcode,
        date_of_birth,
        key,
        cell("household") or key,
        # Blank: the assembly's own language, as for anyone who did not choose (recipient_language).
        language or "",
        tuple(answers),
    )
    return row, problems


# fmt: off
#: What import_rows writes of each registrant, in this order (then defaults, then the id).
REGISTRANT_COLUMNS = (
    "assembly_id", "reference", "source", "status", "first_name", "last_name", "email", "phone",
    "address", "postcode", "date_of_birth", "household_key", "address_key", "language",
    "duplicate_note", "consistency_note", "created_at", "updated_at",
)
# fmt: on
ANSWER_COLUMNS = ("registrant_id", "category_id", "value_id")


def import_rows(
    assembly: Assembly,
    rows: list[ImportRow],
    batch: int = 5000,
    *,
    actor: User | None,
    flags: dict[int, str] | None = None,
) -> int:
    """Insert checked rows in bulk, flagged as `flags` says (the caller commits once)."""
    flags = flags or {}
    now = datetime.now(UTC)
    checks = consistency.load_checks(assembly, now.date())
    registrants, answers = Registrant.__table__, RegistrantAnswer.__table__
    category_of = {v.id: c.id for c in assembly.categories for v in c.values}
    ids = reserve_ids(registrants, len(rows))
    other, defaults = table_defaults(registrants, (*REGISTRANT_COLUMNS, "id"))
    columns = [*REGISTRANT_COLUMNS, *other, *(["id"] if ids else [])]
    status = RegistrantStatus.REGISTERED.value
    # Every foreign key written below is the assembly, one of its quota values, or a registrant
    # written just before its answers: what rows_referred_to asks of its caller.
    held = {Assembly.__table__: [assembly.id], QuotaValue.__table__: list(category_of)}
    with rows_referred_to(held), writer() as write:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            references = new_references(len(chunk))
            people = [
                (
                    assembly.id,
                    reference,
                    "import",
                    status,
                    row.first_name,
                    row.last_name,
                    row.email,
                    row.phone,
                    row.address,
                    row.postcode,
                    row.date_of_birth,
                    row.household_key,
                    row.address_key,
                    row.language,
                    flags.get(position, ""),
                    consistency.note_for(checks, row.date_of_birth, row.postcode, row.answers),
                    now,
                    now,
                    *defaults,
                )
                for position, row, reference in zip(
                    range(start, start + len(chunk)), chunk, references, strict=True
                )
            ]
            if ids:
                new_ids = ids[start : start + len(chunk)]
                people = [(*person, new_id) for person, new_id in zip(people, new_ids, strict=True)]
                write(registrants, columns, people)
            else:
                write(registrants, columns, people)
                # References are unique, so they find the new ids without RETURNING (slow in bulk).
                found = dict(
                    db.session.execute(
                        select(registrants.c.reference, registrants.c.id).where(
                            registrants.c.reference.in_(references)
                        )
                    ).all()
                )
                new_ids = [found[reference] for reference in references]
            write(
                answers,
                ANSWER_COLUMNS,
                [
                    (registrant_id, category_of[value_id], value_id)
                    for registrant_id, row in zip(new_ids, chunk, strict=True)
                    for value_id in row.answers
                ],
            )
    db.session.flush()
    record_action(actor, "pool.import", assembly, after={"rows": len(rows)})
    return len(rows)
