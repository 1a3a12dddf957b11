"""The erasure ledger: whom to erase again when an older backup is restored.

Each erasure is recorded in the `erasure` table and appended, after the commit, to a file
outside the database (ERASURE_LEDGER, by default `instance/erasures.ledger`): a restore
replaces the database, so only the file knows about erasures made after the backup was taken.
Neither holds a name or an address: the registrant's pseudonymous reference, the assembly's
id, and keyed hashes (HMAC-SHA256 with SECRET_KEY) of the e-mail and the name, which match a
staged upload's rows without revealing them.
"""

import hashlib
import hmac
import json
import logging
import os
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, select

from facilitate.after_commit import after_commit
from facilitate.extensions import db
from facilitate.models.erasures import Erasure
from facilitate.row_versions import purge_after_commit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    reference: str
    assembly_id: int | None
    email_key: str
    name_key: str


def _key(kind: str, value: str) -> str:
    value = " ".join(unicodedata.normalize("NFKC", value).casefold().split())
    if not value:
        return ""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def email_key(email: str) -> str:
    return _key("email", email)


def name_key(first: str, last: str) -> str:
    return _key("name", f"{first} {last}") if first.strip() and last.strip() else ""


def entry(reference: str, assembly_id: int | None, email: str, first: str, last: str) -> Entry:
    """Return the ledger entry for an erased registrant."""
    return Entry(reference, assembly_id, email_key(email), name_key(first, last))


def ledger_path() -> Path | None:
    """Return where the ledger file is kept; None when configured off (ERASURE_LEDGER = "")."""
    configured = current_app.config.get("ERASURE_LEDGER")
    if configured is None and "ERASURE_LEDGER" not in current_app.config:
        return Path(current_app.instance_path) / "erasures.ledger"
    return Path(configured) if configured else None


def record(entries: list[Entry], to_file: bool = True) -> None:
    """Add entries not yet in the ledger; append them to the file once the erasure commits."""
    known = set(
        db.session.scalars(
            select(Erasure.reference).where(Erasure.reference.in_([e.reference for e in entries]))
        )
    )
    new = [e for e in entries if e.reference not in known]
    db.session.add_all(Erasure(**asdict(e)) for e in new)
    path = ledger_path()
    if new and to_file and path is not None:
        lines = "".join(json.dumps(asdict(e), sort_keys=True) + "\n" for e in new)
        after_commit(db.session, lambda: _append(path, lines), key=f"ledger:{id(new)}")


def _append(path: Path, lines: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(lines)
        handle.flush()
        os.fsync(handle.fileno())


def read_file() -> list[Entry]:
    """Return the entries in the ledger file, oldest first."""
    path = ledger_path()
    if path is None or not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            found.append(Entry(**json.loads(line)))
    return found


class LedgerMissing(RuntimeError):
    """The restored database predates the erasure ledger: upgrade it first."""


def reapply() -> int:
    """Erase again everyone in the ledger file whom this database does not know as erased."""
    from facilitate.erasure import ERASED_TABLES, erase_registrants, staged
    from facilitate.models import Registrant

    if not inspect(db.engine).has_table(Erasure.__tablename__):
        raise LedgerMissing("this database has no erasure ledger yet; run `flask db upgrade`")
    entries = {e.reference: e for e in read_file()}
    known = set(db.session.scalars(select(Erasure.reference)))
    missing = [e for ref, e in entries.items() if ref not in known]
    if not missing:
        return 0
    erase_registrants(Registrant.reference.in_([e.reference for e in missing]), from_ledger=True)
    # People who were only in a staged upload when the backup was taken.
    staged.scrub(missing)
    record(missing, to_file=False)
    db.session.flush()
    purge_after_commit(db.session, ERASED_TABLES, compact=True, wait=True)
    return len(missing)
