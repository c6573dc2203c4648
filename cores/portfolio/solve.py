"""The best portfolio under the rules: an exact MILP solved with HiGHS (highspy).

Formulation: one binary per (candidate, start year) option, every rule a row with integer coefficients
(``cores.portfolio.linear``). HiGHS works in floating point, so each row is scaled by a power of two
(exact in binary) and the objective is given in integer units of the values' common denominator ``D``
when that is small enough: every portfolio's score is then an integer, HiGHS rounds its dual bound to
integers, and an absolute gap below one unit proves that no portfolio scores higher. The returned
portfolio is checked again in exact integer arithmetic; if HiGHS's feasibility tolerance let a row be
exceeded (a frame by a few cents), that selection is cut off and the model solved again.

Two choices help HiGHS close the gap: a candidate with several start years also gets a column
``y_i = sum_s x_is`` carrying its value and every rule that does not depend on the start year (so the
search branches on "in or out" before "when"), and redundant sums of frame rows (prefix sums of annual
frames, all funds together per year) are added for HiGHS's cut generation. A greedy portfolio can be
given as a warm start.

The status is ``optimal`` only when HiGHS proved optimality within the requested gap; a run stopped by
its time limit is ``time_limit`` with its remaining gap and dual bound, never "optimal".
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from math import lcm

import highspy
import numpy as np
from highspy._core import _Highs

from cores.portfolio.linear import LinearModel, Row, RuleRef
from cores.portfolio.polish import Polisher

MAX_EXACT_UNITS = 2**50  # integer objective only when every portfolio's score fits exactly in a double


class Status(StrEnum):
    OPTIMAL = "optimal"
    TIME_LIMIT = "time_limit"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no_solution"  # stopped (time limit) before any portfolio was found


@dataclass(frozen=True)
class Settings:
    time_limit: float = 60.0
    rel_gap: float = 0.0  # 0: prove that no portfolio scores higher
    threads: int = 1
    seed: int = 0
    warm_start: bool = True
    # Further HiGHS options for every MILP of this run, as (name, value) pairs (hashable, so that
    # Settings stays a frozen value), e.g. the robustness models' heuristics switched off.
    highs_options: tuple[tuple[str, bool | int | float], ...] = ()


@dataclass(frozen=True)
class Solution:
    status: Status
    chosen: tuple[int, ...]  # option indices
    score: Fraction | None
    bound: Fraction | None  # HiGHS's dual bound on the score (upper bound), when known
    gap: float | None  # (bound - score) / score
    seconds: float
    nodes: int = 0
    repairs: int = 0  # selections cut off after the exact check
    rel_gap: float = 0.0
    exact_units: bool = True  # scores were integer units: a proof is exact
    overran: bool = False  # HiGHS missed its time limit and was left behind (see ``GRACE_SECONDS``)

    @property
    def proven_optimal(self) -> bool:
        return self.status is Status.OPTIMAL

    @property
    def feasible(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.TIME_LIMIT)


@dataclass
class Extra:
    """Changes to the model for one solve (explanations, next-best portfolios)."""

    force_in: set[int] = field(default_factory=set)  # candidate indices
    force_out: set[int] = field(default_factory=set)
    drop_rows: set[int] = field(default_factory=set)  # row indices of the LinearModel
    cuts: list[frozenset[int]] = field(default_factory=list)  # candidate selections to exclude
    rows: list[Row] = field(default_factory=list)  # more rows on options
    rhs: dict[int, int] = field(default_factory=dict)  # row index -> replacement right-hand side


def _units(lm: LinearModel) -> tuple[int, bool]:
    denom = lcm(*(v.denominator for v in lm.value)) if lm.value else 1
    top = sum(max(v, Fraction(0)) for v in lm.value) * denom
    return denom, top < MAX_EXACT_UNITS


def _row_arrays(
    rows: Sequence[tuple[dict[int, int], int]],
) -> tuple[list[float], list[int], list[int], list[float]]:
    """Rows scaled by a power of two each (exact in binary floating point): upper, starts, index, value."""
    upper: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for coef, rhs in rows:
        starts.append(len(index))
        biggest = max([abs(a) for a in coef.values()] + [abs(rhs), 1])
        scale = 2.0 ** -math.frexp(float(biggest))[1]
        for j, a in sorted(coef.items()):
            index.append(j)
            value.append(a * scale)
        upper.append(rhs * scale)
    return upper, starts, index, value


def _active_rows(lm: LinearModel, extra: Extra) -> list[Row]:
    rows = [
        Row(r.ref, r.coef, extra.rhs.get(k, r.rhs)) for k, r in enumerate(lm.rows) if k not in extra.drop_rows
    ]
    rows += [Row(_FORCE_REF, dict.fromkeys(lm.by_cand[i], -1), -1) for i in sorted(extra.force_in)]
    rows += [Row(_FORCE_REF, dict.fromkeys(lm.by_cand[i], 1), 0) for i in sorted(extra.force_out)]
    return rows + list(extra.rows)


def _cut_row(lm: LinearModel, selection: frozenset[int]) -> Row:
    """No-good cut: ``sum_{i in S} y_i - sum_{i not in S} y_i <= |S| - 1``."""
    coef: dict[int, int] = {}
    for i, opts in enumerate(lm.by_cand):
        for j in opts:
            coef[j] = 1 if i in selection else -1
    return Row(_CUT_REF, coef, len(selection) - 1)


_CUT_REF = RuleRef("cut", "next best")
_FORCE_REF = RuleRef("force_in", "explanation")


def solve(
    lm: LinearModel,
    settings: Settings | None = None,
    *,
    extra: Extra | None = None,
    start: Iterable[int] | None = None,
    started: float | None = None,
) -> Solution:
    """Maximise the portfolio's value under every row of ``lm`` (and ``extra``), exactly checked.

    ``started``: the ``time.perf_counter()`` at which the time limit began (e.g. before compiling the
    problem and computing the greedy start), so that the whole run keeps to ``settings.time_limit``;
    by default the limit starts now. ``Solution.seconds`` is counted from the same moment.
    """
    settings = settings or Settings()
    extra = extra or Extra()
    t0 = time.perf_counter() if started is None else started
    cuts = list(extra.cuts)
    repairs = 0
    nodes = 0
    overran = False
    while True:
        deadline = t0 + settings.time_limit  # building each model counts against the limit too
        sol, status, bound, n_nodes, exact, late = _solve_once(lm, settings, extra, cuts, start, deadline)
        nodes += n_nodes
        overran = overran or late
        if sol is None:
            return Solution(
                status,
                (),
                None,
                bound,
                None,
                time.perf_counter() - t0,
                nodes,
                repairs,
                settings.rel_gap,
                exact,
                overran,
            )
        rows = _active_rows(lm, extra)
        chosen_set = set(sol)
        broken = [r for r in rows if sum(a for j, a in r.coef.items() if j in chosen_set) > r.rhs]
        selection = frozenset(lm.options[j].cand for j in sol)
        if selection in cuts:
            broken.append(_cut_row(lm, selection))
        if not broken:
            break
        repairs += 1
        cuts.append(selection)
        start = None
    score = lm.score([lm.options[j].cand for j in sol])
    if bound is not None and bound < score:
        bound = score
    gap = (
        None
        if bound is None
        else float((bound - score) / score)
        if score > 0
        else (0.0 if bound <= 0 else math.inf)
    )
    return Solution(
        status,
        tuple(sorted(sol)),
        score,
        bound,
        gap,
        time.perf_counter() - t0,
        nodes,
        repairs,
        settings.rel_gap,
        exact,
        overran,
    )


@dataclass(frozen=True)
class MilpOutcome:
    values: list[float] | None  # None: no feasible solution known
    status: Status
    bound: float | None  # HiGHS's dual bound in the objective's units
    nodes: int
    overran: bool = False  # HiGHS had not returned GRACE_SECONDS after its limit and was left behind


def run_milp(
    cost: Sequence[float],
    rows: Sequence[tuple[dict[int, int], int]],
    *,
    lower: Sequence[float] | None = None,
    upper: Sequence[float] | None = None,
    settings: Settings,
    time_limit: float,
    integer_objective: bool,
    start: Sequence[float] | None = None,
    options: Mapping[str, bool | int | float] | None = None,
    integrality: Sequence[int] | None = None,
    polish: Callable[[Sequence[float]], Sequence[float] | None] | None = None,
) -> MilpOutcome:
    """Maximise ``cost . x`` over binary ``x`` with rows ``sum a_j x_j <= b`` (integers), with HiGHS.

    Each row is scaled by a power of two (exact in binary floating point). With ``integer_objective``
    every solution's objective is an integer and an absolute gap below 1 proves optimality. ``options``:
    further HiGHS options for this run (e.g. a heuristic switched off). ``integrality``: 1 for an integer
    column, 0 for a continuous one (default: every column integer). ``polish``: called with every
    improving solution HiGHS finds; a solution it returns is handed to HiGHS before its next dive
    (HiGHS checks it against the rows like any other).
    """
    n_var = len(cost)
    if n_var == 0:
        feasible = all(rhs >= 0 for _, rhs in rows)
        return MilpOutcome(
            [] if feasible else None, Status.OPTIMAL if feasible else Status.INFEASIBLE, 0.0, 0
        )
    # The raw binding: the Python wrapper's callback machinery prints a banner to stdout and costs time.
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", settings.threads)
    h.setOptionValue("random_seed", settings.seed)
    limit = float(max(time_limit, 0.01))
    h.setOptionValue("time_limit", limit)
    h.setOptionValue("mip_rel_gap", float(settings.rel_gap))
    h.setOptionValue("mip_abs_gap", 0.999 if integer_objective else 1e-9)
    for name, option in {**dict(settings.highs_options), **(options or {})}.items():
        h.setOptionValue(name, option)
    # HiGHS's default tolerances: tighter ones made it stall (beyond its time limit) on robustness models.
    # Every solution is checked again in exact integers, so a tolerance can never let a rule be broken.
    row_upper, starts, index, value = _row_arrays(rows)
    n_row = len(rows)
    h.passModel(
        n_var,
        n_row,
        len(index),
        2,  # row-wise matrix
        -1,  # maximise
        0.0,
        np.array(cost, dtype=np.float64),
        np.array(lower if lower is not None else [0.0] * n_var, dtype=np.float64),
        np.array(upper if upper is not None else [1.0] * n_var, dtype=np.float64),
        np.full(n_row, -highspy.kHighsInf, dtype=np.float64),
        np.array(row_upper, dtype=np.float64),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=np.float64),
        np.array(integrality, dtype=np.int32) if integrality is not None else np.ones(n_var, dtype=np.int32),
    )
    if start is not None:
        h.setSolution(n_var, np.arange(n_var, dtype=np.int32), np.array(start, dtype=np.float64))
    seen = _Seen(list(start) if start is not None else None)
    pending: list[Sequence[float]] = []

    def callback(
        kind: highspy.cb.HighsCallbackType,
        _msg: str,
        out: highspy.cb.HighsCallbackOutput,
        inp: highspy.cb.HighsCallbackInput,
        _data: object,
    ) -> None:
        if kind == _CB_IMPROVING:
            values = list(out.mip_solution)
            if len(values) == n_var:
                seen.record(values, float(out.mip_dual_bound), int(out.mip_node_count))
            if polish is not None:
                better = polish(values)
                if better is not None:
                    pending[:] = [better]
        elif kind == _CB_USER and pending:
            inp.setSolution(np.array(pending.pop(), dtype=np.float64))

    h.setCallback(callback, None)
    h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution)
    if polish is not None:
        h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipUserSolution)
    if not run_within(h.run, limit + GRACE_SECONDS):
        # HiGHS did not stop at its limit (a sub-MIP's presolve that does not look at the clock): the
        # run is left behind in its thread, and what it had reported so far is the answer.
        values, bound, nodes = seen.snapshot()
        status = Status.TIME_LIMIT if values is not None else Status.NO_SOLUTION
        return MilpOutcome(values, status, bound, nodes, overran=True)
    model_status = h.getModelStatus()
    info = h.getInfo()
    nodes = int(info.mip_node_count)
    raw_bound = float(info.mip_dual_bound)
    bound = raw_bound if math.isfinite(raw_bound) and abs(raw_bound) < highspy.kHighsInf else None
    if model_status == highspy.HighsModelStatus.kInfeasible:
        return MilpOutcome(None, Status.INFEASIBLE, None, nodes)
    if info.primal_solution_status != highspy.kSolutionStatusFeasible:
        return MilpOutcome(None, Status.NO_SOLUTION, bound, nodes)
    status = Status.OPTIMAL if model_status == highspy.HighsModelStatus.kOptimal else Status.TIME_LIMIT
    return MilpOutcome(list(h.getSolution().col_value), status, bound, nodes)


_CB_IMPROVING = highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution
_CB_USER = highspy.cb.HighsCallbackType.kCallbackMipUserSolution

# HiGHS checks its time limit almost everywhere, but not inside every presolve step: a RINS sub-MIP's
# presolve (``HPresolve::strengthenInequalities``) once ran more than 11 minutes past a 60 s limit at
# n = 3,000. A run that has not returned this long after its limit is left behind.
GRACE_SECONDS = 2.0


@dataclass
class _Seen:
    """The last improving solution HiGHS reported (at first the warm start, if any), with its dual bound
    and node count then; written by HiGHS's thread, read by the caller when the run overran."""

    values: list[float] | None = None
    bound: float | None = None
    nodes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, values: list[float], bound: float, nodes: int) -> None:
        finite = math.isfinite(bound) and abs(bound) < highspy.kHighsInf
        with self.lock:
            self.values = values
            self.bound = bound if finite else self.bound  # a stale bound is still a bound
            self.nodes = nodes

    def snapshot(self) -> tuple[list[float] | None, float | None, int]:
        with self.lock:
            return self.values, self.bound, self.nodes


