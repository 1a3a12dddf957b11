"""Reserves drawn with the panel against replacements redrawn later: how often the quotas hold.

Run by hand from the repository root:

    python benchmarks/reserves.py                       # the default grid, 500 patterns each
    python benchmarks/reserves.py --grid 200x20x2x1:4,8 --trials 2000 --dropout 0.15

Per synthetic pool (people x seats x categories x quota slack, see sortition/synthetic.py) and
number of reserves r, it draws the panel with r reserves (LEXIMIN, 1000 published panels),
then simulates dropout patterns: each panel member leaves, and each other person is
unavailable, with the estimated probability. It prints the share of patterns in which the
panel meets every quota again

- after replacing from the drawn reserves (sortition/reserves.fill_from_reserves),
- after replacing from r reserves picked uniformly at random (the same rule; a baseline),
- after a redraw from whoever of the rest of the pool is available (what the existing
  replacement draw can reach at best: some choice among them meets the quotas),

the ratio reserves / redraw, and the seconds the reserves (list and everyone's chances) add to
the draw. The reserves are part of the rest of the pool, so the redraw can never do worse in a
pattern: the ratio says how much of what a later redraw reaches the reserves keep, while their
chances were fixed and published by the first draw.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facilitate.sortition import select_panel  # noqa: E402
from facilitate.sortition.replacement import compare_replacements  # noqa: E402
from facilitate.sortition.reserves import Dropout  # noqa: E402
from facilitate.sortition.synthetic import synthetic_instance  # noqa: E402

DEFAULT_GRID = ("200x20x2x1:2,4,8", "200x20x4x1:4,8,12", "1000x40x4x1:4,8")


def run(shape: str, trials: int, dropout: float, seed: int) -> list[dict]:
    """Return one row of figures per number of reserves for one pool shape."""
    size, counts = shape.split(":")
    n, k, categories, slack = (int(x) for x in size.split("x"))
    instance = synthetic_instance(n, k, categories, seed=seed, slack=slack)
    clock = time.perf_counter()
    select_panel(instance, seed=seed, panels=1000)
    plain = time.perf_counter() - clock
    rows = []
    for r in (int(x) for x in counts.split(",")):
        clock = time.perf_counter()
        result = select_panel(
            instance, seed=seed, panels=1000, reserves=r, dropout={"default": dropout}
        )
        seconds = time.perf_counter() - clock
        others = [p.id for p in instance.people if p.id not in result.panel]
        held = compare_replacements(
            instance,
            result.panel,
            {"reserves": result.reserves, "random": random.Random(seed).sample(others, r)},
            Dropout(dropout),
            trials,
            random.Random(f"patterns:{seed}"),
        )
        rows.append(
            {
                "pool": size,
                "r": r,
                "reserves": held["reserves"] / trials,
                "random": held["random"] / trials,
                "redraw": held["redraw"] / trials,
                "ratio": held["reserves"] / held["redraw"] if held["redraw"] else float("nan"),
                "extra_seconds": seconds - plain,
            }
        )
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", nargs="*", default=list(DEFAULT_GRID))
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"dropout {args.dropout:.0%}, {args.trials} simulated patterns per row, seed {args.seed}")
    head = ("pool nxkxcxslack", "r", "reserves", "random r", "redraw", "ratio", "+s draw")
    print("{:<16} {:>3} {:>9} {:>9} {:>9} {:>7} {:>8}".format(*head))
    for shape in args.grid:
        for row in run(shape, args.trials, args.dropout, args.seed):
            print(
                f"{row['pool']:<16} {row['r']:>3} {row['reserves']:>9.1%} {row['random']:>9.1%} "
                f"{row['redraw']:>9.1%} {row['ratio']:>7.3f} {row['extra_seconds']:>8.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
