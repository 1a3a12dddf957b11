"""Count ballot papers: pure functions over choices, no database.

How abstentions count
---------------------
An abstention (and a neutral 3 on the support scale) counts towards turnout but not towards
the decision: the share in favour is ``yes / (yes + no)``. A proposal passes when

* simple majority: yes is *more than* half of yes + no (a tie fails);
* two thirds: yes is *at least* two thirds of yes + no;
* four fifths: yes is *at least* four fifths of yes + no (exactly 80 % passes).

With no yes or no at all, nothing passes. The comparisons use whole numbers, so no rounding
can tip a result. On the support scale, 4 and 5 count as yes and 1 and 2 as no.
"""

from collections import Counter
from dataclasses import dataclass, field

YES_NO_CHOICES = ("yes", "no", "abstain")
SCALE_CHOICES = ("1", "2", "3", "4", "5")


def passes(yes: int, no: int, threshold: str) -> bool:
    """Say whether `yes` against `no` meets the threshold (abstentions already left out)."""
    decided = yes + no
    if decided == 0:
        return False
    if threshold == "simple":
        return 2 * yes > decided
    if threshold == "two_thirds":
        return 3 * yes >= 2 * decided
    if threshold == "four_fifths":
        return 5 * yes >= 4 * decided
    raise ValueError(f"unknown threshold {threshold!r}")


@dataclass
class Row:
    """One line of a result: a choice or option, its count and share of the ballots."""

    key: str
    label: str
    count: int
    percent: float
    points: int | None = None


@dataclass
class ItemResult:
    rows: list[Row]
    ballots: int
    voters: int
    eligible: int | None
    #: True/False for decisions, None for priorities (approval and ranking).
    passed: bool | None = None
    #: yes / (yes + no) as a percentage, for decisions.
    share_in_favour: float | None = None
    receipt_hashes: list[str] = field(default_factory=list)

    @property
    def turnout(self) -> float | None:
        if not self.eligible:
            return None
        return round(100 * self.voters / self.eligible, 1)

    @property
    def consistent(self) -> bool:
        """Every voter left exactly one paper."""
        return self.ballots == self.voters


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def count_decision(choices: list[str], method: str, threshold: str, labels: dict) -> dict:
    """Count yes/no/abstain or scale choices and apply the threshold."""
    counts = Counter(choices)
    keys = YES_NO_CHOICES if method == "yes_no" else SCALE_CHOICES
    total = len(choices)
    rows = [Row(k, str(labels[k]), counts[k], _percent(counts[k], total)) for k in keys]
    if method == "yes_no":
        yes, no = counts["yes"], counts["no"]
    else:
        yes, no = counts["4"] + counts["5"], counts["1"] + counts["2"]
    share = round(100 * yes / (yes + no), 1) if yes + no else None
    return {"rows": rows, "passed": passes(yes, no, threshold), "share_in_favour": share}


def count_approval(choices: list[str], options: list[tuple[str, str]]) -> dict:
    """Count approvals per option, most approved first."""
    counts = Counter(key for choice in choices for key in choice.split(",") if key)
    total = len(choices)
    rows = [Row(k, label, counts[k], _percent(counts[k], total)) for k, label in options]
    rows.sort(key=lambda r: -r.count)
    return {"rows": rows}


def count_ranking(choices: list[str], options: list[tuple[str, str]]) -> dict:
    """Give each option Borda points (n-1 for first … 0 for last), highest first.

    `count` is how many ballots put the option first; `percent` its share of first places.
    """
    n = len(options)
    points: Counter = Counter()
    firsts: Counter = Counter()
    for choice in choices:
        order = [k for k in choice.split(",") if k]
        if order:
            firsts[order[0]] += 1
        for rank, key in enumerate(order):
            points[key] += n - 1 - rank
    total = len(choices)
    rows = [Row(k, label, firsts[k], _percent(firsts[k], total), points[k]) for k, label in options]
    rows.sort(key=lambda r: (-(r.points or 0), -r.count))
    return {"rows": rows}
