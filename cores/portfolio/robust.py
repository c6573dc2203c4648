"""Robust Portfolio Modelling (Liesiö, Mild & Salo, EJOR 181 (2007) 1488–1505).

The steering group gives weights only as intervals and/or a rank order, and scores may be intervals.
Portfolio ``p`` *dominates* ``q`` when ``V(p, w, s) >= V(q, w, s)`` for every feasible weight ``w`` and
every score realisation ``s``, and ``>`` for some. Since the projects common to both cancel and each
project's score varies on its own, this is (as in the paper)::

    for every extreme point w of the weight set:  sum_{p \\ q} w . s_lo  -  sum_{q \\ p} w . s_hi  >= 0
    for some  extreme point w:                      sum_{p \\ q} w . s_hi  -  sum_{q \\ p} w . s_lo  >  0

Both sides are linear in ``w``, so checking the finitely many extreme points (``weights.extreme_points``)
is exact. The non-dominated portfolios are the feasible portfolios no other feasible portfolio
dominates; a project's **core index** is the share of them that contain it: core (1), borderline,
exterior (0).

Any portfolio that dominates another is *strictly* better at the centroid of the extreme points with
middle scores (the difference is >= 0 everywhere and > 0 somewhere, so > 0 in the relative interior).

Exact method, ``algorithm="milp"`` (the default): the non-dominated portfolios one exact MILP each, in
decreasing centroid value; each MILP maximises the centroid value over the feasible portfolios that no
portfolio found so far dominates (a big-M-free disjunction, see ``_exact_by_milp``), and its infeasibility
proves that none is left. Before each MILP the alternatives of every disjunction are checked against LP
bounds under the centroid ceiling and the impossible ones dropped. When a MILP is not done within about
the time of one plain optimisation per extreme point, the best-case value at every extreme point is
maximised exactly under the ceiling (one small MILP each); these integer maxima drop most remaining
alternatives and cut the LP relaxation, which shortens the last proof.

Exact method, ``algorithm="branch_and_bound"``: a depth-first branch and bound over the projects, in
the spirit of the paper's dynamic programming over partial portfolios. A partial portfolio is dropped when

* it cannot be completed feasibly (some row's left side plus the smallest possible contribution of the
  undecided projects exceeds its right side), or
* a known feasible portfolio ``a`` dominates every completion: for every extreme point ``e``, the
  worst-case value of ``a`` plus the score ranges (``hi - lo``) of the projects ``a`` shares with the
  partial portfolio (projects in both cancel in the pairwise test) is at least an upper bound of any
  completion's best-case value, and more at some ``e``. The upper bound is the LP (Dantzig) bound of one surrogate knapsack row per extreme
  point, formed with the dual prices of the root LP relaxation (any non-negative multipliers give a
  valid bound; these make it as tight as the root LP).

Dropped portfolios are all dominated, so the leaves reached contain every non-dominated portfolio; the
final filter compares them in decreasing centroid value. Seeds for pruning come from exact MILPs at each
extreme point. Fast with frames and groups only; with share rules (mixed signs) the feasibility test is
weak and it is slow, so it is kept for cross-checking.

Approximate method (``method="approximate"``), for problems too large to enumerate: the best portfolio
is solved exactly at every extreme point and at sampled interior weights (random convex combinations of
the extreme points) with the middle, lower and upper scores; the distinct results are filtered for
dominance. Every portfolio found is feasible, and those optimal at interior weights are non-dominated,
but non-dominated portfolios that are optimal for no sampled weight are missed, so the core indices are
estimates. The result says which method produced it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import highspy
import numpy as np
from highspy._core import _Highs
from numpy.typing import NDArray

from cores.portfolio.linear import LinearModel, compile_problem
from cores.portfolio.model import Problem
from cores.portfolio.robust_bnb import ROBUST_HIGHS_OPTIONS, _run_branch_and_bound, _seed_portfolios
from cores.portfolio.robust_values import ValueTable, core_indices, dominates, non_dominated, value_table
from cores.portfolio.solve import (
    Columns,
    MilpOutcome,
    Settings,
    Status,
    implied_frame_rows,
)
from cores.portfolio.solve import run_milp as solve_run_milp
from cores.portfolio.weights import Point, extreme_points

Method = Literal["exact", "approximate"]
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class RobustResult:
    method: Method
    extreme_points: list[Point]
    portfolios: list[frozenset[int]]  # candidate indices of each non-dominated portfolio
    core_index: list[Fraction]  # per candidate
    seconds: float
    nodes: int = 0  # branch-and-bound nodes, or MILPs solved
    leaves: int = 0  # feasible portfolios reached or sampled
    note: str = ""
    candidate_ids: tuple[str, ...] = ()

    def classification(self, i: int) -> str:
        """core / borderline / exterior when the set is exact; ``estimate`` otherwise (nothing is proven)."""
        if self.method != "exact":
            return "estimate"
        ci = self.core_index[i]
        return "core" if ci == 1 else "exterior" if ci == 0 else "borderline"

    def by_id(self) -> dict[str, tuple[Fraction, str]]:
        return {cid: (self.core_index[i], self.classification(i)) for i, cid in enumerate(self.candidate_ids)}


class _LpBounds:
    """Maxima of linear functions of the selection over the LP relaxation of the rules, with a ceiling
    on the centroid value (one warm-started HiGHS LP, its objective changed per query)."""

    def __init__(self, lm: LinearModel, rows: list[tuple[dict[int, int], int]], centre: IntArray) -> None:
        n_opt = len(lm.options)
        self.n_opt = n_opt
        self.opt_cand = np.array([o.cand for o in lm.options], dtype=np.int64)
        ceiling = {j: int(centre[i]) for j, i in enumerate(self.opt_cand) if int(centre[i])}
        all_rows = [*rows, (ceiling, int(centre.clip(min=0).sum()))]
        self.ceiling_row = len(all_rows) - 1
        self.ceiling_scale = 1.0
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        upper: list[float] = []
        for r, (coef, rhs) in enumerate(all_rows):
            starts.append(len(index))
            scale = float(max([abs(a) for a in coef.values()] + [abs(rhs), 1]))
            if r == self.ceiling_row:
                self.ceiling_scale = scale
            for j, a in sorted(coef.items()):
                index.append(j)
                value.append(a / scale)
            upper.append(rhs / scale)
        h = _Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.passModel(
            n_opt,
            len(all_rows),
            len(index),
            2,
            -1,
            0.0,
            np.zeros(n_opt),
            np.zeros(n_opt),
            np.ones(n_opt),
            np.full(len(all_rows), -highspy.kHighsInf),
            np.array(upper, dtype=np.float64),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
            np.zeros(n_opt, dtype=np.int32),
        )
        self.h = h
        self.cols = np.arange(n_opt, dtype=np.int32)

    def set_ceiling(self, top: int) -> None:
        self.h.changeRowBounds(self.ceiling_row, -highspy.kHighsInf, top / self.ceiling_scale)

    def maximum(self, per_cand: IntArray) -> float:
        """An upper bound (with a safety margin for floating point) of ``sum_i per_cand[i] y_i``;
        infinity when the LP is not solved to optimality."""
        cost = per_cand[self.opt_cand].astype(np.float64)
        self.h.changeColsCost(self.n_opt, self.cols, cost)
        self.h.run()
        if self.h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            return -np.inf
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return np.inf
        best = float(self.h.getInfo().objective_function_value)
        return best + 1e-6 * float(np.abs(cost).sum()) + 1.0


@dataclass
class _Disjunction:
    """Why a later portfolio is not dominated by the found portfolio ``sel``: some kept extreme point
    where it beats ``sel``'s worst case (``beat``), or being equal to it everywhere (``twin``)."""

    sel: frozenset[int]
    inside: NDArray[np.bool_]
    lo_a: IntArray
    hi_a: IntArray
    beat: list[int]
    twin: bool