def run_within(run: Callable[[], object], seconds: float) -> bool:
    """Call ``run`` in a daemon thread; True when it returned within ``seconds`` (its exception, if
    any, raised here). Otherwise False, and the call goes on in its thread until it returns by itself:
    a thread cannot be stopped from outside, and HiGHS stops at its own limit once it looks again."""
    done = threading.Event()
    failed: list[BaseException] = []

    def target() -> None:
        try:
            run()
        except BaseException as exc:  # handed to the caller, whatever it is
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=target, name="highs-run", daemon=True).start()
    if not done.wait(seconds):
        return False
    if failed:
        raise failed[0]
    return True


@dataclass(frozen=True)
class Columns:
    """MILP columns: one binary per option, then ``y_i`` for each candidate with several options."""

    n_opt: int
    multi: tuple[int, ...]
    ycol: dict[int, int]

    @classmethod
    def of(cls, lm: LinearModel) -> Columns:
        multi = tuple(i for i in range(lm.n) if len(lm.by_cand[i]) > 1)
        n_opt = len(lm.options)
        return cls(n_opt, multi, {i: n_opt + k for k, i in enumerate(multi)})

    @property
    def n_var(self) -> int:
        return self.n_opt + len(self.multi)

    def convert(self, lm: LinearModel, coef: dict[int, int]) -> dict[int, int]:
        """Option coefficients (keys below ``n_opt``; other keys are extra columns, kept) on columns:
        a candidate whose options all have the same coefficient gets it on ``y_i``."""
        per_cand: dict[int, set[int]] = {}
        for j, a in coef.items():
            if j < self.n_opt:
                per_cand.setdefault(lm.options[j].cand, set()).add(a)
        out: dict[int, int] = {}
        for j, a in coef.items():
            if j >= self.n_opt:
                out[j + len(self.multi)] = a
                continue
            i = lm.options[j].cand
            if i in self.ycol and len(per_cand[i]) == 1 and all(k in coef for k in lm.by_cand[i]):
                out[self.ycol[i]] = a
            else:
                out[j] = a
        return out

    def links(self, lm: LinearModel) -> list[tuple[dict[int, int], int]]:
        """``y_i = sum_s x_is`` as two rows each."""
        rows: list[tuple[dict[int, int], int]] = []
        for i in self.multi:
            link = dict.fromkeys(lm.by_cand[i], 1)
            link[self.ycol[i]] = -1
            rows.append((link, 0))
            rows.append(({k: -v for k, v in link.items()}, 0))
        return rows


