"""Take erased people out of uploads that were staged for import but never imported.

An abandoned upload is the raw file; importing it later would bring the person back. Their
rows are dropped and the rest written back as CSV under the same header, so the saved column
mapping still applies; an upload with nobody left is deleted.
"""

import csv
import io
import json
from collections import defaultdict
from pathlib import PurePath

from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, PoolImport
from facilitate.tabular import TableError, read_table


def scrub(entries) -> None:
    """Remove the rows of the erased people (ledger entries) from their assemblies' uploads."""
    by_assembly = defaultdict(lambda: (set(), set()))
    for e in entries:
        emails, names = by_assembly[e.assembly_id]
        if e.email_key:
            emails.add(e.email_key)
        if e.name_key:
            names.add(e.name_key)
    for assembly_id, (emails, names) in by_assembly.items():
        if not emails and not names:
            continue
        uploads = db.session.scalars(select(PoolImport).filter_by(assembly_id=assembly_id))
        for upload in uploads.all():
            _scrub_one(upload, emails, names)


def _columns(upload: PoolImport, header: list[str]) -> dict[str, list[int]]:
    from facilitate.pool.importer import auto_mapping

    mapping = json.loads(upload.mapping or "{}") or auto_mapping(
        header, db.session.get(Assembly, upload.assembly_id)
    )
    found = defaultdict(list)
    for index, column in enumerate(header):
        found[mapping.get(column, "")].append(index)
    return found


def _scrub_one(upload: PoolImport, emails: set[str], names: set[str]) -> None:
    from facilitate.erasure.ledger import email_key, name_key

    try:
        table = read_table(upload.content, upload.filename)
    except TableError:
        db.session.delete(upload)  # unreadable, so it cannot be cleaned: nothing to keep
        return
    columns = _columns(upload, table.header)

    def cells(row, field):
        return [row[i] for i in columns.get(field, []) if i < len(row) and row[i].strip()]

    def holds_erased(row) -> bool:
        # Without a mapped e-mail column, any cell that is the address counts.
        row_emails = cells(row, "email") if columns.get("email") else row
        if any(email_key(cell) in emails for cell in row_emails):
            return True
        if cells(row, "email"):
            return False  # someone else of the same name
        firsts, lasts = cells(row, "first_name"), cells(row, "last_name")
        return any(name_key(f, last) in names for f in firsts for last in lasts)

    rows = [row for _line, row in table.rows]
    kept = [row for row in rows if not holds_erased(row)]
    if len(kept) == len(rows):
        return
    if not kept:
        db.session.delete(upload)
        return
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(kept)
    upload.content = out.getvalue().encode("utf-8")
    name = PurePath(upload.filename)
    if name.suffix.lower() not in (".csv", ".txt"):
        upload.filename = f"{name.stem}.csv"[:255]
