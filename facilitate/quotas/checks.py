"""Warn as soon as the quotas cannot add up."""

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from facilitate.models import Assembly


@dataclass(frozen=True)
class Problem:
    level: str  # "error" blocks recruitment and selection; "warning" only informs
    message: str
    category: str | None = None


def quota_problems(assembly: Assembly) -> list[Problem]:
    """Return every reason the quotas of `assembly` cannot be met, worst first."""
    k = assembly.panel_size
    problems: list[Problem] = []
    for category in assembly.categories:
        name = category.name
        values = category.values
        if not values:
            problems.append(Problem("error", _("“%(c)s” has no values yet.", c=name), name))
            continue
        for value in values:
            if value.min_seats < 0 or value.max_seats < 0:
                problems.append(
                    Problem(
                        "error",
                        _("Seats for %(c)s = %(v)s cannot be negative.", c=name, v=value.name),
                        name,
                    )
                )
            if value.min_seats > value.max_seats:
                problems.append(
                    Problem(
                        "error",
                        _(
                            "For %(c)s = %(v)s the minimum (%(min)d) is above the maximum (%(max)d).",
                            c=name,
                            v=value.name,
                            min=value.min_seats,
                            max=value.max_seats,
                        ),
                        name,
                    )
                )
            if value.min_seats > k:
                problems.append(
                    Problem(
                        "error",
                        _(
                            "For %(c)s = %(v)s the minimum (%(min)d) is above the panel size (%(k)d).",
                            c=name,
                            v=value.name,
                            min=value.min_seats,
                            k=k,
                        ),
                        name,
                    )
                )
        total_min = sum(v.min_seats for v in values)
        total_max = sum(v.max_seats for v in values)
        if total_min > k:
            problems.append(
                Problem(
                    "error",
                    _(
                        "The minimums for %(c)s add up to %(n)d but there are %(k)d seats.",
                        c=name,
                        n=total_min,
                        k=k,
                    ),
                    name,
                )
            )
        if total_max < k:
            problems.append(
                Problem(
                    "error",
                    _(
                        "The maximums for %(c)s add up to %(n)d, fewer than the %(k)d seats.",
                        c=name,
                        n=total_max,
                        k=k,
                    ),
                    name,
                )
            )
        shares = [v.population_share for v in values if v.population_share is not None]
        if shares and abs(sum(shares) - 100) > 0.5:
            problems.append(
                Problem(
                    "warning",
                    _(
                        "The population shares for %(c)s add up to %(s)s %%, not 100 %%.",
                        c=name,
                        s=format_decimal(sum(shares), format="0.0"),
                    ),
                    name,
                )
            )
    problems.sort(key=lambda p: p.level != "error")
    return problems
