"""Counters shared by every worker when there is no Redis, and forms that may be sent once."""

from datetime import datetime

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime


class RateLimitCounter(db.Model):
    """One fixed window of one rate limit (Flask-Limiter's key), counted in the database."""

    #: Flask-Limiter's key, or its SHA-256 when longer than the column.
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    #: Seconds since the epoch when the window closes; the limits library counts in those.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class SpentFormToken(db.Model):
    """A public form's one-time token that has been used: the same form is not taken twice."""

    #: SHA-256 of the token's nonce, so the table holds nothing that could be replayed.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: After this the token is too old to be accepted anyway and the row can go.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