def _prune_disjunction(d: _Disjunction, vt: ValueTable, bounds: _LpBounds, top: IntArray | None) -> None:
    """Drop the alternatives no feasible portfolio under the ceiling can meet: by the integer maxima
    ``top`` of the best-case value at each extreme point (when known), then by LP bounds."""
    if top is not None:
        d.beat = [e for e in d.beat if top[e] >= d.lo_a[e] + 1]
        d.twin = d.twin and bool(np.all(top >= d.hi_a))
    beat_vals = np.where(d.inside[:, None], vt.lo, vt.hi)
    d.beat = [e for e in d.beat if bounds.maximum(beat_vals[:, e]) >= d.lo_a[e] + 1]
    if d.twin:
        weak_vals = np.where(d.inside[:, None], vt.hi, vt.lo)
        d.twin = all(bounds.maximum(weak_vals[:, e]) >= d.hi_a[e] for e in range(vt.lo.shape[1]))


_NO_TOP = 2**62


def _integer_tops(
    lm: LinearModel,
    vt: ValueTable,
    cols: Columns,
    converted_base: list[tuple[dict[int, int], int]],
    ceiling: tuple[dict[int, int], int],
    previous: IntArray | None,
    deadline: float,
    each: float,
) -> IntArray | None:
    """Upper bounds, valid for every feasible portfolio under the centroid ceiling, of the best-case value
    ``sum_i hi_ie y_i`` at each extreme point ``e``: one MILP each (its proven optimum, or its dual bound
    when stopped at ``each`` seconds), each with the bounds already known as rows.

    They are much tighter than the LP bounds (measured at n = 40 with weight intervals: of 50
    alternatives per disjunction, the LP bound dropped 0–1 and these 31–42), and as rows they cut the LP
    relaxation of the final MILP. ``previous`` (bounds under a higher ceiling) stay valid and are kept
    where lower. None when no bound was found before the deadline.
    """
    k_pts = vt.lo.shape[1]
    opt_cand = [o.cand for o in lm.options]
    tops = previous.copy() if previous is not None else np.zeros(k_pts, dtype=np.int64)
    have = previous < _NO_TOP if previous is not None else np.zeros(k_pts, dtype=bool)
    rows = [*converted_base, (cols.convert(lm, ceiling[0]), ceiling[1])]
    value_rows = [
        cols.convert(lm, {j: int(vt.hi[i, e]) for j, i in enumerate(opt_cand) if int(vt.hi[i, e])})
        for e in range(k_pts)
    ]
    for e in range(k_pts):
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        cost = [0.0] * cols.n_var
        for j, i in enumerate(opt_cand):
            cost[cols.ycol.get(i, j)] = float(vt.hi[i, e])
        caps = [(value_rows[e2], int(tops[e2])) for e2 in range(k_pts) if have[e2]]
        out = run_milp(
            cost, rows + caps, settings=Settings(), time_limit=min(each, left), integer_objective=True
        )
        if out.status is Status.INFEASIBLE:
            new = -1  # nothing feasible under the ceiling: every alternative at e is impossible
        elif out.status is Status.OPTIMAL and out.values is not None:
            chosen = [j for j in range(len(lm.options)) if out.values[j] > 0.5]
            # absolute gap below one unit: no integer solution is above the best one found; the value
            # of that selection is taken in exact integers (a tolerance can only make it larger)
            new = int(vt.hi[[opt_cand[j] for j in chosen], e].sum()) if chosen else 0
        elif out.bound is not None:
            margin = 1e-6 * float(np.abs(vt.hi[:, e]).sum()) + 1.0
            new = int(np.floor(out.bound + margin))
        else:
            continue
        tops[e] = min(int(tops[e]), new) if have[e] else new
        have[e] = True
    if not have.any():
        return None
    tops[~have] = _NO_TOP  # no bound known: never drops an alternative
    return tops


