"""Robust Portfolio Modelling on a general problem: the weight set, values and dominance.

Robust Portfolio Modelling (Liesiö, Mild & Salo 2007, EJOR 181; 2008, EJOR 190) defines the
non-dominated portfolios: ``p`` dominates ``q`` when ``V(p) >= V(q)`` for every feasible weight and
every score in its interval, and ``>`` for some. The test runs on the extreme points of the weight set
(``weight_vertices``); items in both portfolios cancel, so with interval scores it compares the low
scores of ``p \\ q`` against the high scores of ``q \\ p`` (and, for strictness, the reverse).
``brute_force`` enumerates every portfolio: the reference for small problems.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from cores.portfolio.general_format import GeneralProblem

MAX_CRITERIA = 30
MAX_VERTICES = 20000
IntArray = NDArray[np.int64]


# ---- the weight set ---------------------------------------------------------------------------------------

Point = tuple[Fraction, ...]


def weight_vertices(problem: GeneralProblem) -> list[Point]:
    """Extreme points of the problem's weight set ``{w >= min, sum(w) = 1, every statement}``."""
    index = {c: k for k, c in enumerate(problem.criteria)}
    rows: list[tuple[list[Fraction], Fraction]] = []
    for st in problem.statements:
        g = [Fraction(0)] * len(problem.criteria)
        for c, a in st.coef.items():
            g[index[c]] = a
        rows.append((g, st.rhs))
    return polytope_vertices(len(problem.criteria), problem.weight_min, rows)


def polytope_vertices(d: int, wmin: Fraction, rows: list[tuple[list[Fraction], Fraction]]) -> list[Point]:
    """Extreme points of ``{w >= wmin, sum(w) = 1, g . w >= h for every row}``, exactly (double description).

    Start from the simplex's vertices and cut by one row at a time: vertices on the wrong side
    go, and each edge between a kept and a removed vertex gives a new vertex where it crosses the
    row's plane. Two vertices are joined by an edge when no third vertex is on every row that is
    tight at both (the combinatorial test of the double description method).
    """
    if d > MAX_CRITERIA:
        raise ValueError(f"{d} criteria; at most {MAX_CRITERIA} are supported")
    m = wmin
    free = 1 - d * m
    if free < 0:
        return []
    verts: list[list[Fraction]] = []
    tight: list[set[int]] = []
    for k in range(d):
        v = [m] * d
        v[k] = m + free
        verts.append(v)
        tight.append({j for j in range(d) if j != k} if free > 0 else set(range(d)))
    if free == 0:
        verts, tight = verts[:1], [set(range(d))]
    row_id = d
    for g, rhs in rows:
        slack = [sum((g[k] * v[k] for k in range(d)), Fraction(0)) - rhs for v in verts]
        pos = [i for i, s in enumerate(slack) if s > 0]
        neg = [i for i, s in enumerate(slack) if s < 0]
        zero = [i for i, s in enumerate(slack) if s == 0]
        new_v: list[list[Fraction]] = []
        new_t: list[set[int]] = []
        for p in pos:
            for q in neg:
                common = tight[p] & tight[q]
                if len(common) < d - 2:
                    continue
                if any(r not in (p, q) and common <= tight[r] for r in range(len(verts))):
                    continue
                t = slack[p] / (slack[p] - slack[q])
                new_v.append([verts[p][k] + t * (verts[q][k] - verts[p][k]) for k in range(d)])
                new_t.append(common | {row_id})
        keep = pos + zero
        merged: dict[Point, set[int]] = {}
        for i in keep:
            tset = tight[i] | ({row_id} if i in zero else set())
            merged.setdefault(tuple(verts[i]), set()).update(tset)
        for v, tset in zip(new_v, new_t, strict=True):
            merged.setdefault(tuple(v), set()).update(tset)
        verts = [list(v) for v in merged]
        tight = list(merged.values())
        row_id += 1
        if not verts:
            return []
        if len(verts) > MAX_VERTICES:
            raise ValueError(f"the weight set has more than {MAX_VERTICES} extreme points")
    return sorted((tuple(v) for v in verts), reverse=True)


