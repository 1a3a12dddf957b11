"""Secrets a person is shown once (ballot receipts, backup codes, private links)."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime


class ShownOnce(db.Model):
    """A sealed value waiting to be shown; the key that opens it lives only in the cookie."""

    #: Random, and no user: the row says nothing of whose secret it is.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: Fernet ciphertext under a key generated for this row alone.
    sealed: Mapped[str] = mapped_column(Text)
    #: Rounded up to the hour, so it dates the row no better than that.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