def _exact_by_milp(
    lm: LinearModel, vt: ValueTable, deadline: float, threads: int = 1, always_tops: bool = False
) -> tuple[list[frozenset[int]], int, bool]:
    """Every non-dominated portfolio, one exact MILP each, in decreasing centroid value.

    Each MILP maximises the centroid value (middle scores) over the feasible portfolios that no portfolio
    found so far dominates. "``a`` does not dominate ``q``" is, by the pairwise test, the disjunction
    "for some extreme point e, q's best case beats a's worst case on what differs" or "a is nowhere
    strictly better than q"; with ``y`` the selection and integer values both are linear and need no
    big-M (every coefficient is non-negative)::

        sum_{i not in a} hi_ie y_i + sum_{i in a} lo_ie y_i >= (L_e(a) + 1) z_ae     for every e
        sum_{i not in a} lo_ie y_i + sum_{i in a} hi_ie y_i >= H_e(a) z_a0           for every e
        z_a0 + sum_e z_ae >= 1,  and a no-good cut excluding a itself.

    The optimum ``q*`` is non-dominated: a portfolio dominating it would be better at the centroid and
    satisfy every constraint (if a found portfolio dominated it, that one would dominate ``q*`` too).
    Every non-dominated portfolio satisfies every constraint, so the loop ends exactly when all are found.

    The LP relaxation of such disjunctions is weak, which made the last MILP (the proof that nothing is
    left) slow. So before each MILP every alternative is checked against an LP bound: the left side's
    maximum over the LP relaxation of the rules with the centroid ceiling (valid for every portfolio
    still to be found). An alternative whose bound is below its right side cannot hold and is dropped
    (``z`` fixed to 0); the ceiling only falls, so dropped alternatives stay impossible. A disjunction
    with no alternative left proves that nothing else is non-dominated; one with a single alternative is
    a plain row.

    LP bounds drop almost none of the ``z_ae`` (the fractional knapsack reaches every extreme point's
    target); the integer maxima do (``_integer_tops``). They cost one MILP per extreme point, so they are
    computed only when a MILP under a new ceiling is not done within about that time (a probe); the
    probe is then stopped, the maxima computed, the alternatives pruned again and the MILP, now with the
    maxima as rows, solved again. Measured on n = 40, weight intervals (50 extreme points, seed 2): the
    last MILP 41,546 nodes and 55 s before, 1,959 nodes and 6.3 s after the maxima (50 MILPs of
    0.02–0.4 s each).
    Returns the portfolios found, the MILPs solved, and whether the set is complete (False when a MILP
    could not be proved optimal before the deadline: then the portfolios found are non-dominated, but
    there may be more).
    """
    n_opt = len(lm.options)
    k_pts = vt.lo.shape[1]
    opt_cand = [o.cand for o in lm.options]
    centre = vt.centre()
    cols = Columns.of(lm)
    # rows on options (keys < n_opt) and z columns (keys >= n_opt); Columns.convert moves candidate-level
    # coefficients to y_i and shifts the z keys past the y columns
    base_rows = [(dict(r.coef), r.rhs) for r in lm.rows] + [
        (dict(r.coef), r.rhs) for r in implied_frame_rows(lm)
    ]
    bounds = _LpBounds(lm, base_rows, centre)
    converted_base = [(cols.convert(lm, c), b) for c, b in base_rows] + cols.links(lm)
    cost: list[float] = [float(centre[i]) for i in opt_cand]
    repairs: list[tuple[dict[int, int], int]] = []  # no-good cuts of selections a tolerance let through
    found: list[frozenset[int]] = []
    disjunctions: list[_Disjunction] = []
    ceiling: tuple[dict[int, int], int] | None = None
    iterations = 0
    tops: IntArray | None = None  # integer maxima of the best-case value per extreme point
    tops_at: int | None = None  # the ceiling they were computed under
    top = 0  # the current ceiling's right side
    first_seconds = 0.0  # the first MILP's time: a measure of one plain optimisation

    def model() -> tuple[list[float], list[tuple[dict[int, int], int]]] | None:
        """The MILP for the current state, or None when some disjunction has no alternative left."""
        for d in disjunctions:
            _prune_disjunction(d, vt, bounds, tops)
            if not d.beat and not d.twin:
                return None  # no portfolio under the ceiling escapes this one
        extra_rows: list[tuple[dict[int, int], int]] = list(repairs)
        if ceiling is not None:
            extra_rows.append(ceiling)
        if tops is not None:  # valid cuts: no portfolio under the ceiling is above them
            for e in range(k_pts):
                if tops[e] < _NO_TOP:
                    row = {j: int(vt.hi[i, e]) for j, i in enumerate(opt_cand) if int(vt.hi[i, e])}
                    extra_rows.append((row, int(tops[e])))
        n_z = 0
        for d in disjunctions:
            extra_rows.append(_no_good(lm, d.sel))
            alternatives = [("beat", e) for e in d.beat] + ([("twin", -1)] if d.twin else [])
            single = len(alternatives) == 1
            for kind, e in alternatives:
                z = n_opt + n_z
                if not single:
                    n_z += 1
                if kind == "beat":
                    vals = np.where(d.inside, vt.lo[:, e], vt.hi[:, e])
                    row = {j: -int(vals[i]) for j, i in enumerate(opt_cand) if int(vals[i])}
                    rhs_v = int(d.lo_a[e]) + 1
                    if single:
                        extra_rows.append((row, -rhs_v))
                    else:
                        row[z] = rhs_v
                        extra_rows.append((row, 0))
                else:
                    vals = np.where(d.inside[:, None], vt.hi, vt.lo)
                    for e2 in range(k_pts):
                        if not int(d.hi_a[e2]):
                            continue
                        row = {j: -int(vals[i, e2]) for j, i in enumerate(opt_cand) if int(vals[i, e2])}
                        if single:
                            extra_rows.append((row, -int(d.hi_a[e2])))
                        else:
                            row[z] = int(d.hi_a[e2])
                            extra_rows.append((row, 0))
            if not single:
                extra_rows.append(({n_opt + n_z - 1 - t: -1 for t in range(len(alternatives))}, -1))
        rows = converted_base + [(cols.convert(lm, c), b) for c, b in extra_rows]
        col_cost = [0.0] * (cols.n_var + n_z)
        for j, i in enumerate(opt_cand):
            col_cost[cols.ycol.get(i, j)] = cost[j]
        return col_cost, rows

    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            return found, iterations, False
        built = model()
        if built is None:
            return found, iterations, True
        iterations += 1
        started = time.perf_counter()
        probing = ceiling is not None and tops_at != top and k_pts > 1
        # First try without the integer maxima; if the MILP is not done within about the time they take
        # (one plain optimisation per extreme point), compute them, which shrinks and cuts the MILP.
        # (``always_tops``: compute them without a probe; the tests use it to check that path.)
        limit = min(left, max(0.5, k_pts * first_seconds)) if probing else left
        out: MilpOutcome | None = None
        if not (probing and always_tops):
            out = run_milp(
                *built, settings=Settings(threads=threads), time_limit=limit, integer_objective=True
            )
        if iterations == 1:
            first_seconds = time.perf_counter() - started
        if (
            probing
            and (out is None or out.status not in (Status.INFEASIBLE, Status.OPTIMAL))
            and ceiling is not None
        ):
            each = max(1.0, 20.0 * first_seconds)
            tops = _integer_tops(lm, vt, cols, converted_base, ceiling, tops, deadline, each)
            tops_at = top
            built = model()
            if built is None:
                return found, iterations, True
            left = deadline - time.perf_counter()
            if left <= 0:
                return found, iterations, False
            iterations += 1
            out = run_milp(
                *built, settings=Settings(threads=threads), time_limit=left, integer_objective=True
            )
        if out is None:
            continue
        if out.status is Status.INFEASIBLE:
            return found, iterations, True
        if out.status is not Status.OPTIMAL or out.values is None:
            return found, iterations, False
        chosen = {j for j in range(n_opt) if out.values[j] > 0.5}
        sel = frozenset(opt_cand[j] for j in chosen)
        exact_ok = (
            lm.is_feasible(chosen) and sel not in found and not any(dominates(vt, a, sel) for a in found)
        )
        if not exact_ok:  # a tolerance let HiGHS through: exclude this selection and solve again
            repairs.append(_no_good(lm, sel))
            continue
        found.append(sel)
        # later portfolios are no better at the centroid (a valid cut that tightens the LP relaxation)
        top = int(centre[sorted(sel)].sum()) if sel else 0
        ceiling = ({j: int(centre[i]) for j, i in enumerate(opt_cand) if int(centre[i])}, top)
        bounds.set_ceiling(top)
        inside = np.zeros(lm.n, dtype=bool)
        inside[sorted(sel)] = True
        lo_a = vt.lo[sorted(sel)].sum(axis=0) if sel else np.zeros(k_pts, dtype=np.int64)
        hi_a = vt.hi[sorted(sel)].sum(axis=0) if sel else np.zeros(k_pts, dtype=np.int64)
        disjunctions.append(_Disjunction(sel, inside, lo_a, hi_a, list(range(k_pts)), True))


