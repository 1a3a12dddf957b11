"""Split the relaxation's LEXIMIN point into panels directly: a walk through shrinking faces.

Reaching the point means writing it as a convex combination of panels. Take a panel v on the
smallest face of the quota polytope that holds the current point x, and move from v through x
until the far side touches a new face: x = lam * v + (1 - lam) * x'. The new point x' lies on a
smaller face, so the walk ends after at most one step per dimension (Caratheodory). A step
finds its panel by a few seat swaps from the previous one, else by rounding a vertex of the
face's LP, else by a small integer program over the types that vertex and the previous panel
seat: no master LP and no pricing round per panel. Where the quotas make a face hold no panel
(the polytope is not integral), the walk stops early; the panels found still seed the master,
which proves the result (a ratio of 1 to the point within its tolerance) or finishes the job.
"""

from __future__ import annotations

import heapq
import random

import highspy

from .agent_types import TypeSpace
from .panels import Panel, PanelProgram
from .solver import INF

#: Residual seats below this count as zero: the walk's round-off, which the master absorbs.
EPS = 1e-10
#: A row this close to its bound (in seats), or past it, is on it: the relaxation's point is
#: only as exact as its LP's tolerances, which on a row of many types add up to about 1e-8.
ROW_EPS = 1e-8
#: New holders a repair tries per pool before it gives up on swaps: the programs are surer.
TRIES = 30


