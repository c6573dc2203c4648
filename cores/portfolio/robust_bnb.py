"""Robust Portfolio Modelling's exact branch and bound over the candidates (``algorithm="branch_and_bound"``).

A depth-first search over partial portfolios with a feasibility test and a bound test against an
archive of feasible portfolios (see ``robust``'s docstring); ``_seed_portfolios`` gives the exact
optimum at every extreme point, which the MILP method also uses as its start.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from fractions import Fraction

import highspy
import numpy as np
from highspy._core import _Highs
from numpy.typing import NDArray

from cores.portfolio.linear import LinearModel, criterion_values
from cores.portfolio.model import Problem
from cores.portfolio.robust_values import ValueTable
from cores.portfolio.solve import (
    Settings,
    solve,
)
from cores.portfolio.weights import Point

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

# See robust.run_milp: both stalled past the time limit on these models. Every MILP of a robustness run
# (the seeding at extreme points included) uses them.
ROBUST_HIGHS_OPTIONS: tuple[tuple[str, bool], ...] = (
    ("mip_heuristic_run_rens", False),
    ("mip_allow_restart", False),
)


@dataclass
class _Surrogate:
    """Per depth and extreme point: the undecided candidates' surrogate costs sorted by value per cost."""

    mult: FloatArray  # K x R multipliers (on normalised rows)
    cum_cost: list[list[FloatArray]]  # [depth][e] cumulative surrogate cost of positive-cost items
    cum_val: list[list[FloatArray]]  # [depth][e] cumulative values of those items
    costs: list[list[FloatArray]]
    vals: list[list[FloatArray]]
    neg_cost: FloatArray  # depth x K: sum of non-positive surrogate costs of undecided items
    neg_val: FloatArray  # depth x K: their values


@dataclass
class _Search:
    lm: LinearModel
    vt: ValueTable
    order: list[int]
    a: IntArray  # R x options, exact
    rhs: IntArray
    a_norm: FloatArray
    rhs_norm: FloatArray
    suffix_min: IntArray  # (n + 1) x R
    sur: _Surrogate
    deadline: float
    archive: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))  # worst cases L_e(a)
    archive_hi: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))  # best cases H_e(a)
    archive_member: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))  # 0/1 per candidate
    archive_size: int = 0
    has_intervals: bool = False
    delta_f: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    leaves: dict[int, tuple[IntArray, IntArray]] = field(default_factory=dict)
    nodes: int = 0
    timed_out: bool = False


def _lp_multipliers(a_norm: FloatArray, rhs_norm: FloatArray, values: FloatArray) -> FloatArray:
    """Dual prices of the LP relaxation maximising ``values`` (per option) under the normalised rows."""
    n_opt = a_norm.shape[1]
    n_row = a_norm.shape[0]
    if n_row == 0 or n_opt == 0:
        return np.zeros(n_row)
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    rows = a_norm
    upper = rhs_norm
    nz = np.nonzero(rows)
    starts = np.searchsorted(nz[0], np.arange(rows.shape[0])).astype(np.int32)
    h.passModel(
        n_opt,
        rows.shape[0],
        len(nz[0]),
        2,
        -1,
        0.0,
        values.astype(np.float64),
        np.zeros(n_opt),
        np.ones(n_opt),
        np.full(rows.shape[0], -highspy.kHighsInf),
        upper.astype(np.float64),
        starts,
        nz[1].astype(np.int32),
        rows[nz].astype(np.float64),
        np.zeros(n_opt, dtype=np.int32),
    )
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return np.zeros(n_row)
    duals = np.abs(np.array(h.getSolution().row_dual[:n_row], dtype=np.float64))
    return duals


