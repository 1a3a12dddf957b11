"""Pricing programs: rounding a fractional LP optimum gives a panel that meets the quotas."""

import math
import random

from facilitate.sortition.agent_types import build_types
from facilitate.sortition.panels import PanelProgram
from facilitate.sortition.swaps import SwapWalker, cover, random_walk
from facilitate.sortition.synthetic import synthetic_instance


def seats_meet_quotas(space, panel) -> bool:
    inst = space.instance
    counts = [0] * len(inst.quotas)
    for t, c in panel:
        if c > space.sizes[t]:
            return False
        for q in space.quota_index[t]:
            counts[q] += c
    in_groups = [sum(c for t, c in panel if t in group) for group in space.households]
    return (
        sum(c for _, c in panel) == inst.panel_size
        and all(q.min <= n <= q.max for q, n in zip(inst.quotas, counts, strict=True))
        and all(n <= 1 for n in in_groups)
    )


def test_fractional_vertices_round_to_panels_between_floor_and_ceiling():
    space = build_types(synthetic_instance(600, 40, 6, seed=4, household_share=0.2))
    lp = PanelProgram(space, integer=False)
    rng = random.Random(2)
    fractional = rounded = 0
    for _ in range(40):
        lp.solve([rng.random() for _ in range(len(space))])
        x = list(lp.last_x)
        if all(abs(v - round(v)) < 1e-7 for v in x):
            continue
        fractional += 1
        panels = lp.round_vertex([rng.random() for _ in range(len(space))])
        rounded += len(panels)
        for panel in panels:
            assert seats_meet_quotas(space, panel)
            seats = dict(panel)
            assert all(
                math.floor(x[t] + 1e-7) <= seats.get(t, 0) <= math.ceil(x[t] - 1e-7)
                for t in range(len(space))
            )
    # Six categories with households: most random vertices are fractional, most round.
    assert fractional >= 10
    assert rounded >= fractional // 2


def test_cover_seats_every_type_the_walk_missed_in_panels_that_meet_the_quotas():
    space = build_types(synthetic_instance(400, 30, 5, seed=9, household_share=0.1))
    program = PanelProgram(space)
    start = program.solve([1.0] * len(space))[1][0]
    walker = SwapWalker(space)
    walked = [start, *random_walk(walker, start, random.Random(1), 3, 5, space.sizes)]
    missed = set(range(len(space))) - {t for p in walked for t, _ in p}
    assert len(missed) > 100
    extra = cover(walker, walked, len(space), random.Random(2))
    assert all(seats_meet_quotas(space, p) for p in extra)
    still = missed - {t for p in extra for t, _ in p}
    assert len(still) < len(missed) // 10
    # Many types per copied panel, not one panel per type.
    assert len(extra) < len(missed) // 2
