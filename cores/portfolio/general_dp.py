"""The exact non-dominated portfolios of a general problem by dynamic programming.

``non_dominated_dp`` computes the set exactly by dynamic programming over the items with dominance
pruning, in the style of the multi-objective knapsack literature (Bazgan, Hugot & Vanderpooten 2009):

* every limit and rule is a row ``min <= sum_i a_i x_i <= max`` (the count, an exclusive group's
  ``sum <= 1``, a dependency's ``x_B - x_A <= 0``); must-in items are forced, must-out items dropped;
* a state is a partial portfolio over the first ``k`` items: its value at every extreme point (low and
  high scores) and its row totals;
* a state is dropped when no completion can satisfy every row (the undecided items' least and largest
  possible contributions), when a known feasible portfolio dominates an upper bound of every completion's
  value (the LP bound of the knapsack rows per extreme point), or when another state of the same stage
  dominates it: better value (the RPM test on what differs) and rows at least as good for every
  completion (the interval of additions that keeps each row feasible is at least as wide);
* the states after the last item are the feasible portfolios left; a final RPM filter gives the set.

Each drop removes only portfolios some feasible portfolio dominates, so every non-dominated portfolio
survives. With a deadline, the search stops between (or inside) stages; the states then still hold a
prefix of every non-dominated portfolio, which proves some items *core* (in every state) or *exterior*
(in none) among the items already decided. The result says whether it is complete.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cores.portfolio.general_sets import MAX_VERTICES, Compiled, feasible, filter_non_dominated

_PICK_ALL = 400
_PARETO_BLOCK = 64
_COMPACT_COLUMNS = 6  # measured: on fewer columns (knapsacks with 3-4 criteria) ordering and compaction cost more than they save
_PROJECTION = np.random.default_rng(12345).random(MAX_VERTICES)
_INTERVAL_FILTER = (
    True  # measured on generated appraisal-like cases with interval scores (benchmarks/RESULTS.md)
)


# ---- the dynamic programme ----------------------------------------------------------------------------------


@dataclass
class DPResult:
    portfolios: list[frozenset[int]]  # indices into Compiled.ids
    complete: bool
    seconds: float
    max_states: int = 0
    stages_done: int = 0
    proven_core: set[int] = field(default_factory=set)
    proven_exterior: set[int] = field(default_factory=set)
    note: str = ""


def _order(cp: Compiled) -> list[int]:
    """Forced items first, then the heaviest first (share of the max-limited rows), ties worst value per use first."""
    n = cp.n
    k = cp.lo.shape[1]
    mid = (cp.lo + cp.hi).astype(np.float64)
    # a normalised weight per item: its share of every max-limited row's capacity
    weight = np.zeros(n)
    for r in range(cp.a.shape[1]):
        cap = cp.rmax[r]
        if cap is not None and cap > 0 and (cp.a[:, r] >= 0).all():
            weight += cp.a[:, r] / float(cap)
    weight = np.maximum(weight, 1e-9)
    ranks = np.zeros((n, k))
    for e in range(k):
        ratio = mid[:, e] / weight
        order = np.argsort(-ratio, kind="stable")
        ranks[order, e] = np.arange(n)
    # measured: the heaviest items first (their share of the limited rows), ties by the least attractive
    # first, keeps the fewest states (50 items, 4 criteria: 11,777 at most instead of 24,094 by
    # attractiveness alone; 3 criteria 4,784 instead of 6,819; see benchmarks/RESULTS.md)
    key = -ranks.sum(axis=1)
    forced = [i for i in range(n) if cp.forced[i]]
    rest = sorted((i for i in range(n) if not cp.forced[i]), key=lambda i: (-weight[i], key[i], i))
    return forced + rest


class _Greedy:
    """Feasible portfolios from greedy fills at weights (a lower set for the bound test)."""

    def __init__(self, cp: Compiled, seed: int = 0) -> None:
        self.cp = cp
        self.rng = random.Random(seed)

    def run(self, directions: int) -> list[frozenset[int]]:
        cp = self.cp
        k = cp.lo.shape[1]
        out: list[frozenset[int]] = []
        weight = np.zeros(cp.n)
        for r in range(cp.a.shape[1]):
            cap = cp.rmax[r]
            if cap is not None and cap > 0 and (cp.a[:, r] >= 0).all():
                weight += cp.a[:, r] / float(cap)
        weight = np.maximum(weight, 1e-9)
        dirs = [np.eye(k)[e] for e in range(k)] + [np.ones(k) / k]
        for _ in range(directions):
            x = np.array([self.rng.expovariate(1.0) for _ in range(k)])
            dirs.append(x / x.sum())
        for lam in dirs:
            val = cp.lo.astype(np.float64) @ lam
            for key in (val / weight, val):
                chosen = set(int(i) for i in np.nonzero(cp.forced)[0])
                tot = cp.a[sorted(chosen)].sum(axis=0) if chosen else np.zeros(cp.a.shape[1], dtype=np.int64)
                for i in np.argsort(-key, kind="stable"):
                    i = int(i)
                    if i in chosen or val[i] <= 0:
                        continue
                    new = tot + cp.a[i]
                    if all(b is None or new[r] <= b for r, b in enumerate(cp.rmax)):
                        chosen.add(i)
                        tot = new
                if feasible(cp, chosen):
                    out.append(frozenset(chosen))
        return out


def non_dominated_dp(
    cp: Compiled,
    *,
    deadline: float | None = None,
    bound_prune: bool = True,
    lower_directions: int = 30,
    block: int = 2048,
    joint: bool = True,
) -> DPResult:
    """The exact non-dominated portfolios (see the module's docstring); ``complete`` unless stopped."""
    t0 = time.perf_counter()
    n, k_pts = cp.n, cp.lo.shape[1]
    n_rows = cp.a.shape[1]
    order = _order(cp)
    intervals = bool((cp.hi != cp.lo).any())
    lo_f = cp.lo.astype(np.float64)
    hi_f = cp.hi.astype(np.float64)
    delta_f = hi_f - lo_f
    big = float(2**62)
    rmin = np.array([-big if v is None else float(v) for v in cp.rmin])
    rmax = np.array([big if v is None else float(v) for v in cp.rmax])
    a_f = cp.a.astype(np.float64)
    # remaining least/largest contributions after stage t (items order[t:])
    rem_neg = np.zeros((n + 1, n_rows))
    rem_pos = np.zeros((n + 1, n_rows))
    for t in range(n - 1, -1, -1):
        i = order[t]
        if cp.forced[i]:
            rem_neg[t] = rem_neg[t + 1] + a_f[i]
            rem_pos[t] = rem_pos[t + 1] + a_f[i]
        else:
            rem_neg[t] = rem_neg[t + 1] + np.minimum(0.0, a_f[i])
            rem_pos[t] = rem_pos[t + 1] + np.maximum(0.0, a_f[i])
    # lower set: feasible portfolios by greedy fills
    lower: list[frozenset[int]] = []
    if bound_prune:
        lower = filter_non_dominated(cp, _Greedy(cp).run(lower_directions))
    low_m = np.zeros((len(lower), n), dtype=bool)
    for r_, s_ in enumerate(lower):
        low_m[r_, sorted(s_)] = True
    low_vals = low_m.astype(np.float64) @ lo_f
    # knapsack rows for the bound: max-limited, non-negative coefficients
    kn_rows = [r for r in range(n_rows) if cp.rmax[r] is not None and (cp.a[:, r] >= 0).all()]
    # the count row and the rows it bounds jointly (see _joint_rows)
    n_forced = int(cp.forced.sum())
    count_row = next(
        (r for r in range(n_rows) if cp.rmax[r] is not None and n and (cp.a[:, r] == 1).all()), None
    )
    max_rows = [
        r for r in range(n_rows) if r != count_row and cp.rmax[r] is not None and (cp.a[:, r] >= 0).all()
    ]
    min_rows = [r for r in range(n_rows) if cp.rmin[r] is not None]
    # states
    member = np.zeros((1, n), dtype=bool)
    v_lo = np.zeros((1, k_pts))
    v_hi = np.zeros((1, k_pts))
    use = np.zeros((1, n_rows))
    max_states = 1
    complete = True
    note = ""
    stages_done = 0
    for t in range(n):
        if deadline is not None and time.perf_counter() > deadline:
            complete = False
            note = f"stopped at the time limit after {t} of {n} items"
            break
        i = order[t]
        with_i_use = use + a_f[i]
        if cp.forced[i]:
            member[:, i] = True
            v_lo, v_hi, use = v_lo + lo_f[i], v_hi + hi_f[i], with_i_use
        else:
            m2 = member.copy()
            m2[:, i] = True
            member = np.vstack([member, m2])
            v_lo = np.vstack([v_lo, v_lo + lo_f[i]])
            v_hi = np.vstack([v_hi, v_hi + hi_f[i]])
            use = np.vstack([use, with_i_use])
        # feasibility of some completion
        ok = np.all(use + rem_neg[t + 1] <= rmax, axis=1) & np.all(use + rem_pos[t + 1] >= rmin, axis=1)
        member, v_lo, v_hi, use = member[ok], v_lo[ok], v_hi[ok], use[ok]
        if not len(use):
            break
        # bound test against the lower set, improved by greedy completions of the states
        if bound_prune and t + 1 < n:
            # complete a spread of states: the best at the centroid and at each extreme point
            if len(v_lo) > _PICK_ALL:
                pick = np.unique(
                    np.concatenate(
                        [np.argsort(-v_lo.sum(axis=1))[:100]]
                        + [np.argsort(-v_lo[:, e])[:50] for e in range(k_pts)]
                    )
                )
            else:
                pick = np.arange(len(v_lo))
            extra_m, extra_v = _greedy_completions(
                cp, order[t + 1 :], member[pick], v_lo[pick], use[pick], lo_f, a_f, rmin, rmax
            )
            if len(extra_v):
                low_m = np.vstack([low_m, extra_m])
                low_vals = np.vstack([low_vals, extra_v])
                # duplicates out (by a random projection of the integer values; a rare collision only
                # drops a lower-set member, which weakens the bound test and nothing else)
                key = low_vals @ _PROJECTION[: low_vals.shape[1]]
                _, uniq = np.unique(key, return_index=True)
                low_m, low_vals = low_m[uniq], low_vals[uniq]
                keep_low = _prune_dominated(
                    low_m, low_vals, low_vals, np.zeros((len(low_vals), 0)), delta_f, False, block, None
                )
                assert keep_low is not None
                low_m, low_vals = low_m[keep_low], low_vals[keep_low]
        if bound_prune and len(low_vals) and t + 1 < n:
            ub = _upper_bounds(cp, order[t + 1 :], v_hi, use, kn_rows, hi_f, a_f, rmax)
            keep = np.ones(len(ub), dtype=bool)
            low_sum = low_vals.sum(axis=1)
            ub_sum = ub.sum(axis=1)
            step_b = max(16, int(4e6 // max(1, len(low_vals))))
            for s0 in range(0, len(ub), step_b):
                part = ub[s0 : s0 + step_b]
                # "at least as good everywhere" and a larger sum: strictly better somewhere
                dom = low_sum[None, :] > ub_sum[s0 : s0 + step_b, None]
                for e in range(k_pts):
                    dom &= low_vals[None, :, e] >= part[:, e, None]
                keep[s0 : s0 + step_b] = ~dom.any(axis=1)
            member, v_lo, v_hi, use = member[keep], v_lo[keep], v_hi[keep], use[keep]
        # dominance between states: rows by the interval of feasible additions
        lo_add = np.maximum(rmin - use, rem_neg[t + 1])  # smaller is better
        hi_add = np.minimum(rmax - use, rem_pos[t + 1])  # larger is better
        if joint and count_row is not None and t + 1 >= n_forced:
            ok = _joint_rows(order[t + 1 :], lo_add, hi_add, a_f, count_row, max_rows, min_rows)
            if not ok.all():
                member, v_lo, v_hi, use = member[ok], v_lo[ok], v_hi[ok], use[ok]
                lo_add, hi_add = lo_add[ok], hi_add[ok]
                if not len(use):
                    break
        res = np.hstack([-lo_add, hi_add])
        keep_idx = _prune_dominated(
            member, v_lo, v_hi, res, delta_f, intervals, block, None if deadline is None else deadline
        )
        if keep_idx is None:  # stopped inside the stage: the unpruned states are still a valid superset
            complete = False
            note = f"stopped at the time limit at item {t + 1} of {n}"
            stages_done = t + 1
            max_states = max(max_states, len(use))
            break
        member, v_lo, v_hi, use = member[keep_idx], v_lo[keep_idx], v_hi[keep_idx], use[keep_idx]
        max_states = max(max_states, len(use))
        stages_done = t + 1
    decided = order[:stages_done]
    proven_core: set[int] = set()
    proven_ext: set[int] = set()
    if complete:
        finals = [frozenset(np.nonzero(row)[0].tolist()) for row in member]
        finals = [s for s in finals if feasible(cp, s)]
        nd = filter_non_dominated(cp, finals)
        for i in range(n):
            share = sum(1 for s in nd if i in s)
            if share == len(nd) and nd:
                proven_core.add(i)
            elif share == 0:
                proven_ext.add(i)
        return DPResult(nd, True, time.perf_counter() - t0, max_states, stages_done, proven_core, proven_ext)
    if len(member):
        for i in decided:
            col = member[:, i]
            if col.all():
                proven_core.add(i)
            elif not col.any():
                proven_ext.add(i)
    elif stages_done:  # no state left: nothing is feasible
        pass
    lower += [frozenset(np.nonzero(row)[0].tolist()) for row in low_m]
    found = filter_non_dominated(cp, lower or _Greedy(cp).run(lower_directions))
    return DPResult(
        found, False, time.perf_counter() - t0, max_states, stages_done, proven_core, proven_ext, note
    )


def _joint_rows(
    rest: list[int],
    lo_add: NDArray[np.float64],
    hi_add: NDArray[np.float64],
    a_f: NDArray[np.float64],
    count_row: int,
    max_rows: list[int],
    min_rows: list[int],
) -> NDArray[np.bool_]:
    """Tighten the states' row intervals by the count limit; the states some completion can still satisfy.

    ``rest`` are the undecided items (none forced). With ``k`` slots left (``hi_add`` of the count
    row) and ``c`` left on a max-limited row of non-negative coefficients, a completion uses at most
    the ``k`` largest coefficients' sum of that row and holds at most as many items as the cheapest
    ones that fit in ``c``; so ``c`` and ``k`` are lowered to those (in place: the same completions
    stay feasible, and more states compare in the dominance test). A min-limited row whose missing
    amount (``lo_add``) exceeds the ``k`` largest positive coefficients left can no longer be
    satisfied: that state is dropped.
    """
    m = len(rest)
    k = np.clip(hi_add[:, count_row], 0, m).astype(np.int64)
    k_new = k.copy()
    for r in max_rows:
        col = a_f[rest, r]
        top = np.concatenate([[0.0], np.cumsum(np.sort(col)[::-1])])
        cheap = np.concatenate([[0.0], np.cumsum(np.sort(col))])
        cap = hi_add[:, r].copy()
        hi_add[:, r] = np.minimum(cap, top[k])
        k_new = np.minimum(k_new, np.searchsorted(cheap, cap, side="right") - 1)
    hi_add[:, count_row] = np.minimum(hi_add[:, count_row], k_new)
    ok = np.ones(len(k), dtype=bool)
    for r in min_rows:
        top = np.concatenate([[0.0], np.cumsum(np.sort(np.maximum(a_f[rest, r], 0.0))[::-1])])
        ok &= lo_add[:, r] <= top[k_new]
    return ok


def _greedy_completions(
    cp: Compiled,
    rest: list[int],
    member: NDArray[np.bool_],
    v_lo: NDArray[np.float64],
    use: NDArray[np.float64],
    lo_f: NDArray[np.float64],
    a_f: NDArray[np.float64],
    rmin: NDArray[np.float64],
    rmax: NDArray[np.float64],
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Every state completed greedily (by value per use at each extreme point); the feasible ones."""
    k_pts = lo_f.shape[1]
    weight = np.zeros(cp.n)
    for r in range(a_f.shape[1]):
        if rmax[r] < 2**61 and rmax[r] > 0 and (a_f[:, r] >= 0).all():
            weight += a_f[:, r] / rmax[r]
    weight = np.maximum(weight, 1e-9)
    forced = [i for i in rest if cp.forced[i]]
    free = [i for i in rest if not cp.forced[i]]
    out_m: list[NDArray[np.bool_]] = []
    out_v: list[NDArray[np.float64]] = []
    dirs = [np.eye(k_pts)[e] for e in range(k_pts)] + ([np.ones(k_pts) / k_pts] if k_pts > 1 else [])
    for lam in dirs:
        m = member.copy()
        u = use.copy()
        if forced:
            m[:, forced] = True
            u = u + a_f[forced].sum(axis=0)
        val = lo_f @ lam
        for i in sorted(free, key=lambda j: -val[j] / weight[j]):
            if val[i] <= 0:
                continue
            nu = u + a_f[i]
            take = np.all(nu <= rmax, axis=1)
            u[take] = nu[take]
            m[take, i] = True
        ok = np.all(u <= rmax, axis=1) & np.all(u >= rmin, axis=1)
        out_m.append(m[ok])
        out_v.append(m[ok].astype(np.float64) @ lo_f)
    return np.vstack(out_m), np.vstack(out_v)


def _upper_bounds(
    cp: Compiled,
    rest: list[int],
    v_hi: NDArray[np.float64],
    use: NDArray[np.float64],
    kn_rows: list[int],
    hi_f: NDArray[np.float64],
    a_f: NDArray[np.float64],
    rmax: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Per state and extreme point: its best-case value plus an upper bound of any completion's.

    Without a knapsack row: every remaining positive value. With one: the LP (Dantzig) bound of that
    row with the state's residual capacity (the minimum over the rows; each is valid).
    """
    s, k_pts = v_hi.shape
    forced_rest = [i for i in rest if cp.forced[i]]
    free_rest = [i for i in rest if not cp.forced[i]]
    base = v_hi + (hi_f[forced_rest].sum(axis=0) if forced_rest else 0.0)
    vals = np.maximum(hi_f[free_rest], 0.0) if free_rest else np.zeros((0, k_pts))
    best = np.tile(vals.sum(axis=0), (s, 1))
    if not free_rest:
        return base
    forced_use = a_f[forced_rest].sum(axis=0) if forced_rest else np.zeros(a_f.shape[1])
    for r in kn_rows:
        w = a_f[free_rest, r]
        cap = rmax[r] - use[:, r] - forced_use[r]
        cap = np.maximum(cap, 0.0)
        zero = w <= 0
        free_val = vals[zero].sum(axis=0)
        wp = w[~zero]
        if not len(wp):
            best = np.minimum(best, np.tile(free_val, (s, 1)))
            continue
        for e in range(k_pts):
            v = vals[~zero, e]
            ordr = np.argsort(-(v / wp), kind="stable")
            cw = np.concatenate([[0.0], np.cumsum(wp[ordr])])
            cv = np.concatenate([[0.0], np.cumsum(v[ordr])])
            idx = np.searchsorted(cw, cap, side="right") - 1  # whole items that fit
            idx = np.minimum(idx, len(wp))
            bound = cv[idx]
            nxt = np.minimum(idx, len(wp) - 1)
            part = np.where(idx < len(wp), (cap - cw[idx]) * (v[ordr][nxt] / wp[ordr][nxt]), 0.0)
            bound = bound + part + free_val[e]
            best[:, e] = np.minimum(best[:, e], bound)
    out: NDArray[np.float64] = base + best
    return out


def _prune_dominated(
    member: NDArray[np.bool_],
    v_lo: NDArray[np.float64],
    v_hi: NDArray[np.float64],
    res: NDArray[np.float64],
    delta: NDArray[np.float64],
    intervals: bool,
    block: int,
    deadline: float | None,
) -> NDArray[np.int64] | None:
    """Indices of the states no other state dominates (None when the deadline passed)."""
    s = len(v_lo)
    centre = (v_lo + v_hi).sum(axis=1)
    order = np.argsort(-centre, kind="stable")
    v_lo, v_hi, res, member = v_lo[order], v_hi[order], res[order], member[order]
    centre = centre[order]
    # drop the row columns that are the same for every state (they decide nothing)
    if len(res):
        res = res[:, np.any(res != res[0], axis=0)]
    if not intervals:
        return _prune_pareto(order, np.hstack([v_lo, res]), centre, block, deadline)
    if _INTERVAL_FILTER:
        return _prune_interval(order, member, v_lo, v_hi, res, centre, delta, deadline)
    mf = member.astype(np.float64) if intervals else None
    alive = np.ones(s, dtype=bool)
    for b0 in range(0, s, block):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        b1 = min(s, b0 + block)
        cand = np.nonzero(alive[:b1])[0]  # possible dominators: alive and not lower in centroid order
        q = np.arange(b0, b1)
        q = q[alive[b0:b1]]
        if not len(q) or not len(cand):
            continue
        step = max(64, int(4e6 // len(q)))
        for c0 in range(0, len(cand), step):
            cc = cand[c0 : c0 + step]
            # a dominator is strictly higher at the centroid (given "never worse", this is the strictness)
            dom = centre[cc][:, None] > centre[q][None, :]
            for j in range(res.shape[1]):
                dom &= res[cc, j][:, None] >= res[q, j][None, :]
            if not dom.any():
                continue
            if intervals:
                assert mf is not None
                for e in range(v_lo.shape[1]):
                    common = (mf[cc] * delta[:, e]) @ mf[q].T
                    dom &= v_lo[cc, e][:, None] - v_hi[q, e][None, :] + common >= 0
            else:
                for e in range(v_lo.shape[1]):
                    dom &= v_lo[cc, e][:, None] >= v_lo[q, e][None, :]
            hit = dom.any(axis=0)
            alive[q[hit]] = False
            q = q[~hit]
            if not len(q):
                break
    return np.sort(order[alive])


def _possible_dominators(x: NDArray[Any], alive: NDArray[np.bool_], b0: int, b1: int) -> NDArray[np.int64]:
    """The alive states among the first ``b1`` that are at least as high as the least value of the block
    ``b0:b1`` in every column of ``x``: only they can dominate a state of the block."""
    floor = x[b0:b1].min(axis=0)
    ok = alive[:b1].copy()
    for j in range(x.shape[1]):
        ok &= x[:b1, j] >= floor[j]
    result: NDArray[np.int64] = np.nonzero(ok)[0]
    return result


def _prune_pareto(
    order: NDArray[np.int64],
    x: NDArray[np.float64],
    centre: NDArray[np.float64],
    block: int,
    deadline: float | None,
) -> NDArray[np.int64] | None:
    """``_prune_dominated`` without interval scores: plain dominance of the columns of ``x``.

    The rows of ``x`` are in decreasing ``centre`` order (a dominator is strictly higher there and so
    comes first). Levers, each measured in ``benchmarks/portfolio/robust_dp.py``: integers below 2**24
    compare exactly as float32 (half the memory traffic); the query states go in small blocks, and
    only the alive states at least as high as a block's least value in every column can dominate a
    state of the block, so they are picked first (a cheap O(states x columns) filter per block
    before the quadratic test).
    """
    s = len(x)
    if s and float(np.abs(x).max()) < 2**24 and float(np.abs(centre).max()) < 2**24:
        x = x.astype(np.float32)
        centre = centre.astype(np.float32)
    compact = x.shape[1] > _COMPACT_COLUMNS
    if compact and s > 64:
        # the most selective columns first (measured on sampled pairs): a pair is dropped sooner
        rng = np.random.default_rng(s)
        left, right = rng.integers(0, s, 4096), rng.integers(0, s, 4096)
        x = x[:, np.argsort((x[left] >= x[right]).mean(axis=0), kind="stable")]
    alive = np.ones(s, dtype=bool)
    small = min(block, _PARETO_BLOCK)
    for b0 in range(0, s, small):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        b1 = min(s, b0 + small)
        q = np.arange(b0, b1)
        cand = _possible_dominators(x, alive, b0, b1) if b0 else np.arange(b1)
        if not len(cand):
            continue
        step = max(64, int(4e6 // len(q)))
        for c0 in range(0, len(cand), step):
            cc = cand[c0 : c0 + step]
            dom = centre[cc][:, None] > centre[q][None, :]
            for j in range(x.shape[1]):
                dom &= x[cc, j][:, None] >= x[q, j][None, :]
                if compact and j < 3:  # the possible dominators left after the most selective columns
                    rows = dom.any(axis=1)
                    cc, dom = cc[rows], dom[rows]
            hit = dom.any(axis=0)
            if hit.any():
                alive[q[hit]] = False
                q = q[~hit]
            if not len(q):
                break
    return np.sort(order[alive])


def _prune_interval(
    order: NDArray[np.int64],
    member: NDArray[np.bool_],
    v_lo: NDArray[np.float64],
    v_hi: NDArray[np.float64],
    res: NDArray[np.float64],
    centre: NDArray[np.float64],
    delta: NDArray[np.float64],
    deadline: float | None,
) -> NDArray[np.int64] | None:
    """``_prune_dominated`` with interval scores, the exact test run only where cheap tests leave it open.

    State ``x`` dominates ``y`` at an extreme point when ``lo(x \\ y) >= hi(y \\ x)``, i.e.
    ``v_lo[x] - v_hi[y] + common >= 0`` with ``common`` the score widths of the items both hold (a
    matrix product over the items, the cost of this test). Adding the common items' low (or high)
    scores to both sides shows that ``v_lo[x] >= v_lo[y]`` and ``v_hi[x] >= v_hi[y]`` are necessary,
    and ``common >= 0`` makes ``v_lo[x] >= v_hi[y]`` sufficient. So, as in ``_prune_pareto``, small
    blocks of query states meet only the alive states at least as high as the block's least value in
    every necessary column; the pairs are filtered by those columns; and the product is computed only
    for the possible dominators of pairs the sufficient test leaves open. The rows of the inputs are
    in decreasing ``centre`` order.
    """
    s = len(v_lo)
    x = np.hstack([v_lo, v_hi, res])
    # the widths are integers (a common unit): an integer product runs in numpy's own loop, not in a
    # multi-threaded BLAS whose spinning threads cost more CPU than the small products here save
    # (measured: benchmarks/RESULTS.md)
    mi = member.astype(np.int64)
    width = np.rint(delta).astype(np.int64)
    alive = np.ones(s, dtype=bool)
    k_pts = v_lo.shape[1]
    for b0 in range(0, s, _PARETO_BLOCK):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        b1 = min(s, b0 + _PARETO_BLOCK)
        q = np.arange(b0, b1)
        cand = _possible_dominators(x, alive, b0, b1)
        if not len(cand):
            continue
        step = max(64, int(4e6 // len(q)))
        for c0 in range(0, len(cand), step):
            cc = cand[c0 : c0 + step]
            dom = centre[cc][:, None] > centre[q][None, :]
            for j in range(x.shape[1]):
                dom &= x[cc, j][:, None] >= x[q, j][None, :]
            rows = dom.any(axis=1)
            cc, dom = cc[rows], dom[rows]
            for e in range(k_pts):
                if not len(cc):
                    break
                open_ = dom & (v_lo[cc, e][:, None] < v_hi[q, e][None, :])
                need = open_.any(axis=1)
                if need.any():
                    cn = cc[need]
                    common = (mi[cn] * width[:, e]) @ mi[q].T
                    sub = dom[need]
                    sub &= v_lo[cn, e][:, None] - v_hi[q, e][None, :] + common >= 0
                    dom[need] = sub
                rows = dom.any(axis=1)
                cc, dom = cc[rows], dom[rows]
            if not len(cc):
                continue
            hit = dom.any(axis=0)
            if hit.any():
                alive[q[hit]] = False
                q = q[~hit]
            if not len(q):
                break
    return np.sort(order[alive])