def _prepare(lm: LinearModel, vt: ValueTable, deadline: float) -> _Search:
    n = lm.n
    n_opt = len(lm.options)
    n_row = len(lm.rows)
    a = np.zeros((n_row, n_opt), dtype=np.int64)
    for r, row in enumerate(lm.rows):
        for j, coef in row.coef.items():
            a[r, j] = coef
    rhs = np.array([row.rhs for row in lm.rows], dtype=np.int64)
    scale = np.maximum(np.abs(a).max(axis=1, initial=0), np.abs(rhs)).astype(np.float64)
    scale[scale == 0] = 1.0
    a_norm = a / scale[:, None]
    rhs_norm = rhs / scale
    # order: forced projects first, then by centre value per euro
    forced = [i for i, c in enumerate(lm.problem.candidates) if c.funded or c.id in lm.problem.rules.must_in]
    centre = vt.centre()
    rest = sorted(
        (i for i in range(n) if i not in forced),
        key=lambda i: (-float(centre[i]) / max(lm.total_cost[i], 1), i),
    )
    order = forced + rest
    # smallest possible contribution of the undecided candidates to every row
    cand_min = np.zeros((n, n_row), dtype=np.int64)
    for i in range(n):
        if lm.by_cand[i]:
            cand_min[i] = np.minimum(0, a[:, lm.by_cand[i]].min(axis=1))
    suffix_min = np.zeros((n + 1, n_row), dtype=np.int64)
    for k in range(n - 1, -1, -1):
        suffix_min[k] = suffix_min[k + 1] + cand_min[order[k]]
    # surrogate rows from the root LP relaxation per extreme point (on the high scores)
    k_pts = vt.lo.shape[1]
    opt_cand = np.array([o.cand for o in lm.options], dtype=np.int64)
    mult = np.zeros((k_pts, n_row))
    for e in range(k_pts):
        mult[e] = _lp_multipliers(a_norm, rhs_norm, vt.hi[opt_cand, e].astype(np.float64))
    sur_opt = mult @ a_norm  # K x options
    sur_cand = np.zeros((k_pts, n))
    for i in range(n):
        if lm.by_cand[i]:
            sur_cand[:, i] = sur_opt[:, lm.by_cand[i]].min(axis=1)
    cum_cost: list[list[FloatArray]] = []
    cum_val: list[list[FloatArray]] = []
    costs: list[list[FloatArray]] = []
    vals: list[list[FloatArray]] = []
    neg_cost = np.zeros((n + 1, k_pts))
    neg_val = np.zeros((n + 1, k_pts))
    for k in range(n + 1):
        undecided = [i for i in order[k:] if lm.by_cand[i]]
        cc: list[FloatArray] = []
        cv: list[FloatArray] = []
        c_list: list[FloatArray] = []
        v_list: list[FloatArray] = []
        for e in range(k_pts):
            s = sur_cand[e, undecided] if undecided else np.zeros(0)
            v = vt.hi[undecided, e].astype(np.float64) if undecided else np.zeros(0)
            neg = s <= 1e-12
            neg_cost[k, e] = float(np.minimum(s[neg], 0).sum())
            neg_val[k, e] = float(v[neg].sum())
            s_pos, v_pos = s[~neg], v[~neg]
            ratio_order = np.argsort(-(v_pos / s_pos), kind="stable")
            s_pos, v_pos = s_pos[ratio_order], v_pos[ratio_order]
            cc.append(np.cumsum(s_pos))
            cv.append(np.cumsum(v_pos))
            c_list.append(s_pos)
            v_list.append(v_pos)
        cum_cost.append(cc)
        cum_val.append(cv)
        costs.append(c_list)
        vals.append(v_list)
    sur = _Surrogate(mult, cum_cost, cum_val, costs, vals, neg_cost, neg_val)
    search = _Search(lm, vt, order, a, rhs, a_norm, rhs_norm, suffix_min, sur, deadline)
    search.archive = np.zeros((64, k_pts))
    search.archive_hi = np.zeros((64, k_pts))
    search.archive_member = np.zeros((64, n))
    search.delta_f = vt.delta.astype(np.float64)
    search.has_intervals = bool(vt.delta.any())
    return search


def _bound(s: _Search, depth: int, lhs_norm: FloatArray, hi_sum: FloatArray) -> FloatArray | None:
    """Upper bound per extreme point of the best-case value of any completion (None: no completion)."""
    sur = s.sur
    cap = sur.mult @ (s.rhs_norm - lhs_norm) - sur.neg_cost[depth]
    k_pts = len(cap)
    out: FloatArray = hi_sum + sur.neg_val[depth]
    for e in range(k_pts):
        c = cap[e]
        if c < -1e-9 * (1.0 + abs(float(sur.neg_cost[depth, e]))):
            return None
        cum = sur.cum_cost[depth][e]
        if not len(cum):
            continue
        t = bisect_right(cum.tolist(), c) if len(cum) < 32 else int(np.searchsorted(cum, c, side="right"))
        gain = float(sur.cum_val[depth][e][t - 1]) if t > 0 else 0.0
        if t < len(cum):
            used = float(cum[t - 1]) if t > 0 else 0.0
            gain += max(0.0, c - used) / float(sur.costs[depth][e][t]) * float(sur.vals[depth][e][t])
        out[e] += gain
    return out


