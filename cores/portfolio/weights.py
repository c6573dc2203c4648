"""The set of feasible criterion weights and its extreme points, exactly.

The weight set is ``W = {w >= 0, sum(w) = 1}`` cut by weight intervals ``lo_c <= w_c <= hi_c`` and a
rank order ``w_a >= w_b >= ...``. A linear function of the weights (a portfolio's value) takes its minimum
and maximum over ``W`` at an extreme point, so dominance between portfolios is decided on this finite set.

A vertex of ``W`` in ``d`` dimensions is a feasible point where ``d - 1`` linearly independent inequalities
are active besides ``sum(w) = 1``. Every choice of ``d - 1`` inequalities is solved at once with numpy to
screen out singular and clearly infeasible choices; each survivor is solved again in exact fractions and
kept if it satisfies every inequality exactly.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from cores.portfolio.model import Problem

Point = tuple[Fraction, ...]

MAX_CRITERIA = 10


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


def _solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    n = len(matrix)
    a = [[*row[:], rhs[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        inv = 1 / a[col][col]
        a[col] = [v * inv for v in a[col]]
        for r in range(n):
            if r != col and a[r][col] != 0:
                factor = a[r][col]
                a[r] = [v - factor * p for v, p in zip(a[r], a[col], strict=True)]
    return [a[i][n] for i in range(n)]


def vertices(
    d: int,
    lower: list[Fraction] | None = None,
    upper: list[Fraction] | None = None,
    order: list[tuple[int, int]] | None = None,
) -> list[Point]:
    """Every extreme point of ``{w >= lower, w <= upper, w_a >= w_b for (a, b) in order, sum(w) = 1}``."""
    if d > MAX_CRITERIA:
        raise ValueError(f"at most {MAX_CRITERIA} criteria are supported for an exact weight set")
    lo = lower or [Fraction(0)] * d
    hi = upper or [Fraction(1)] * d
    rows = inequalities(d, lo, hi, order or [])
    if d == 1:
        point = (Fraction(1),)
        ok = all(sum(g[i] * point[i] for i in range(d)) <= h for g, h in rows)
        return [point] if ok else []
    g_all = np.array([[float(v) for v in g] for g, _ in rows])
    h_all = np.array([float(h) for _, h in rows])
    combos = np.array(list(combinations(range(len(rows)), d - 1)), dtype=np.int64)
    found: set[Point] = set()
    chunk = 20000
    for start in range(0, len(combos), chunk):
        part = combos[start : start + chunk]
        mats = np.ones((len(part), d, d))
        mats[:, 1:, :] = g_all[part]
        rhs = np.ones((len(part), d))
        rhs[:, 1:] = h_all[part]
        dets = np.linalg.det(mats)
        good = np.abs(dets) > 1e-12
        if not good.any():
            continue
        sol = np.linalg.solve(mats[good], rhs[good][..., None])[..., 0]
        slack = h_all[None, :] - sol @ g_all.T
        feasible = (slack >= -1e-7).all(axis=1)
        for idx in np.nonzero(feasible)[0]:
            chosen = part[good][idx]
            matrix = [[Fraction(1)] * d] + [rows[r][0] for r in chosen]
            rhs_exact = [Fraction(1)] + [rows[r][1] for r in chosen]
            w = _solve_exact(matrix, rhs_exact)
            if w is None:
                continue
            if all(sum((g[i] * w[i] for i in range(d)), Fraction(0)) <= h for g, h in rows):
                found.add(tuple(w))
    return sorted(found, reverse=True)


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
    if not ws.intervals and len(ws.rank) == d:
        points = rank_order_points(d)
        return sorted((_permute(p, [index[c] for c in ws.rank], d) for p in points), reverse=True)
    return vertices(d, lower, upper, order)


def _permute(point: Point, positions: list[int], d: int) -> Point:
    out = [Fraction(0)] * d
    for k, pos in enumerate(positions):
        out[pos] = point[k]
    return tuple(out)
