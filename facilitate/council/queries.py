"""What the council's pages show: the seat timeline, assemblies with their answers, topics."""

from dataclasses import dataclass
from datetime import date, timedelta

from facilitate.council import convening
from facilitate.extensions import db
from facilitate.models.council import (
    Council,
    CouncilBallot,
    CouncilMeeting,
    CouncilRotation,
    CouncilTopic,
    TopicStatus,
)
from facilitate.months import add_months

#: Chart geometry (SVG user units).
LABEL_W, CHART_W, ROW_H = 70, 560, 14


@dataclass
class Bar:
    x: float
    width: float
    y: float
    css: str
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    row_h: int
    bars: list
    seats: list
    ticks: list
    today_x: float | None
    next_end: date | None
    next_count: int


def timeline(council: Council, today: date) -> Timeline:
    """Lay out who sits in which seat when, two years back and one term ahead."""
    start = add_months(today, -24)
    end = add_months(today, council.term_months)
    days = (end - start).days or 1
    row_h = ROW_H if council.seats <= 40 else 6

    def x_of(day: date) -> float:
        day = min(max(day, start), end)
        return round(LABEL_W + CHART_W * (day - start).days / days, 1)

    sitting = [t for t in council.terms if t.sits_on(today)]
    next_end = min((t.ends_on for t in sitting), default=None)
    bars = []
    for term in council.terms:
        finish = term.left_on or term.ends_on
        if finish < start or term.starts_on > end:
            continue
        if term.sits_on(today):
            css = "chart-short" if term.ends_on == next_end else "chart-pool"
        else:
            css = "chart-window" if term.starts_on <= today else "chart-track"
        bars.append(
            Bar(
                x_of(term.starts_on),
                max(x_of(finish) - x_of(term.starts_on), 1),
                (term.seat - 1) * row_h + 2,
                css,
                f"{term.starts_on.isoformat()} – {finish.isoformat()}",
            )
        )
    ticks, year = [], start.year + 1
    while date(year, 1, 1) <= end:
        ticks.append((x_of(date(year, 1, 1)), year))
        year += 1
    return Timeline(
        LABEL_W + CHART_W + 10,
        council.seats * row_h + 24,
        row_h,
        bars,
        [((s - 1) * row_h + row_h - 2, s) for s in range(1, council.seats + 1)],
        ticks,
        x_of(today),
        next_end,
        sum(1 for t in sitting if t.ends_on == next_end),
    )


def convened_with_states(council: Council):
    """Return (convened assembly, its recommendations) pairs, newest first."""
    return [(c, convening.recommendation_states(c)) for c in convening.convened_assemblies(council)]


def public_topics(council: Council) -> list[CouncilTopic]:
    """Return the proposals the public sees (all but council members' unsigned drafts)."""
    return [
        t
        for t in db.session.scalars(
            db.select(CouncilTopic)
            .filter_by(council_id=council.id)
            .order_by(CouncilTopic.created_at.desc())
        )
        if not (t.status is TopicStatus.GATHERING and t.source.value == "council_members")
    ]


def _newest_first(model, council: Council, column) -> list:
    """Return the council's rows of `model`, newest (by `column`) first."""
    query = db.select(model).filter_by(council_id=council.id).order_by(column.desc())
    return list(db.session.scalars(query))


def topics(council: Council) -> list[CouncilTopic]:
    """Return every proposal, newest first."""
    return _newest_first(CouncilTopic, council, CouncilTopic.created_at)


def meetings(council: Council) -> list[CouncilMeeting]:
    """Return the council's meetings, latest first."""
    return _newest_first(CouncilMeeting, council, CouncilMeeting.held_on)


def rotations(council: Council) -> list[CouncilRotation]:
    """Return the draws held, latest first."""
    return _newest_first(CouncilRotation, council, CouncilRotation.held_on)


def open_ballots(council: Council) -> list[CouncilBallot]:
    """Return the ballots open to the members' votes."""
    return list(
        db.session.scalars(
            db.select(CouncilBallot)
            .filter_by(council_id=council.id)
            .where(CouncilBallot.opened_at.is_not(None), CouncilBallot.closed_at.is_(None))
            .order_by(CouncilBallot.id)
        )
    )


def ballots(council: Council) -> list[CouncilBallot]:
    """Return every ballot, latest first."""
    return list(
        db.session.scalars(
            db.select(CouncilBallot)
            .filter_by(council_id=council.id)
            .order_by(CouncilBallot.id.desc())
        )
    )


def soon(day: date, today: date, weeks: int = 4) -> bool:
    """Say whether `day` is within a few weeks from today."""
    return today <= day <= today + timedelta(weeks=weeks)