def _dominated_by_archive(s: _Search, ub: FloatArray, chosen: list[int]) -> bool:
    """Does an archived feasible portfolio ``a`` dominate every completion of the partial portfolio?

    With ``In`` the chosen candidates, a completion ``q`` and ``D_e = sum_{i in a & In} (hi_ie - lo_ie)``,
    a's worst case minus q's best case on what differs is ``L_e(a) - H_e(q) + sum_{a & q} delta
    >= L_e(a) + D_e - ub_e`` (projects common to both cancel, and ``ub`` bounds ``H_e(q)``). So ``a``
    dominates every completion when ``L_e(a) + D_e >= ub_e`` everywhere and ``>`` somewhere.
    """
    if not s.archive_size:
        return False
    margin = 1e-7 * (np.abs(ub) + 1.0) + 1e-6
    limit = ub + margin
    arch = s.archive[: s.archive_size]
    if s.has_intervals and chosen:
        arch = arch + s.archive_member[: s.archive_size][:, chosen] @ s.delta_f[chosen]
    return bool(np.any(np.all(arch >= limit, axis=1) & np.any(arch > limit, axis=1)))


def _add_archive(s: _Search, lo_sum: IntArray, hi_sum: IntArray, members: list[int]) -> None:
    """Keep a feasible portfolio as a pruner unless an archived one makes it useless.

    Without score intervals an archived worst case at least as high everywhere prunes everything the
    new one would; with intervals the archive keeps portfolios no archived one dominates (the pairwise
    test). Which pruners are kept only affects speed, never the result.
    """
    vec = lo_sum.astype(np.float64)
    size = s.archive_size
    arch = s.archive[:size]
    member = np.zeros(s.vt.lo.shape[0])
    member[members] = 1.0
    if not s.has_intervals:
        if size and np.any(np.all(arch >= vec, axis=1)):
            return
        keep = ~np.all(arch <= vec, axis=1) if size else np.zeros(0, dtype=bool)
    else:
        arch_member = s.archive_member[:size]
        arch_hi = s.archive_hi[:size]
        common = arch_member[:, members] @ s.delta_f[members] if members else np.zeros_like(arch)
        hi_f = hi_sum.astype(np.float64)
        # archived a against the new q: worst = L(a) - H(q) + common, best = H(a) - L(q) - common
        worst = arch - hi_f + common
        best = arch_hi - vec - common
        if size and np.any(np.all(worst >= 0, axis=1) & np.any(best > 0, axis=1)):
            return
        worst_q = vec - arch_hi + common
        best_q = hi_f - arch - common
        keep = ~(np.all(worst_q >= 0, axis=1) & np.any(best_q > 0, axis=1))
    kept = arch[keep]
    kept_member = s.archive_member[:size][keep]
    kept_hi = s.archive_hi[:size][keep]
    new_size = len(kept) + 1
    if new_size > len(s.archive):
        s.archive = np.zeros((2 * new_size, len(vec)))
        s.archive_hi = np.zeros((2 * new_size, len(vec)))
        s.archive_member = np.zeros((2 * new_size, len(member)))
    s.archive[: len(kept)] = kept
    s.archive[len(kept)] = vec
    s.archive_hi[: len(kept)] = kept_hi
    s.archive_hi[len(kept)] = hi_sum
    s.archive_member[: len(kept)] = kept_member
    s.archive_member[len(kept)] = member
    s.archive_size = new_size