def run_milp(
    cost: list[float],
    rows: list[tuple[dict[int, int], int]],
    *,
    settings: Settings,
    time_limit: float,
    integer_objective: bool,
) -> MilpOutcome:
    """``solve.run_milp`` for the robustness models, with HiGHS's RENS heuristic and restarts off.

    On some of these models (n = 50, weight intervals) RENS's sub-MIP ran far past the time limit: the
    second MILP of one instance had not returned after 75 s with a 60 s limit, which is what kept the
    earlier benchmark run going for over an hour. Without RENS the same MILP was solved in 0.2 s.
    A restart after the root node stalled the same way (in presolve's inequality strengthening, which
    does not look at the clock) at n = 60 with weight intervals, in the MILP that seeds the search at an
    extreme point of the weights, so restarts are off as well, in every MILP of a robustness run.
    """
    return solve_run_milp(
        cost,
        rows,
        settings=settings,
        time_limit=time_limit,
        integer_objective=integer_objective,
        options=dict(ROBUST_HIGHS_OPTIONS),
    )


def _no_good(lm: LinearModel, sel: frozenset[int]) -> tuple[dict[int, int], int]:
    coef = {j: (1 if o.cand in sel else -1) for j, o in enumerate(lm.options)}
    return coef, len(sel) - 1