# ---- values and rows ------------------------------------------------------------------------------------


@dataclass
class Compiled:
    """The problem as integer arrays: item values at every extreme point and the rows."""

    problem: GeneralProblem
    points: list[Point]
    ids: list[str]  # the items that can be chosen (must-out dropped), in problem order
    lo: IntArray  # n x K, values with low scores (common integer unit)
    hi: IntArray  # n x K
    a: IntArray  # n x R row coefficients (integers)
    rmin: list[int | None]
    rmax: list[int | None]
    row_names: list[str]
    forced: NDArray[np.bool_]

    @property
    def n(self) -> int:
        return len(self.ids)


def _ints(values: list[list[Fraction]]) -> tuple[list[list[int]], int]:
    den = 1
    for row in values:
        for v in row:
            den = math.lcm(den, v.denominator)
    return [[int(v * den) for v in row] for row in values], den


def compile_general(problem: GeneralProblem, points: list[Point] | None = None) -> Compiled:
    pts = points if points is not None else weight_vertices(problem)
    items = [it for it in problem.items if it.id not in problem.must_out]
    ids = [it.id for it in items]
    lo_f = [
        [sum((w[k] * it.scores[c][0] for k, c in enumerate(problem.criteria)), Fraction(0)) for w in pts]
        for it in items
    ]
    hi_f = [
        [sum((w[k] * it.scores[c][1] for k, c in enumerate(problem.criteria)), Fraction(0)) for w in pts]
        for it in items
    ]
    both, _ = _ints(lo_f + hi_f)
    lo = np.array(both[: len(items)], dtype=object).reshape(len(items), len(pts))
    hi = np.array(both[len(items) :], dtype=object).reshape(len(items), len(pts))
    biggest = max((abs(int(x)) for x in np.concatenate([lo.ravel(), hi.ravel()])), default=0)
    if biggest * max(1, len(items)) >= 2**52:
        raise ValueError("the scores and weights need too many digits for exact comparisons")
    pos = {ident: k for k, ident in enumerate(ids)}
    rows: list[list[Fraction]] = []
    rmin_f: list[Fraction | None] = []
    rmax_f: list[Fraction | None] = []
    names: list[str] = []
    for name, lim in problem.limits.items():
        rows.append([Fraction(1) if name == "count" else it.uses.get(name, Fraction(0)) for it in items])
        rmin_f.append(lim.min)
        rmax_f.append(lim.max)
        names.append(f"limits.{name}")
    for k, group in enumerate(problem.exclusive):
        members = [g for g in group if g in pos]
        if len(members) >= 2:
            rows.append([Fraction(1) if ident in members else Fraction(0) for ident in ids])
            rmin_f.append(None)
            rmax_f.append(Fraction(1))
            names.append(f"rules.exclusive[{k}]")
    forced_out: set[str] = set()
    for k, (item, needs) in enumerate(problem.requires):
        for need in needs:
            if item not in pos:
                continue
            if need not in pos:  # the needed item is must-out: so is this one
                forced_out.add(item)
                continue
            row = [Fraction(0)] * len(ids)
            row[pos[item]] = Fraction(1)
            row[pos[need]] = Fraction(-1)
            rows.append(row)
            rmin_f.append(None)
            rmax_f.append(Fraction(0))
            names.append(f"rules.requires[{k}]")
    int_rows: list[list[int]] = []
    rmin: list[int | None] = []
    rmax: list[int | None] = []
    for row, lo_b, hi_b in zip(rows, rmin_f, rmax_f, strict=True):
        den = 1
        for v in [*row, *(b for b in (lo_b, hi_b) if b is not None)]:
            den = math.lcm(den, v.denominator)
        int_rows.append([int(v * den) for v in row])
        rmin.append(None if lo_b is None else int(lo_b * den))
        rmax.append(None if hi_b is None else int(hi_b * den))
    for ident in sorted(forced_out):  # an item whose needed item is must-out can never be chosen
        row = [Fraction(0)] * len(ids)
        row[pos[ident]] = Fraction(1)
        int_rows.append([int(v) for v in row])
        rmin.append(None)
        rmax.append(0)
        names.append(f"rules.requires ({ident} needs a must-out item)")
    a = np.array(int_rows, dtype=np.int64).T.reshape(len(ids), len(int_rows))
    forced = np.array([ident in problem.must_in for ident in ids], dtype=bool)
    return Compiled(problem, pts, ids, lo.astype(np.int64), hi.astype(np.int64), a, rmin, rmax, names, forced)