def _dfs(
    s: _Search,
    depth: int,
    lhs: IntArray,
    lhs_norm: FloatArray,
    lo_sum: IntArray,
    hi_sum: IntArray,
    mask: int,
    chosen: list[int],
) -> None:
    s.nodes += 1
    if s.nodes % 2048 == 0 and time.perf_counter() > s.deadline:
        s.timed_out = True
    if s.timed_out:
        return
    n = len(s.order)
    if depth == n:
        if np.all(lhs <= s.rhs) and mask not in s.leaves:
            s.leaves[mask] = (lo_sum, hi_sum)
            _add_archive(s, lo_sum, hi_sum, chosen)
        return
    i = s.order[depth]
    branches: list[int] = [*s.lm.by_cand[i], -1]
    for j in branches:
        if j >= 0:
            new_lhs = lhs + s.a[:, j]
            new_norm = lhs_norm + s.a_norm[:, j]
            new_lo = lo_sum + s.vt.lo[i]
            new_hi = hi_sum + s.vt.hi[i]
            new_mask = mask | (1 << i)
            new_chosen = [*chosen, i]
        else:
            new_lhs, new_norm, new_lo, new_hi, new_mask = lhs, lhs_norm, lo_sum, hi_sum, mask
            new_chosen = chosen
        if np.any(new_lhs + s.suffix_min[depth + 1] > s.rhs):
            continue
        ub = _bound(s, depth + 1, new_norm, new_hi.astype(np.float64))
        if ub is None or _dominated_by_archive(s, ub, new_chosen):
            continue
        _dfs(s, depth + 1, new_lhs, new_norm, new_lo, new_hi, new_mask, new_chosen)


def _run_branch_and_bound(
    lm: LinearModel, vt: ValueTable, deadline: float, seeds: list[frozenset[int]]
) -> _Search:
    """The depth-first search with the given feasible portfolios as the first pruners."""
    search = _prepare(lm, vt, deadline)
    k_pts = vt.lo.shape[1]
    for sel in seeds:
        members = sorted(sel)
        lo_sum = vt.lo[members].sum(axis=0) if sel else np.zeros(k_pts, dtype=np.int64)
        hi_sum = vt.hi[members].sum(axis=0) if sel else np.zeros(k_pts, dtype=np.int64)
        _add_archive(search, lo_sum, hi_sum, members)
    zero = np.zeros(k_pts, dtype=np.int64)
    _dfs(search, 0, np.zeros(len(lm.rows), dtype=np.int64), np.zeros(len(lm.rows)), zero, zero, 0, [])
    return search


def _seed_portfolios(
    problem: Problem,
    lm: LinearModel,
    points: list[Point],
    extra_weights: int,
    seed: int,
    time_limit: float,
    which: tuple[str, ...] = ("lo",),
    deadline: float | None = None,
) -> list[frozenset[int]]:
    """Exact best portfolios at every extreme point and at sampled interior weights (until the deadline)."""
    crit_ids = [c.id for c in problem.criteria]
    rng = random.Random(seed)
    weight_list: list[Point] = list(points)
    if len(points) > 1:
        centre = tuple(sum((p[c] for p in points), Fraction(0)) / len(points) for c in range(len(crit_ids)))
        weight_list.append(centre)
        for _ in range(extra_weights):
            raw = [rng.random() + 1e-3 for _ in points]
            lam = [Fraction(round(r * 1000), 1000) for r in raw]
            total = sum(lam, Fraction(0))
            weight_list.append(
                tuple(
                    sum((lam[k] * points[k][c] for k in range(len(points))), Fraction(0)) / total
                    for c in range(len(crit_ids))
                )
            )
    found: list[frozenset[int]] = []
    for w in weight_list:
        weights = dict(zip(crit_ids, w, strict=True))
        for end in which:
            if deadline is not None and time.perf_counter() > deadline:
                return found
            sub = _with_values(lm, problem, weights, end)
            sol = solve(sub, Settings(time_limit=time_limit, highs_options=ROBUST_HIGHS_OPTIONS))
            if sol.feasible:
                found.append(frozenset(lm.options[j].cand for j in sol.chosen))
    return found


def _with_values(lm: LinearModel, problem: Problem, weights: dict[str, Fraction], end: str) -> LinearModel:
    """The same rows with candidate values at other weights and score ends."""
    values = []
    for cand in problem.candidates:
        norm = criterion_values(problem, cand, end)
        values.append(
            sum((weights[c.id] * v for c, v in zip(problem.criteria, norm, strict=True)), Fraction(0))
        )
    return LinearModel(problem, lm.options, lm.by_cand, lm.rows, values, lm.total_cost, lm.frame_rows)
