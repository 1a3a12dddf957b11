"""The postcode→area table an organiser uploads to check postcodes against the area answered."""

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Assembly, User
from facilitate.models.corrections import PostcodeArea
from facilitate.pool import consistency
from facilitate.tabular import RowError, TableError, read_table

#: More rows than any country has postcode districts, and few enough to check in a request.
MAX_ROWS = 200_000
AREA_LENGTH = 120
POSTCODE_LENGTH = 20


def parse_postcode_table(data: bytes, filename: str) -> tuple[dict[str, str], list[RowError]]:
    """Read a postcode,area file into normalised postcode → area, with every line's problem."""
    table = read_table(data, filename)
    columns = {name.strip().lower(): position for position, name in enumerate(table.header)}
    if "postcode" not in columns or "area" not in columns:
        raise TableError(_("The first line must name the columns “postcode” and “area”."))
    at_code, at_area = columns["postcode"], columns["area"]
    found: dict[str, str] = {}
    errors: list[RowError] = []
    for line, cells in table.rows:
        if len(found) >= MAX_ROWS:
            raise TableError(_("The table has more than %(n)d lines.", n=MAX_ROWS))
        raw = cells[at_code].strip() if at_code < len(cells) else ""
        area = cells[at_area].strip() if at_area < len(cells) else ""
        code = consistency.normalise_postcode(raw)
        if not code:
            errors.append(RowError(line, table.header[at_code], _("No postcode.")))
        elif len(code) > POSTCODE_LENGTH or code != raw.upper().replace("-", "").replace(" ", ""):
            errors.append(
                RowError(line, table.header[at_code], _("“%(p)s” is not a postcode.", p=raw[:40]))
            )
        elif not area:
            errors.append(RowError(line, table.header[at_area], _("No area.")))
        elif len(area) > AREA_LENGTH:
            errors.append(RowError(line, table.header[at_area], _("The area name is too long.")))
        elif found.get(code, area) != area:
            errors.append(
                RowError(
                    line,
                    table.header[at_code],
                    _("%(p)s is given two areas: %(a)s and %(b)s.", p=raw, a=found[code], b=area),
                )
            )
        else:
            found[code] = area
    if not found and not errors:
        raise TableError(_("The file holds no postcodes."))
    return found, errors


def replace_postcode_table(
    assembly: Assembly, table: dict[str, str], *, actor: User | None, filename: str
) -> int:
    """Replace the assembly's postcode table, flag the pool against it; return those flagged."""
    db.session.execute(delete(PostcodeArea).where(PostcodeArea.assembly_id == assembly.id))
    rows = [{"assembly_id": assembly.id, "postcode": p, "area": a} for p, a in table.items()]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(PostcodeArea), rows[start : start + 5000])
    flagged = consistency.flag_pool(assembly)
    record_action(
        actor,
        "pool.upload_postcodes",
        assembly.id,
        target=f"file:{filename[:200]}",
        after={"postcodes": len(table), "areas": len(set(table.values())), "flagged": flagged},
    )
    return flagged


def table_summary(assembly: Assembly) -> tuple[int, list[tuple[str, int]]]:
    """Return how many postcodes the table holds and how many fall in each area."""
    rows = db.session.execute(
        select(PostcodeArea.area, func.count())
        .where(PostcodeArea.assembly_id == assembly.id)
        .group_by(PostcodeArea.area)
        .order_by(PostcodeArea.area)
    ).all()
    return sum(n for _area, n in rows), [(area, n) for area, n in rows]
