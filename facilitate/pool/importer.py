"""Import registrants collected elsewhere: map columns, validate every row, insert all or none."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.audit.services import record_action
from facilitate.bulk import bulk_insert, reserve_ids
from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.models import Assembly, Registrant, RegistrantAnswer, RegistrantStatus, User
from facilitate.registration.services import new_reference
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
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


@dataclass
class Checked:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
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


def _parse_date(text: str) -> date:
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
    values = {c.id: {v.name.strip().lower(): v.id for v in c.values} for c in assembly.categories}
    seen_ids: dict[str, int] = {}
    for line, cells in table.rows:
        result.total += 1
        row, problems = _check_row(line, cells, index, targets, assembly, values, seen_ids)
        if problems:
            result.errors.extend(problems)
        else:
            result.rows.append(row)
    if result.total == 0:
        result.errors.append(RowError(2, "", _("The file has a header but no rows.")))
    return result


def _check_row(line, cells, index, targets, assembly, values, seen_ids):
    def cell(target: str) -> str:
        column = targets.get(target)
        if column is None:
            return ""
        position = index[column]
        return cells[position].strip() if position < len(cells) else ""

    problems = []
    row = {"answers": {}}
    for name in ("first_name", "last_name", "phone", "address", "postcode"):
        row[name] = cell(name)
    email = cell("email").lower()
    if email and not EMAIL.match(email):
        problems.append(
            RowError(line, targets["email"], _("“%(v)s” is not an email address", v=email))
        )
    row["email"] = email
    born = cell("date_of_birth")
    row["date_of_birth"] = None
    if born:
        try:
            row["date_of_birth"] = _parse_date(born)
        except ValueError:
            problems.append(
                RowError(
                    line,
                    targets["date_of_birth"],
                    _("“%(v)s” is not a date (use YYYY-MM-DD)", v=born),
                )
            )
    external = cell("external_id")
    if external:
        if external in seen_ids:
            problems.append(
                RowError(
                    line,
                    targets["external_id"],
                    _("id “%(v)s” already on line %(l)d", v=external, l=seen_ids[external]),
                )
            )
        seen_ids.setdefault(external, line)
    row["address_key"] = address_key(row["address"], row["postcode"])
    row["household_key"] = cell("household") or row["address_key"]
    for category in assembly.categories:
        column = targets[f"category:{category.id}"]
        raw = cell(f"category:{category.id}")
        value_id = values[category.id].get(raw.lower())
        if not raw:
            problems.append(RowError(line, column, _("is empty")))
        elif value_id is None:
            problems.append(
                RowError(line, column, _("“%(v)s” is not a value of %(c)s", v=raw, c=category.name))
            )
        else:
            row["answers"][category.id] = value_id
    return row, problems


def import_rows(
    assembly: Assembly, rows: list[dict], batch: int = 5000, *, actor: User | None
) -> int:
    """Insert checked rows in bulk (the caller commits once, so it is all or nothing)."""
    now = datetime.now(UTC)
    registrants, answers = Registrant.__table__, RegistrantAnswer.__table__
    existing = set(
        db.session.scalars(
            select(Registrant.email).where(
                Registrant.assembly_id == assembly.id, Registrant.email != ""
            )
        )
    )
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        params = []
        for row in chunk:
            duplicate = row["email"] and row["email"] in existing
            existing.add(row["email"])
            params.append(
                {
                    "assembly_id": assembly.id,
                    "reference": new_reference(),
                    "source": "import",
                    "status": RegistrantStatus.REGISTERED.value,
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "email": row["email"],
                    "phone": row["phone"],
                    "address": row["address"],
                    "postcode": row["postcode"],
                    "date_of_birth": row["date_of_birth"],
                    "household_key": row["household_key"],
                    "address_key": row["address_key"],
                    "duplicate_note": _("same email as another registrant") if duplicate else "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        reserved = reserve_ids(registrants, len(params))
        if reserved:
            for p, new_id in zip(params, reserved, strict=True):
                p["id"] = new_id
        bulk_insert(registrants, params)
        if reserved:
            ids = {p["reference"]: p["id"] for p in params}
        else:
            # References are unique, so they find the new ids without RETURNING (slow in bulk).
            ids = dict(
                db.session.execute(
                    select(registrants.c.reference, registrants.c.id).where(
                        registrants.c.reference.in_([p["reference"] for p in params])
                    )
                ).all()
            )
        bulk_insert(
            answers,
            [
                {
                    "registrant_id": ids[p["reference"]],
                    "category_id": category_id,
                    "value_id": value_id,
                }
                for p, row in zip(params, chunk, strict=True)
                for category_id, value_id in row["answers"].items()
            ],
        )
    db.session.flush()
    record_action(actor, "pool.import", assembly, after={"rows": len(rows)})
    return len(rows)
