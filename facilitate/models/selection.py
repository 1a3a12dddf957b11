"""Selection runs (the draw, as a background job) and the panel they produce."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


RUN_STATUS_LABELS = {
    RunStatus.QUEUED: _l("Waiting to start"),
    RunStatus.RUNNING: _l("Running"),
    RunStatus.SUCCEEDED: _l("Done"),
    RunStatus.FAILED: _l("Failed"),
}

RUN_STATUS_TYPE = string_enum(RunStatus)
ACTIVE = "status IN ('queued', 'running')"


class SelectionRun(db.Model):
    """One draw (or replacement draw), from the button press to its audit record."""

    __table_args__ = (
        # The database, not a check in Python, guarantees one active run per assembly:
        # two organisers pressing "run" at once get one run.
        Index(
            "uq_selection_run_one_active",
            "assembly_id",
            unique=True,
            sqlite_where=text(ACTIVE),
            postgresql_where=text(ACTIVE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: "selection" or "replacement".
    kind: Mapped[str] = mapped_column(String(20), default="selection")
    status: Mapped[RunStatus] = mapped_column(RUN_STATUS_TYPE, default=RunStatus.QUEUED)
    algorithm: Mapped[str] = mapped_column(String(20), default="leximin")
    seed: Mapped[str] = mapped_column(String(80))
    panels: Mapped[int] = mapped_column(Integer, default=1000)
    #: JSON of the other choices made when starting (public random number, household rule…).
    options: Mapped[str] = mapped_column(Text, default="{}")
    #: 0–100, written by the job as it goes.
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(500), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    #: The audit record (JSON) of a successful run; pseudonymous references only.
    record: Mapped[str] = mapped_column(Text, default="")
    min_probability: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[float | None] = mapped_column(Float)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Written every few seconds by the process running the draw; when it stops, that process
    #: died and the run no longer blocks a new one (selection/services.expire_stale_runs).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    seats: Mapped[list["PanelSeat"]] = relationship(back_populates="run")
    reserves: Mapped[list["PanelReserve"]] = relationship(
        back_populates="run", order_by="PanelReserve.position"
    )

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class PanelSeat(db.Model):
    """A registrant drawn onto the panel by a run."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int] = mapped_column(
        ForeignKey("selection_run.id", ondelete="CASCADE"), index=True
    )
    registrant_id: Mapped[int] = mapped_column(
        ForeignKey("registrant.id", ondelete="CASCADE"), unique=True
    )
    #: For a replacement: the seat of the person who dropped out.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_seat.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the person leaves the panel; a replacement draw fills the seat.
    dropped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    drop_reason: Mapped[str] = mapped_column(String(200), default="")

    run: Mapped[SelectionRun] = relationship(back_populates="seats")
    registrant: Mapped["Registrant"] = relationship()  # noqa: F821
    #: The seat of the member this one replaced.
    replaces: Mapped["PanelSeat | None"] = relationship(remote_side=[id])


class PanelReserve(db.Model):
    """A reserve drawn with the panel: when a member drops out, the first suitable one sits."""

    __table_args__ = (UniqueConstraint("run_id", "position", name="uq_panel_reserve_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int] = mapped_column(
        ForeignKey("selection_run.id", ondelete="CASCADE"), index=True
    )
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"))
    #: 1 for the first reserve: the list is used in this order (sortition/reserves.py).
    position: Mapped[int] = mapped_column(Integer)
    #: The seat this reserve took when a member dropped out; empty while they wait.
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("panel_seat.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    run: Mapped[SelectionRun] = relationship(back_populates="reserves")
    registrant: Mapped["Registrant"] = relationship()  # noqa: F821
    seat: Mapped[PanelSeat | None] = relationship()