class FaceWalk:
    """The residual point (seats per type, times the mass left) and the face it lies on."""

    def __init__(self, space: TypeSpace, point: list[float], rng: random.Random):
        inst = space.instance
        self.space = space
        self.sizes = sizes = space.sizes
        self.tq = space.quota_index
        self.rng = rng
        n = len(sizes)
        self.group = [-1] * n
        for g, types in enumerate(space.households):
            for t in types:
                self.group[t] = g
        self.lo = [q.min for q in inst.quotas]
        self.hi = [q.max for q in inst.quotas]
        self.glo = [0] * len(space.households)
        self.r = list(point)
        self.m = 1.0
        self.zero = [v <= EPS for v in point]
        self.full = [v >= s - EPS for v, s in zip(point, sizes, strict=True)]
        for t in range(n):
            if self.zero[t]:
                self.r[t] = 0.0
        self.qa = [0.0] * len(self.lo)
        self.ga = [0.0] * len(space.households)
        for t, v in enumerate(self.r):
            for q in self.tq[t]:
                self.qa[q] += v
            if self.group[t] >= 0:
                self.ga[self.group[t]] += v
        for q, a in enumerate(self.qa):
            self._settle_row(q, a)
        for g, a in enumerate(self.ga):
            if a >= 1.0 - ROW_EPS:
                self.glo[g] = 1
        #: The order in which types are tried as a seat's new holder.
        self.order = list(range(n))
        rng.shuffle(self.order)
        self.by_quota = space.types_of_quota()
        # Max-heap (negated) of r_t / s_t: the free type closest to being full binds first.
        self.heap = [(-v / s, t) for t, (v, s) in enumerate(zip(self.r, sizes, strict=True))]
        heapq.heapify(self.heap)

    def _settle_row(self, q: int, a: float) -> None:
        """Pin a quota row to the bound the point meets (every later panel must meet it too).

        A row a hair outside its bounds (the relaxation's round-off) counts as on the bound.
        """
        m = self.m
        if self.lo[q] < self.hi[q]:
            if a - self.lo[q] * m <= ROW_EPS:
                self.hi[q] = self.lo[q]
            elif self.hi[q] * m - a <= ROW_EPS:
                self.lo[q] = self.hi[q]

    # -- panels ------------------------------------------------------------------------------

    def violation(self, v: dict[int, int], qc: list[int], gc: list[int]) -> int:
        """Return how far panel v is from the current face (0: on it)."""
        out = 0
        for q, c in enumerate(qc):
            out += max(0, self.lo[q] - c, c - self.hi[q])
        for g, c in enumerate(gc):
            out += max(0, self.glo[g] - c, c - 1)
        for t, c in v.items():
            if self.zero[t]:
                out += c
        for t, full in enumerate(self.full):
            if full:
                out += self.sizes[t] - v.get(t, 0)
        return out

    def _delta(self, v, qc, gc, a: int, b: int) -> int | None:
        """Return the change of the violation if one seat passes from a to b (None: not allowed)."""
        if a == b or v.get(b, 0) >= self.sizes[b]:
            return None
        d = 0
        if self.zero[a]:
            d -= 1
        if self.zero[b]:
            d += 1
        if self.full[a]:
            d += 1
        if self.full[b]:
            d -= 1
        lo, hi = self.lo, self.hi
        for qa, qb in zip(self.tq[a], self.tq[b], strict=True):
            if qa != qb:
                ca, cb = qc[qa], qc[qb]
                d += max(0, lo[qa] - ca + 1, ca - 1 - hi[qa]) - max(0, lo[qa] - ca, ca - hi[qa])
                d += max(0, lo[qb] - cb - 1, cb + 1 - hi[qb]) - max(0, lo[qb] - cb, cb - hi[qb])
        ga, gb = self.group[a], self.group[b]
        if ga != gb:
            if ga >= 0:
                c = gc[ga]
                d += max(0, self.glo[ga] - c + 1, c - 2) - max(0, self.glo[ga] - c, c - 1)
            if gb >= 0:
                c = gc[gb]
                d += max(0, self.glo[gb] - c - 1, c) - max(0, self.glo[gb] - c, c - 1)
        return d

    def counts(self, panel: Panel) -> tuple[list[int], list[int]]:
        """Return the panel's seats per quota row and per household."""
        qc = [0] * len(self.lo)
        gc = [0] * len(self.glo)
        for t, c in panel:
            for q in self.tq[t]:
                qc[q] += c
            if self.group[t] >= 0:
                gc[self.group[t]] += c
        return qc, gc

    def repair(self, panel: Panel, limit: int = 200) -> Panel | None:
        """Return a panel on the current face a few swaps from `panel`, or None."""
        v = dict(panel)
        qc, gc = self.counts(panel)
        bad = self.violation(v, qc, gc)
        n = len(self.sizes)
        start = self.rng.randrange(n)
        for _ in range(limit):
            if bad == 0:
                return tuple(sorted(v.items()))
            move = self._improving_swap(v, qc, gc, start)
            if move is None:
                return None
            a, b, d = move
            start = (start + 1) % n
            self._swap(v, qc, gc, a, b)
            bad += d
        return None

    def _improving_swap(self, v, qc, gc, start: int):
        """Return (a, b, change) for a swap that lowers the violation, trying likely ones first."""
        # A seat that must go (its type is spent, or its row is over) is the one to move.
        over = {q for q, c in enumerate(qc) if c > self.hi[q]}
        seated = (
            [t for t in v if self.zero[t]]
            or [t for t in sorted(v) if over.intersection(self.tq[t])]
            or sorted(v)
        )
        # Types that must gain seats: full ones short of their size, then any in rows below
        # their lower bound; otherwise any type, in the walk's random order.
        order = self.order
        n = len(order)
        wanted = [t for t, f in enumerate(self.full) if f and v.get(t, 0) < self.sizes[t]]
        short = [q for q, c in enumerate(qc) if c < self.lo[q]]
        pools = [wanted] if wanted else []
        if short:
            types = self.by_quota[short[0]]
            at = start % len(types)
            pools.append([t for t in types[at:] + types[:at] if not self.zero[t]][:TRIES])
        pools.append([order[(start + i) % n] for i in range(min(n, TRIES))])
        for pool in pools:
            for b in pool:
                if self.zero[b]:
                    continue
                for a in seated:
                    d = self._delta(v, qc, gc, a, b)
                    if d is not None and d < 0:
                        return a, b, d
        return None

    def _swap(self, v, qc, gc, a: int, b: int) -> None:
        if v[a] == 1:
            del v[a]
        else:
            v[a] -= 1
        v[b] = v.get(b, 0) + 1
        for q in self.tq[a]:
            qc[q] -= 1
        for q in self.tq[b]:
            qc[q] += 1
        if self.group[a] >= 0:
            gc[self.group[a]] -= 1
        if self.group[b] >= 0:
            gc[self.group[b]] += 1

    # -- steps -------------------------------------------------------------------------------

    def step(self, panel: Panel) -> float:
        """Move the residual away from `panel` (on the face) as far as it stays feasible."""
        r, m, sizes = self.r, self.m, self.sizes
        lam = m
        v = dict(panel)
        for t, c in panel:
            lam = min(lam, r[t] / c)
            if c < sizes[t]:
                lam = min(lam, (m * sizes[t] - r[t]) / (sizes[t] - c))
        # The free type nearest its size: r_t / s_t largest among types off the panel.
        heap, held = self.heap, []
        while heap:
            key, t = heap[0]
            if -key != r[t] / sizes[t]:
                heapq.heappop(heap)
                continue
            if t not in v:
                lam = min(lam, m + key)
                break
            held.append(heapq.heappop(heap))
        for item in held:
            heapq.heappush(heap, item)
        qc, gc = self.counts(panel)
        for q, c in enumerate(qc):
            a = self.qa[q]
            if c > self.lo[q]:
                lam = min(lam, (a - self.lo[q] * m) / (c - self.lo[q]))
            if c < self.hi[q]:
                lam = min(lam, (self.hi[q] * m - a) / (self.hi[q] - c))
        for g, c in enumerate(gc):
            if c < 1:
                lam = min(lam, m - self.ga[g])
        lam = max(lam, 0.0)
        self.m = m = m - lam
        for t, c in panel:
            r[t] -= lam * c
            for q in self.tq[t]:
                self.qa[q] -= lam * c
            if self.group[t] >= 0:
                self.ga[self.group[t]] -= lam * c
            if r[t] <= EPS * max(1.0, m):
                r[t] = 0.0
                self.zero[t] = True
            heapq.heappush(heap, (-r[t] / sizes[t], t))
        # Types off the panel keep their seats while the mass shrinks: some may fill up.
        while heap and -heap[0][0] >= m - EPS and m > EPS:
            key, t = heapq.heappop(heap)
            if -key == r[t] / sizes[t] and not self.full[t]:
                self.full[t] = True
        for t, _c in panel:
            if r[t] >= m * sizes[t] - EPS:
                self.full[t] = True
        for q, a in enumerate(self.qa):
            self._settle_row(q, a)
        for g, a in enumerate(self.ga):
            if a >= m - ROW_EPS:
                self.glo[g] = 1
        return lam