def robust(
    problem: Problem,
    *,
    method: Literal["auto", "exact", "approximate"] = "auto",
    algorithm: Literal["milp", "branch_and_bound"] = "milp",
    time_limit: float = 60.0,
    exact_max_candidates: int = 200,
    approximate_time: float = 30.0,
    samples: int = 200,
    seed: int = 0,
) -> RobustResult:
    """Non-dominated portfolios and core indices; exact when feasible within the time limit."""
    t0 = time.perf_counter()
    lm = compile_problem(problem)
    points = extreme_points(problem)
    vt = value_table(problem, points)
    n = lm.n
    ids = tuple(c.id for c in problem.candidates)
    note = ""
    if method in ("auto", "exact") and n <= exact_max_candidates:
        deadline = t0 + time_limit
        if algorithm == "milp":
            done = _exact_by_milp(lm, vt, deadline)
            if done[2]:
                nd, iterations, _ = done
                nd = non_dominated(vt, nd, n)  # a safeguard: the loop already returns only these
                return RobustResult(
                    "exact",
                    points,
                    nd,
                    core_indices(nd, n),
                    time.perf_counter() - t0,
                    iterations,
                    len(nd),
                    "",
                    ids,
                )
            stopped = "exact MILP enumeration"
        else:
            if n > 62:
                raise ValueError("the branch and bound is limited to 62 candidates")
            seeds = _seed_portfolios(problem, lm, points, 0, seed, time_limit=max(1.0, time_limit / 10))
            search = _run_branch_and_bound(lm, vt, deadline, seeds)
            if not search.timed_out:
                found = [frozenset(i for i in range(n) if m >> i & 1) for m in search.leaves]
                found += seeds
                nd = non_dominated(vt, found, n)
                return RobustResult(
                    "exact",
                    points,
                    nd,
                    core_indices(nd, n),
                    time.perf_counter() - t0,
                    search.nodes,
                    len(search.leaves),
                    "",
                    ids,
                )
            stopped = f"exact branch and bound ({search.nodes} nodes)"
        if method == "exact":
            raise TimeoutError(f"the {stopped} did not finish in {time_limit:g} s")
        note = f"the {stopped} did not finish in {time_limit:g} s; approximate result from sampled weights"
    elif method == "exact":
        raise ValueError(f"exact robustness analysis is limited to {exact_max_candidates} candidates")
    elif method == "auto":
        note = f"{n} candidates is above the exact limit of {exact_max_candidates}; approximate result from sampled weights"
    which = ("mid", "lo", "hi") if bool(vt.delta.any()) else ("mid",)
    per_solve = max(0.5, approximate_time / max(1, (len(points) + 1 + samples) * len(which)))
    found = _seed_portfolios(
        problem,
        lm,
        points,
        samples,
        seed,
        time_limit=per_solve,
        which=which,
        deadline=time.perf_counter() + approximate_time,
    )
    nd = non_dominated(vt, found, n)
    return RobustResult(
        "approximate",
        points,
        nd,
        core_indices(nd, n),
        time.perf_counter() - t0,
        0,
        len(found),
        note or "approximate result from sampled weights",
        ids,
    )
