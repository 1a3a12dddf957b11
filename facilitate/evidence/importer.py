"""Import submissions collected elsewhere (paper, email, another platform): check, then all or none."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _

from facilitate.audit.services import record_action
from facilitate.evidence import services
from facilitate.evidence.forms import MAX_TEXT
from facilitate.models import Assembly, User
from facilitate.models.evidence import Publication, Stance, SubmitterType
from facilitate.tabular import RowError, read_table

#: Columns we read, with the header spellings we recognise.
COLUMNS = {
    "text": ("text", "submission", "body", "content", "text der eingabe", "contribution"),
    "submitter_type": ("submitter_type", "type", "submitter type"),
    "name": ("name", "author"),
    "email": ("email", "e-mail"),
    "organisation": ("organisation", "organization", "organisation name"),
    "funding": ("funding", "funded by"),
    "lobbies": ("lobbies", "lobbying"),
    "publication": ("publication", "publish", "consent"),
    "theme": ("theme", "topic"),
    "stance": ("stance", "position"),
    "received_on": ("received_on", "date", "received"),
}
YES = {"yes", "y", "true", "1", "ja", "oui"}
NO = {"no", "n", "false", "0", "nein", "non"}


@dataclass
class Checked:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, column in enumerate(header):
        key = column.strip().lower()
        for name, spellings in COLUMNS.items():
            if key in spellings and name not in found:
                found[name] = index
    return found


def check_rows(data: bytes, filename: str, themes: list[str]) -> Checked:
    """Read every row and say what is wrong with each; raise TableError for an unreadable file."""
    table = read_table(data, filename)
    columns = _columns(table.header)
    checked = Checked()
    if "text" not in columns:
        checked.errors.append(RowError(1, "text", _("No column named “text” was found.")))
        return checked
    for line, cells in table.rows:
        values = {
            name: cells[index].strip() if index < len(cells) else ""
            for name, index in columns.items()
        }
        row, errors = _check_row(line, values, themes)
        checked.errors.extend(errors)
        if not errors:
            checked.rows.append(row)
    if not checked.rows and not checked.errors:
        checked.errors.append(RowError(2, "", _("The file has no submissions.")))
    return checked


def _check_row(line: int, values: dict, themes: list[str]) -> tuple[dict, list[RowError]]:
    errors = []

    def refuse(column, message):
        errors.append(RowError(line, column, message))

    text = values.get("text", "")
    if not text:
        refuse("text", _("The submission text is empty."))
    elif len(text) > MAX_TEXT:
        refuse("text", _("The text is longer than %(n)d characters.", n=MAX_TEXT))
    kind = (values.get("submitter_type") or "individual").lower().replace(" ", "_")
    if kind not in {k.value for k in SubmitterType}:
        refuse("submitter_type", _("Unknown submitter type “%(v)s”.", v=values["submitter_type"]))
    elif kind != "individual" and not values.get("organisation"):
        refuse("organisation", _("An organisation's submission needs its name."))
    # Without a recorded choice we may not publish: the safe default is private.
    publication = (values.get("publication") or "private").lower()
    if publication not in {p.value for p in Publication}:
        refuse("publication", _("Publication must be named, anonymous or private."))
    stance = (values.get("stance") or "").lower()
    if stance and stance not in {s.value for s in Stance}:
        refuse("stance", _("Unknown stance “%(v)s”.", v=values["stance"]))
    theme = values.get("theme", "")
    if theme and themes and theme not in themes:
        refuse("theme", _("“%(v)s” is not one of the assembly's themes.", v=theme))
    lobbies_text = (values.get("lobbies") or "").lower()
    if lobbies_text and lobbies_text not in YES | NO:
        refuse("lobbies", _("Write yes or no."))
    received = None
    if values.get("received_on"):
        try:
            received = datetime.fromisoformat(values["received_on"]).replace(tzinfo=UTC)
        except ValueError:
            refuse("received_on", _("Write the date as YYYY-MM-DD."))
    row = {
        **values,
        "text": text,
        "submitter_type": kind,
        "publication": publication,
        "stance": stance,
        "lobbies": True if lobbies_text in YES else False if lobbies_text in NO else None,
        "received_on": received,
    }
    return row, errors


def import_rows(assembly: Assembly, rows: list[dict], *, actor: User) -> int:
    """Record the checked rows as pending submissions and log who imported how many."""
    count = services.import_submissions(assembly, rows)
    record_action(actor, "evidence.import", assembly, after={"rows": count})
    return count