def implied_frame_rows(lm: LinearModel) -> list[Row]:
    """Redundant sums of frame rows that help HiGHS's cuts: prefix sums over the years of each fund with
    annual frames, and for every year the sum over funds of their frame rows (valid as sums of rows)."""
    problem = lm.problem
    years = sorted(problem.years)
    out: list[Row] = []
    for fund in problem.funds:
        if fund.carry_over:
            continue  # its rows are cumulative already
        for t in years[1:]:
            coef: dict[int, int] = {}
            rhs = 0
            for y in years:
                if y <= t:
                    row = lm.rows[lm.frame_rows[(fund.id, y)]]
                    rhs += row.rhs
                    for j, a in row.coef.items():
                        coef[j] = coef.get(j, 0) + a
            out.append(Row(RuleRef("implied", f"{fund.id} to {t}"), coef, rhs))
    if len(problem.funds) > 1:
        for t in years:
            coef = {}
            rhs = 0
            for fund in problem.funds:
                row = lm.rows[lm.frame_rows[(fund.id, t)]]
                rhs += row.rhs
                for j, a in row.coef.items():
                    coef[j] = coef.get(j, 0) + a
            out.append(Row(RuleRef("implied", f"all funds {t}"), coef, rhs))
    return out


# HiGHS's sub-MIP heuristics took about half of its time on a generated n = 1,000 model; without RENS
# the same optimum was proved in less than half the time (benchmarks/RESULTS.md, issue 13 point 4).
# RINS stays on: without it the gap left at the time limit was larger on one n = 1,000 instance.
SOLVE_OPTIONS: Mapping[str, bool | int | float] = {"mip_heuristic_run_rens": False}
# Levers measured by benchmarks/portfolio/time_to_target.py (benchmarks/RESULTS.md, issue 13 point 4,
# "levers of the second round"); none helped beyond noise, so the defaults are the measured baseline.
# POLISH_START / POLISH_INCUMBENTS: local search (cores.portfolio.polish) on the greedy start and on every
# improving portfolio HiGHS finds, handed back through HiGHS's user-solution callback, at most
# POLISH_SECONDS per call. IMPLIED_ROWS and CANDIDATE_COLUMNS switch the extra rows and the y_i columns.
POLISH_START = False
POLISH_INCUMBENTS = False
POLISH_SECONDS = 1.0
IMPLIED_ROWS = True
CANDIDATE_COLUMNS = True
SPARSE_MIN_SHARE = 0.5  # a row is rewritten on T when at least this share of its entries is c_j * t


