"""Robust Portfolio Modelling on a programme problem: candidate values at the extreme points and dominance.

Portfolio ``p`` dominates ``q`` when, at every extreme point of the weight set, the low-score value of
``p \\ q`` is at least the high-score value of ``q \\ p``, and more at some (see ``robust``).
``non_dominated`` filters a list of portfolios by this test; ``core_indices`` gives each candidate's
share of the non-dominated portfolios.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from cores.portfolio.linear import criterion_values
from cores.portfolio.model import Problem
from cores.portfolio.weights import Point, extreme_points

Method = Literal["exact", "approximate"]
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass
class ValueTable:
    """Integer values (common unit) of every candidate at every extreme point, low and high scores."""

    lo: IntArray  # n x K
    hi: IntArray  # n x K
    unit: int  # values are integers / unit
    points: list[Point]

    @property
    def delta(self) -> IntArray:
        return self.hi - self.lo

    def centre(self) -> IntArray:
        """Values at the centroid weight with middle scores, times 2K (integers, only order matters)."""
        total: IntArray = (self.lo + self.hi).sum(axis=1)
        return total


def value_table(problem: Problem, points: list[Point] | None = None) -> ValueTable:
    pts = points if points is not None else extreme_points(problem)
    lo_f = [
        [
            sum((w * v for w, v in zip(p, criterion_values(problem, c, "lo"), strict=True)), Fraction(0))
            for p in pts
        ]
        for c in problem.candidates
    ]
    hi_f = [
        [
            sum((w * v for w, v in zip(p, criterion_values(problem, c, "hi"), strict=True)), Fraction(0))
            for p in pts
        ]
        for c in problem.candidates
    ]
    unit = lcm(*(v.denominator for row in lo_f + hi_f for v in row)) if problem.candidates else 1
    lo = np.array([[int(v * unit) for v in row] for row in lo_f], dtype=np.int64).reshape(len(lo_f), len(pts))
    hi = np.array([[int(v * unit) for v in row] for row in hi_f], dtype=np.int64).reshape(len(hi_f), len(pts))
    if len(problem.candidates) and int(hi.sum(axis=0).max()) >= 2**52:
        raise ValueError("the scores' common denominator is too large for exact dominance checks")
    return ValueTable(lo, hi, unit, pts)


def dominates(vt: ValueTable, p: Iterable[int], q: Iterable[int]) -> bool:
    """Does portfolio p dominate q (the paper's pairwise test on the extreme points)?"""
    ps, qs = set(p), set(q)
    only_p = sorted(ps - qs)
    only_q = sorted(qs - ps)
    worst = vt.lo[only_p].sum(axis=0) - vt.hi[only_q].sum(axis=0)
    best = vt.hi[only_p].sum(axis=0) - vt.lo[only_q].sum(axis=0)
    return bool(np.all(worst >= 0) and np.any(best > 0))


def non_dominated(vt: ValueTable, portfolios: list[frozenset[int]], n: int) -> list[frozenset[int]]:
    """The portfolios of the list that no other portfolio of the list dominates (duplicates removed).

    Sorted by the centroid value, highest first: a dominating portfolio is strictly higher there, so each
    portfolio needs checking only against the non-dominated ones already kept.
    """
    unique = sorted(set(portfolios), key=lambda s: sorted(s))
    if not unique:
        return []
    member = np.zeros((len(unique), n), dtype=bool)
    for k, s in enumerate(unique):
        member[k, sorted(s)] = True
    lo_sum = member.astype(np.int64) @ vt.lo
    hi_sum = member.astype(np.int64) @ vt.hi
    centre = member.astype(np.int64) @ vt.centre()
    order = np.argsort(-centre, kind="stable")
    delta = vt.delta
    has_intervals = bool(delta.any())
    kept: list[int] = []
    kept_lo = np.zeros((0, vt.lo.shape[1]), dtype=np.int64)
    kept_hi = np.zeros((0, vt.lo.shape[1]), dtype=np.int64)
    for k in order:
        if kept:
            if has_intervals:
                items = np.nonzero(member[k])[0]
                common = member[kept][:, items].astype(np.int64) @ delta[items]
            else:
                common = np.zeros_like(kept_lo)
            worst = kept_lo - hi_sum[k] + common
            best = kept_hi - lo_sum[k] - common
            if np.any(np.all(worst >= 0, axis=1) & np.any(best > 0, axis=1)):
                continue
        kept.append(int(k))
        kept_lo = np.vstack([kept_lo, lo_sum[k]])
        kept_hi = np.vstack([kept_hi, hi_sum[k]])
    return [unique[k] for k in kept]


def core_indices(portfolios: list[frozenset[int]], n: int) -> list[Fraction]:
    if not portfolios:
        return [Fraction(0)] * n
    counts = [0] * n
    for s in portfolios:
        for i in s:
            counts[i] += 1
    return [Fraction(c, len(portfolios)) for c in counts]
