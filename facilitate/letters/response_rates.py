"""Count the answers to the letters: per stratum, area or draw, letters sent and who registered.

A letter has answered when at least one eligible registration came with its code: the response
rate is letters answered ÷ letters sent, the household rate survey practice uses (a code may
let a household register more than one person, so registrations are counted beside it).
Eligible means registered or already drawn; withdrawn, ineligible and duplicate registrations
are counted as registrations but do not make a letter answered.
"""

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from facilitate.extensions import db
from facilitate.models import Assembly, Letter, LetterDraw, Registrant, RegistrantStatus

#: Registrations that count as an answer: the person may still be drawn, or was.
ANSWERING = (RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED)

#: The letter column each grouping counts by.
GROUPINGS = {"stratum": Letter.stratum, "area": Letter.area, "draw": Letter.draw_id}


@dataclass(frozen=True)
class Rate:
    label: str | int
    letters: int
    #: Every registration made with a letter of the group, whatever became of it.
    registrations: int
    #: Registrations still eligible (registered or drawn).
    eligible: int
    #: Letters with at least one eligible registration.
    answered: int

    @property
    def rate(self) -> float | None:
        """Return letters answered ÷ letters sent, or None when none was sent."""
        return self.answered / self.letters if self.letters else None

    @property
    def percent(self) -> float:
        """Return the rate in per cent, rounded to one decimal (0 when nothing was sent)."""
        return round(100 * (self.rate or 0), 1)


def rates_by(assembly: Assembly, grouping: str, draw_ids: list[int] | None = None) -> list[Rate]:
    """Return one Rate per value of `grouping` over the given draws (all when None), sorted."""
    column = GROUPINGS[grouping]
    scope = [Letter.assembly_id == assembly.id]
    if draw_ids is not None:
        scope.append(Letter.draw_id.in_(draw_ids or [-1]))
    sent = dict(
        db.session.execute(
            select(column, func.count(Letter.id)).where(*scope).group_by(column)
        ).all()
    )
    registered = dict(
        db.session.execute(
            select(column, func.count(Registrant.id))
            .join(Registrant, Registrant.letter_id == Letter.id)
            .where(*scope)
            .group_by(column)
        ).all()
    )
    answers = {
        label: (eligible, answered)
        for label, eligible, answered in db.session.execute(
            select(column, func.count(Registrant.id), func.count(distinct(Letter.id)))
            .join(Registrant, Registrant.letter_id == Letter.id)
            .where(*scope, Registrant.status.in_(ANSWERING))
            .group_by(column)
        )
    }
    return [
        Rate(label, sent[label], registered.get(label, 0), *answers.get(label, (0, 0)))
        for label in sorted(sent)
    ]


def overall(rates: list[Rate]) -> Rate:
    """Return the sum of several groups as one Rate."""
    return Rate(
        "",
        sum(r.letters for r in rates),
        sum(r.registrations for r in rates),
        sum(r.eligible for r in rates),
        sum(r.answered for r in rates),
    )


def draws_of(assembly: Assembly) -> list[LetterDraw]:
    """Return the assembly's letter draws, oldest first."""
    return list(
        db.session.scalars(
            select(LetterDraw).filter_by(assembly_id=assembly.id).order_by(LetterDraw.id)
        )
    )