def total_money_rows(lm: LinearModel, rows: Sequence[Row]) -> tuple[list[Row], int]:
    """Share rows rewritten sparsely on one more column ``T = (sum_j c_j x_j) / S`` (exact).

    A share rule compares a group's money with the portfolio's frame money ``sum c_j x_j`` (``c_j`` the
    candidate's total money), so its row is dense: ``a_j = u_j + t c_j`` on every option, ``u_j`` nonzero
    only for the group's members. For any integer ``t``, ``sum a_j x_j = sum (a_j - t c_j) x_j + t S T``
    when ``S T = sum c_j x_j``; with ``t`` the most common ratio ``a_j / c_j`` the row keeps only the
    members. ``S`` is a power of two near the largest ``c_j`` (T's coefficients stay comparable to the
    others'). Returns the rows (the column ``T`` is key ``n_opt``, the two rows defining it appended when
    any row was rewritten) and ``S`` (0 when nothing was rewritten: no column T).
    """
    n_opt = len(lm.options)
    if n_opt == 0:
        return list(rows), 0
    money = np.array([lm.total_cost[o.cand] for o in lm.options], dtype=np.int64)
    biggest = int(money.max())
    if biggest <= 0 or int(money.min()) <= 0:
        return list(rows), 0
    scale = 2 ** max(math.frexp(float(biggest))[1] - 1, 0)
    out: list[Row] = []
    rewritten = False
    for row in rows:
        if len(row.coef) < max(8, n_opt // 4) or any(j >= n_opt for j in row.coef):
            out.append(row)
            continue
        if max(abs(a) for a in row.coef.values()) >= 2**52 or biggest >= 2**52:
            out.append(row)  # beyond exact doubles: keep the row as it is
            continue
        full = np.zeros(n_opt, dtype=np.int64)
        full[np.fromiter(row.coef.keys(), dtype=np.int64, count=len(row.coef))] = np.fromiter(
            row.coef.values(), dtype=np.int64, count=len(row.coef)
        )
        ratio = np.rint(full / money).astype(np.int64)
        exact = ratio * money == full
        if not exact.any():
            out.append(row)
            continue
        values, counts = np.unique(ratio[exact], return_counts=True)
        t = int(values[int(np.argmax(counts))])
        if int(counts.max()) < SPARSE_MIN_SHARE * len(row.coef) or t == 0:
            out.append(row)
            continue
        rest = full - t * money
        nz = np.nonzero(rest)[0]
        coef = dict(zip(nz.tolist(), rest[nz].tolist(), strict=True))
        coef[n_opt] = t * scale
        out.append(Row(row.ref, coef, row.rhs))
        rewritten = True
    if not rewritten:
        return list(rows), 0
    define = {j: int(money[j]) for j in range(n_opt)}
    out.append(Row(_TOTAL_REF, {**define, n_opt: -scale}, 0))
    out.append(Row(_TOTAL_REF, {**{j: -a for j, a in define.items()}, n_opt: scale}, 0))
    return out, scale


_TOTAL_REF = RuleRef("total_money", "T")


def _solve_once(
    lm: LinearModel,
    settings: Settings,
    extra: Extra,
    cuts: list[frozenset[int]],
    start: Iterable[int] | None,
    deadline: float,
) -> tuple[list[int] | None, Status, Fraction | None, int, bool, bool]:
    """One HiGHS run. Columns: one binary per option, plus ``y_i = sum_s x_is`` for a candidate with
    several start years; a row whose coefficient is the same on all of a candidate's options (shares,
    groups, dependencies, cuts) is written on ``y_i``, so HiGHS can branch on "in or out" before "when"."""
    n_opt = len(lm.options)
    denom, exact = _units(lm)
    if any(not lm.by_cand[i] for i in extra.force_in):
        return None, Status.INFEASIBLE, None, 0, exact, False
    exact_rows = _active_rows(lm, extra) + [_cut_row(lm, c) for c in cuts]
    rows, total_scale = total_money_rows(lm, exact_rows + (implied_frame_rows(lm) if IMPLIED_ROWS else []))
    cols = Columns.of(lm) if CANDIDATE_COLUMNS else Columns(n_opt, (), {})
    multi, ycol, n_var = cols.multi, cols.ycol, cols.n_var
    value = [lm.value[i] * denom if exact else lm.value[i] for i in range(lm.n)]
    n_col = n_var + (1 if total_scale else 0)  # the last column: T, the portfolio's money / S
    cost = [0.0] * n_col
    for j, opt in enumerate(lm.options):
        cost[ycol.get(opt.cand, j)] = float(value[opt.cand])
    lower = [0.0] * n_col
    upper = [1.0] * n_col
    integrality = [1] * n_col
    if total_scale:
        upper[n_var] = float(sum(lm.total_cost[o.cand] for o in lm.options)) / total_scale
        integrality[n_var] = 0
    for i in extra.force_out:
        for j in lm.by_cand[i]:
            upper[j] = 0.0
        if i in ycol:
            upper[ycol[i]] = 0.0
    for i in extra.force_in:
        lower[ycol.get(i, lm.by_cand[i][0])] = 1.0
    milp_rows = [(cols.convert(lm, row.coef), row.rhs) for row in rows] + cols.links(lm)

    def columns(chosen: set[int]) -> list[float]:
        vec = [1.0 if j in chosen else 0.0 for j in range(n_opt)] + [0.0] * len(multi)
        for j in chosen:
            if lm.options[j].cand in ycol:
                vec[ycol[lm.options[j].cand]] = 1.0
        if total_scale:
            vec.append(sum(lm.total_cost[lm.options[j].cand] for j in chosen) / total_scale)
        return vec

    polisher = Polisher(lm, exact_rows) if (POLISH_START or POLISH_INCUMBENTS) else None
    warm = None
    if start is not None and settings.warm_start:
        chosen = set(start)
        if POLISH_START and polisher is not None:
            better = polisher.improve(chosen, min(deadline, time.perf_counter() + POLISH_SECONDS))
            chosen = set(better) if better is not None else chosen
        warm = columns(chosen)
    polish = None
    if POLISH_INCUMBENTS and polisher is not None and polisher.usable:
        active = polisher

        def polish(values: Sequence[float]) -> list[float] | None:
            found = [j for j in range(n_opt) if values[j] > 0.5]
            better = active.improve(found, min(deadline, time.perf_counter() + POLISH_SECONDS))
            return None if better is None else columns(set(better))

    out = run_milp(
        cost,
        milp_rows,
        lower=lower,
        upper=upper,
        settings=settings,
        time_limit=max(deadline - time.perf_counter(), 0.01),
        integer_objective=exact,
        start=warm,
        options=SOLVE_OPTIONS,
        integrality=integrality,
        polish=polish,
    )
    bound: Fraction | None = None
    if out.bound is not None:
        bound = Fraction(math.floor(out.bound + 1e-6), denom) if exact else Fraction(out.bound)
    if out.values is None:
        return None, out.status, bound, out.nodes, exact, out.overran
    picked = [j for j in range(n_opt) if out.values[j] > 0.5]
    return picked, out.status, bound, out.nodes, exact, out.overran