def feasible(cp: Compiled, chosen: list[int] | set[int] | frozenset[int]) -> bool:
    idx = sorted(chosen)
    if any(cp.forced[i] for i in range(cp.n)) and not all(i in chosen for i in np.nonzero(cp.forced)[0]):
        return False
    tot = cp.a[idx].sum(axis=0) if idx else np.zeros(cp.a.shape[1], dtype=np.int64)
    for r in range(cp.a.shape[1]):
        lo_b, hi_b = cp.rmin[r], cp.rmax[r]
        if lo_b is not None and int(tot[r]) < lo_b:
            return False
        if hi_b is not None and int(tot[r]) > hi_b:
            return False
    return True


def dominates(cp: Compiled, p: frozenset[int], q: frozenset[int]) -> bool:
    """The RPM pairwise test: does portfolio ``p`` dominate ``q``?"""
    only_p = sorted(p - q)
    only_q = sorted(q - p)
    k = cp.lo.shape[1]
    z = np.zeros(k, dtype=np.int64)
    worst = (cp.lo[only_p].sum(axis=0) if only_p else z) - (cp.hi[only_q].sum(axis=0) if only_q else z)
    best = (cp.hi[only_p].sum(axis=0) if only_p else z) - (cp.lo[only_q].sum(axis=0) if only_q else z)
    return bool(np.all(worst >= 0) and np.any(best > 0))


def filter_non_dominated(cp: Compiled, portfolios: list[frozenset[int]]) -> list[frozenset[int]]:
    """The portfolios no other of the list dominates (exact), highest centroid value first."""
    unique = sorted(set(portfolios), key=lambda s: sorted(s))
    if not unique:
        return []
    n = cp.n
    member = np.zeros((len(unique), n), dtype=np.float64)
    for k, s in enumerate(unique):
        member[k, sorted(s)] = 1.0
    lo_sum = member @ cp.lo.astype(np.float64)
    hi_sum = member @ cp.hi.astype(np.float64)
    centre = (lo_sum + hi_sum).sum(axis=1)
    order = np.argsort(-centre, kind="stable")
    delta = (cp.hi - cp.lo).astype(np.float64)
    intervals = bool(delta.any())
    kept: list[int] = []
    for k in order:
        if kept:
            kk = np.array(kept)
            common = member[kk] @ (delta * member[k][:, None]) if intervals else 0.0
            worst = lo_sum[kk] - hi_sum[k] + common
            best = hi_sum[kk] - lo_sum[k] - common
            if np.any(np.all(worst >= 0, axis=1) & np.any(best > 0, axis=1)):
                continue
        kept.append(int(k))
    return [unique[k] for k in kept]


def brute_force(cp: Compiled) -> list[frozenset[int]]:
    """Every feasible portfolio filtered for dominance: the reference for small problems."""
    n = cp.n
    if n > 22:
        raise ValueError("brute force is for at most 22 items")
    feas = [
        frozenset(i for i in range(n) if mask >> i & 1)
        for mask in range(1 << n)
        if feasible(cp, {i for i in range(n) if mask >> i & 1})
    ]
    return filter_non_dominated(cp, feas)
