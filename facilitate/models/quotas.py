"""Quota categories and their values: the targets the panel must meet."""

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db


class QuotaCategory(db.Model):
    """A dimension the panel is balanced on, such as gender or age band."""

    __table_args__ = (UniqueConstraint("assembly_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)

    assembly: Mapped["Assembly"] = relationship(back_populates="categories")  # noqa: F821
    values: Mapped[list["QuotaValue"]] = relationship(
        back_populates="category",
        cascade="all, delete-orphan",
        order_by="QuotaValue.position, QuotaValue.id",
    )


class QuotaValue(db.Model):
    """One value of a category with its population share and seat bounds."""

    __table_args__ = (UniqueConstraint("category_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("quota_category.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    #: Share of the population with this value, in percent (0–100); None if unknown.
    population_share: Mapped[float | None] = mapped_column(Float)
    #: Inclusive bounds on the number of seats.
    min_seats: Mapped[int] = mapped_column(Integer, default=0)
    max_seats: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[QuotaCategory] = relationship(back_populates="values")
