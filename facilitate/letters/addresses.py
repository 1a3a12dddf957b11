"""Read an address file into letter fields, finding the columns by their usual names."""

import csv
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitate.refusals import Refused
from facilitate.tabular import TableError, read_table

#: The letter fields, in the order of the mail merge.
FIELDS = ("recipient", "address", "postcode", "area")

FIELD_LABELS = {
    "recipient": _l("recipient name"),
    "address": _l("address"),
    "postcode": _l("postcode"),
    "area": _l("area"),
}

#: Header spellings recognised for each field (compared lower-case, spaces normalised).
COLUMN_ALIASES = {
    "recipient": (
        "name", "full name", "recipient", "recipient name", "addressee",
        "nom", "nom complet", "destinataire", "empfänger", "vollständiger name",
    ),
    "address": (
        "address", "street", "street address", "address line 1", "adresse", "anschrift",
        "straße", "strasse", "straße und hausnummer", "rue", "voie",
    ),
    "postcode": (
        "postcode", "post code", "postal code", "zip", "zip code", "zipcode",
        "plz", "postleitzahl", "code postal", "cp", "npa",
    ),
    "area": (
        "area", "district", "ward", "municipality", "gemeinde", "bezirk", "ortsteil",
        "stadtteil", "commune", "quartier", "arrondissement",
    ),
}  # fmt: skip

#: Longest text each letter field holds (the Letter columns' sizes).
MAX_LENGTHS = {"recipient": 200, "address": 300, "postcode": 20, "area": 120}

#: Row problems shown before "and N more"; a wrong file would otherwise list thousands.
MAX_ERRORS = 20


@dataclass(frozen=True)
class Address:
    line: int
    recipient: str
    address: str
    postcode: str
    area: str
    #: The value of the stratification column ("" when not stratified).
    stratum: str = ""


class BadInput(Refused):
    """The draw cannot be made; `field` names the form field at fault, `header` the columns."""

    def __init__(self, messages: list[str], field: str | None = None, header=None):
        super().__init__(messages)
        self.messages = messages
        self.field = field
        self.header = header or []


def _simple(name: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", name.strip().lower()).strip()


def guess_columns(header: list[str]) -> dict[str, str]:
    """Return the column of `header` recognised for each field, or "" if none is."""
    simple = [_simple(h) for h in header]
    found = {}
    for field_name in FIELDS:
        match = next((i for i, h in enumerate(simple) if h in COLUMN_ALIASES[field_name]), None)
        found[field_name] = header[match] if match is not None else ""
    return found


def find_column(header: list[str], name: str) -> int | None:
    """Return the position of column `name` in `header`, ignoring case and spaces."""
    wanted = _simple(name)
    return next((i for i, h in enumerate(header) if _simple(h) == wanted), None)


def _resolve(header: list[str], chosen: dict[str, str], stratify: str) -> dict[str, int | None]:
    """Return the column position of each field and of the stratum; raise for unknown names."""
    guessed = guess_columns(header)
    positions: dict[str, int | None] = {}
    columns = ", ".join(f"“{h}”" for h in header)
    for field_name, name in [*chosen.items(), ("stratify", stratify)]:
        name = (name or "").strip()
        if not name:
            auto = guessed.get(field_name, "")
            positions[field_name] = find_column(header, auto) if auto else None
            continue
        positions[field_name] = find_column(header, name)
        if positions[field_name] is None:
            message = _(
                "The file has no column “%(c)s”. Its columns are: %(all)s.", c=name, all=columns
            )
            raise BadInput([message], field_name, header)
    if positions.get("address") is None:
        message = _(
            "No address column was found. Name it in “Address column”; the file's columns are: %(all)s.",
            all=columns,
        )
        raise BadInput([message], "address", header)
    return positions


def read_addresses(
    data: bytes, filename: str, chosen: dict[str, str], stratify: str = ""
) -> tuple[list[Address], dict[str, str]]:
    """Return every row as an Address and the columns used; raise BadInput for any fault.

    `chosen` maps fields to column names the organiser gave; a blank name is guessed.
    """
    try:
        table = read_table(data, filename)
    except TableError as error:
        raise BadInput([str(error)], "file") from None
    header = table.header
    positions = _resolve(header, {f: chosen.get(f, "") for f in FIELDS}, stratify)
    try:
        addresses, errors = _read_rows(table, positions)
    except csv.Error as error:
        message = _("The file cannot be read: %(e)s", e=str(error))
        raise BadInput([message], "file", header) from None
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(_("… and %(n)d more problems.", n=len(errors) - MAX_ERRORS))
        raise BadInput(shown, "file", header)
    if not addresses:
        raise BadInput([_("The file has a header but no addresses.")], "file", header)
    used = {name: header[p] if p is not None else "" for name, p in positions.items()}
    return addresses, used


def _read_rows(table, positions: dict[str, int | None]) -> tuple[list[Address], list[str]]:
    header = table.header
    addresses, errors = [], []
    for line, cells in table.rows:
        values = {}
        for name, position in positions.items():
            cell = cells[position] if position is not None and position < len(cells) else ""
            values[name] = " ".join(cell.split())
        for name in FIELDS:
            if positions[name] is not None and len(values[name]) > MAX_LENGTHS[name]:
                errors.append(
                    _(
                        "Line %(line)d, column “%(col)s”: longer than %(n)d characters.",
                        line=line,
                        col=header[positions[name]],
                        n=MAX_LENGTHS[name],
                    )
                )
        if not values["address"]:
            errors.append(
                _(
                    "Line %(line)d, column “%(col)s”: the address is empty.",
                    line=line,
                    col=header[positions["address"]],
                )
            )
        stratum = values.pop("stratify")
        addresses.append(Address(line=line, stratum=stratum, **values))
    return addresses, errors