def walk(space: TypeSpace, point: list[float], start: Panel, rng: random.Random, steps: int):
    """Return [(panel, weight)] adding up to the point as far as the walk gets, and the mass left.

    `point` holds the expected seats per type; `start` is a panel on its smallest face (or near
    it: it is repaired first). At most `steps` panels (a count, so runs repeat).
    """
    fw = FaceWalk(space, point, rng)
    out = []
    panel = start
    lp, mip = None, None
    for _ in range(steps):
        if fw.m <= EPS:
            break
        fixed = fw.repair(panel)
        if fixed is None:
            lp = lp or PanelProgram(space, integer=False)
            fixed = _face_panel(fw, lp)
            if fixed is None and lp.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                # Not even a fractional point on this face: the walk has left the panels' hull.
                break
        if fixed is None:
            # The nearest panel to the LP's vertex is often a few swaps from the face.
            fixed = fw.repair(_nearest(lp.last_x, space.instance.panel_size))
        if fixed is None:
            # The LP's vertex did not round: an integer program over the types it seated and
            # the previous panel's is small and usually has a panel; the full one rarely runs.
            mip = mip or PanelProgram(space)
            allowed = {t for t, v in enumerate(lp.last_x) if v > 1e-9}
            allowed.update(t for t, _ in panel)
            fixed = _face_panel(fw, mip, allowed)
            if fixed is None:
                fixed = _face_panel(fw, mip)
            if fixed is None:
                break
        lam = fw.step(fixed)
        out.append((fixed, lam))
        panel = fixed
    return out, fw.m


def _nearest(x: list[float], k: int) -> Panel:
    """Return k seats placed by largest remainder on the vertex x (whose seats add up to k)."""
    seats = {t: int(v + 1e-9) for t, v in enumerate(x) if v >= 1.0 - 1e-9}
    rest = sorted(
        ((v - int(v + 1e-9), t) for t, v in enumerate(x) if v - int(v + 1e-9) > 1e-9), reverse=True
    )
    for _, t in rest[: k - sum(seats.values())]:
        seats[t] = seats.get(t, 0) + 1
    return tuple(sorted(seats.items()))


def _face_panel(fw: FaceWalk, program: PanelProgram, allowed=None) -> Panel | None:
    """Return a panel on the walk's face (seating only `allowed` types if given), or None."""
    h = program.h
    n = len(fw.sizes)
    lower = [float(s) if f else 0.0 for s, f in zip(fw.sizes, fw.full, strict=True)]
    upper = [0.0 if z else float(s) for s, z in zip(fw.sizes, fw.zero, strict=True)]
    if allowed is not None:
        upper = [u if t in allowed else 0.0 for t, u in enumerate(upper)]
    h.changeColsBounds(n, list(range(n)), lower, upper)
    q = len(fw.lo)
    for i in range(q):
        h.changeRowBounds(1 + i, float(fw.lo[i]), float(fw.hi[i]))
        program.row_bounds[1 + i] = (fw.lo[i], fw.hi[i])
    for g, lo in enumerate(fw.glo):
        h.changeRowBounds(1 + q + g, float(lo), 1.0)
        program.row_bounds[1 + q + g] = (lo, 1.0)
    m = max(fw.m, EPS)
    weights = [r / (m * s) for r, s in zip(fw.r, fw.sizes, strict=True)]
    if program.integer:
        h.setOptionValue("mip_max_nodes", 200)
        # Any panel on the face will do: stop at the first one found.
        h.setOptionValue("mip_rel_gap", 1.0)
        h.setOptionValue("mip_abs_gap", INF)
        h.setOptionValue("mip_max_improving_sols", 1)
        panels = program.solve(weights)[1]
    else:
        bound, panels = program.solve(weights)
        if not panels and bound > -INF:
            panels = program.round_vertex(weights)
    return panels[0] if panels else None
