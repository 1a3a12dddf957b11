"""Pricing for column generation: find panels worth more than the master's duals allow.

The LP relaxation comes first (exact whenever its optimum is integral, and a valid bound
always), then perturbed LPs whose fractional vertices are rounded to panels, a small MIP over
the types those LPs used, and the full MIP only when all else finds nothing.
"""

from __future__ import annotations

import random

from .agent_types import TypeSpace
from .panels import PanelProgram
from .solver import INF
from .swaps import SwapWalker


class Pricer:
    """Find panels worth more than the master's threshold: LP first, MIP when it must."""

    def __init__(self, space: TypeSpace, rng: random.Random):
        self.sizes = space.sizes
        self.rng = rng
        self.lp = PanelProgram(space, integer=False)
        self.mip = PanelProgram(space)
        self.walker = SwapWalker(space)
        self.stats = {
            "lp_calls": 0,
            "mip_calls": 0,
            "small_mip_calls": 0,
            "rounds": 0,
            "roundings": 0,
        }
        #: Types with seats in the LP optima of the last batch.
        self.support: set[int] = set()
        #: How many perturbed LPs a batch tries now.
        self.tries = 8

    def exact(self, weights):
        """Return (optimum, best panels) of the integer pricing problem."""
        self.stats["mip_calls"] += 1
        return self.mip.solve(weights)

    def relaxed(self, weights):
        """Return (LP bound, [panel] if the LP optimum is integral, else a rounding of it)."""
        self.stats["lp_calls"] += 1
        bound, panels = self.lp.solve(weights)
        if not panels and bound > -INF:
            # A fractional vertex is a few types away from a panel: a cheap column to try.
            self.stats["roundings"] += 1
            panels = self.lp.round_vertex(weights)
        return bound, panels

    def batch(self, weights, perturbations: int):
        """Return the LP bound at `weights` and integral panels found near them."""
        bound, panels = self.relaxed(weights)
        self.support = {t for t, v in enumerate(self.lp.last_x) if v > 1e-9}
        rng = self.rng
        found = 0
        # With many types the perturbed LP optima are mostly fractional: try fewer of them
        # while they yield nothing, more again once they do.
        for _ in range(min(perturbations, self.tries)):
            more = self.relaxed([w * (0.5 + rng.random()) for w in weights])[1]
            found += len(more)
            panels += more
            self.support.update(t for t, v in enumerate(self.lp.last_x) if v > 1e-9)
        self.tries = min(perturbations, self.tries * 2) if found else max(1, self.tries // 2)
        return bound, panels

    def within_support(self, weights):
        """Return integer panels using only types the last LPs seated (no bound proved)."""
        self.stats["small_mip_calls"] += 1
        return self.mip.solve_within(weights, sorted(self.support))[1]
