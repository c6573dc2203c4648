"""The set of feasible criterion weights and its extreme points, exactly.

The weight set is ``W = {w >= 0, sum(w) = 1}`` cut by weight intervals ``lo_c <= w_c <= hi_c`` and a
rank order ``w_a >= w_b >= ...``. A linear function of the weights (a portfolio's value) takes its minimum
and maximum over ``W`` at an extreme point, so dominance between portfolios is decided on this finite set.

The vertices are enumerated exactly by the double description method
(``cores.portfolio.general_sets.polytope_vertices``): the simplex cut by one inequality at a time.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cores.portfolio.model import Problem

Point = tuple[Fraction, ...]

MAX_CRITERIA = 30


def rank_order_points(d: int) -> list[Point]:
    """The closed form for a complete rank order ``w_1 >= ... >= w_d``: ``(1/k, ..., 1/k, 0, ..., 0)``."""
    return [tuple(Fraction(1, k) if j < k else Fraction(0) for j in range(d)) for k in range(1, d + 1)]


def inequalities(
    d: int, lower: list[Fraction], upper: list[Fraction], order: list[tuple[int, int]]
) -> list[tuple[list[Fraction], Fraction]]:
    """``g . w <= h`` rows of the weight set (without the equality), dropping bounds that cannot bind."""
    rows: list[tuple[list[Fraction], Fraction]] = []
    for c in range(d):
        g = [Fraction(0)] * d
        g[c] = Fraction(-1)
        rows.append((g, -lower[c]))
        if upper[c] < 1:
            g = [Fraction(0)] * d
            g[c] = Fraction(1)
            rows.append((g, upper[c]))
    for a, b in order:  # w_a >= w_b  <=>  w_b - w_a <= 0
        g = [Fraction(0)] * d
        g[b] = Fraction(1)
        g[a] = Fraction(-1)
        rows.append((g, Fraction(0)))
    return rows


def vertices(
    d: int,
    lower: list[Fraction] | None = None,
    upper: list[Fraction] | None = None,
    order: list[tuple[int, int]] | None = None,
) -> list[Point]:
    """Every extreme point of ``{w >= lower, w <= upper, w_a >= w_b for (a, b) in order, sum(w) = 1}``."""
    if d > MAX_CRITERIA:
        raise ValueError(f"{d} criteria; at most {MAX_CRITERIA} are supported for an exact weight set")
    from cores.portfolio.general_sets import polytope_vertices

    lo = lower or [Fraction(0)] * d
    hi = upper or [Fraction(1)] * d
    rows = [([-g_k for g_k in g], -h) for g, h in inequalities(d, lo, hi, order or [])]  # as g . w >= h
    return polytope_vertices(d, Fraction(0), rows)


def extreme_points(problem: Problem) -> list[Point]:
    """Extreme points of the problem's weight set, in the order of ``problem.criteria``.

    Without a weight set, the weights are the call's point weights (a single point).
    """
    crit_ids = [c.id for c in problem.criteria]
    d = len(crit_ids)
    ws = problem.weight_set
    if ws is None:
        weights = problem.point_weights()
        return [tuple(weights[c] for c in crit_ids)]
    index = {c: k for k, c in enumerate(crit_ids)}
    lower = [Fraction(0)] * d
    upper = [Fraction(1)] * d
    for crit_id, interval in ws.intervals.items():
        lower[index[crit_id]] = interval.lo
        upper[index[crit_id]] = interval.hi
    order = [(index[a], index[b]) for a, b in zip(ws.rank, ws.rank[1:], strict=False)]
    if ws.statements or ws.min:
        from cores.portfolio.general_sets import polytope_vertices

        rows = [([-g_k for g_k in g], -h) for g, h in inequalities(d, lower, upper, order)]
        for st in ws.statements:
            rows.append(([st.coef.get(c, Fraction(0)) for c in crit_ids], st.rhs))
        return polytope_vertices(d, ws.min, rows)
    if not ws.intervals and len(ws.rank) == d:
        points = rank_order_points(d)
        return sorted((_permute(p, [index[c] for c in ws.rank], d) for p in points), reverse=True)
    return vertices(d, lower, upper, order)


def _permute(point: Point, positions: list[int], d: int) -> Point:
    out = [Fraction(0)] * d
    for k, pos in enumerate(positions):
        out[pos] = point[k]
    return tuple(out)
