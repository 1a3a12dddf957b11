"""Corrections to a registrant's answers, and the postcode→area table that checks them."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow
from facilitate.models.registrants import Registrant


class RegistrantCorrection(db.Model):
    """One field of a registration changed after the fact, with what it was and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    registrant_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), index=True
    )
    #: "date_of_birth", "postcode" or "category:<id>".
    field: Mapped[str] = mapped_column(String(40))
    #: What the page calls the field at the time (a category's name may change later).
    label: Mapped[str] = mapped_column(String(80))
    #: As shown to people (a value's name, an ISO date); "" for none. Erasure blanks them.
    old_value: Mapped[str] = mapped_column(String(120), default="")
    new_value: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    #: True when the person corrected their own answers through their private link.
    by_registrant: Mapped[bool] = mapped_column(default=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    #: Read-only both ways: corrections are written by pool/corrections.py alone, and the
    #: registrant's page reads `registrant.corrections` as its history.
    registrant: Mapped[Registrant] = relationship(
        viewonly=True,
        backref=backref("corrections", viewonly=True, order_by="RegistrantCorrection.id"),
    )


class PostcodeArea(db.Model):
    """A postcode, or the start of one, and the area it lies in, uploaded by organisers."""

    __table_args__ = (UniqueConstraint("assembly_id", "postcode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: Normalised: capitals and digits only ("SW1A 1AA" → "SW1A1AA"); may be a prefix ("SW1A").
    postcode: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(120))
