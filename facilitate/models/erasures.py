"""The erasure ledger: which people were erased, without anything that names them."""

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class Erasure(db.Model):
    """One person erased on request or purged; copied to a ledger file outside the database.

    A restore of an older backup brings the person back; the ledger file, which the restore
    reads, says whom to erase again. Nothing here names anyone: the pseudonymous reference
    (as in the audit log) and keyed hashes that only this server can compute.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registrant's pseudonymous reference, e.g. R7KQ2M9XPA.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    #: Copied, not a foreign key: the entry outlives the assembly.
    assembly_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: HMAC-SHA256 (keyed with SECRET_KEY) of the e-mail and of the name, or "" if none, so
    #: a staged upload restored from a backup can be cleaned of them too.
    email_key: Mapped[str] = mapped_column(String(64), default="")
    name_key: Mapped[str] = mapped_column(String(64), default="")
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
