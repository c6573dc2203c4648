"""Portfolio benchmarks: correctness against enumeration, quality against greedy, speed, robustness.

    .venv/bin/python benchmarks/portfolio/run.py                      # every section
    .venv/bin/python benchmarks/portfolio/run.py --sections speed     # one section
    .venv/bin/python benchmarks/portfolio/run.py --quick              # a smoke run in about a minute

Instances come from ``cores.portfolio.generator`` (seeded: the same command gives the same instances).
Each section prints a Markdown table; the figures in benchmarks/RESULTS.md ("Portfolio") come from it.
Times are wall clock with the process's CPU time beside them (the machine may be shared).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import highspy
import numpy as np
from highspy._core import _Highs

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cores.portfolio.brute import enumerate_feasible, maximal
from cores.portfolio.generator import generate
from cores.portfolio.greedy import greedy
from cores.portfolio.linear import LinearModel, compile_problem
from cores.portfolio.model import Problem
from cores.portfolio.robust import RobustResult, robust
from cores.portfolio.robust_values import ValueTable, value_table
from cores.portfolio.solve import GRACE_SECONDS, Settings, Status, run_within, solve

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def med(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "–"


def ratio(values: list[float], baseline: list[float]) -> str:
    """Median over median of the same run's baseline (below 1: faster than the baseline)."""
    if not values or not baseline or statistics.median(baseline) <= 0:
        return "–"
    return f"{statistics.median(values) / statistics.median(baseline):.2f}"


# ---- reference: every feasible portfolio, every pair -----------------------------------------------------


def brute_non_dominated(
    problem: Problem, lm: LinearModel, vt: ValueTable
) -> tuple[list[frozenset[int]], int]:
    """Non-dominated portfolios by enumeration: every feasible selection, then all pairs compared.

    A selection to which a candidate with some positive value can be added feasibly is dominated by that
    superset, so only the maximal selections need the pairwise comparison (all pairs, on every extreme
    point, with the worst case of one against the best case of the other on the projects that differ).
    """
    en = enumerate_feasible(lm)
    n = lm.n
    if not len(en.masks):
        return [], 0
    addable = [bool(vt.hi[i].max() > 0) for i in range(n)]
    masks = maximal(en.masks, n, addable)
    member = ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int64)  # M x n
    lo, hi, delta = member @ vt.lo, member @ vt.hi, vt.delta
    m = len(masks)
    all_ge = np.ones((m, m), dtype=bool)
    any_gt = np.zeros((m, m), dtype=bool)
    for e in range(vt.lo.shape[1]):
        common = member @ (member * delta[:, e][None, :]).T  # sum of delta over q & p
        worst = lo[:, e][:, None] - hi[:, e][None, :] + common  # [q, p]: q's worst minus p's best
        best = hi[:, e][:, None] - lo[:, e][None, :] - common
        all_ge &= worst >= 0
        any_gt |= best > 0
    dominated = (all_ge & any_gt).any(axis=0)
    nd = [frozenset(int(i) for i in np.nonzero(member[k])[0]) for k in range(m) if not dominated[k]]
    return nd, len(en.masks)


def correctness(instances: int, rich: int) -> str:
    """``instances`` with every rule (n = 10–20); then ``rich`` with frames, groups and dependencies only
    (n = 10–16), where weights and scores leave many portfolios non-dominated."""
    infos = ["rank", "intervals", "both", "none"]
    specs = []
    for k in range(instances):
        info = infos[k % 4]
        rules = "budget" if k % 10 == 9 and info in ("rank", "both") else "all"
        specs.append((k, 10 + k % 11, 1000 + k, info, (k // 4) % 2 == 1, rules))
    for k in range(rich):
        specs.append((instances + k, 10 + k % 7, 5000 + k, infos[k % 4], (k // 4) % 2 == 1, "budget"))
    rows = []
    result_rows = []
    for label, part in (
        ("every rule", specs[:instances]),
        ("frames, groups, dependencies", specs[instances:]),
    ):
        if not part:
            continue
        mismatches_opt = mismatches_core = infeasible = 0
        bb_wrong = bb_timeouts = 0
        t_bb: list[float] = []
        nd_sizes: list[int] = []
        t_brute: list[float] = []
        t_milp: list[float] = []
        t_rpm: list[float] = []
        for k, n, seed, info, iv, rules in part:
            problem = generate(
                n, seed, weight_info=info, interval_scores=iv, rules=rules, shift_fraction=0.25
            )
            lm = compile_problem(problem)
            vt = value_table(problem)
            (nd_ref, _), tb, _ = timed(lambda: brute_non_dominated(problem, lm, vt))  # noqa: B023
            en = enumerate_feasible(lm)
            best_ref = max(en.values) if en.values else None
            sol, tm, _ = timed(lambda: solve(lm))  # noqa: B023
            res, tr, _ = timed(lambda: robust(problem, method="exact", time_limit=600))  # noqa: B023
            t_brute.append(tb)
            t_milp.append(tm)
            t_rpm.append(tr)
            if best_ref is None:
                infeasible += 1
                ok_opt = sol.status is Status.INFEASIBLE
            else:
                ok_opt = sol.proven_optimal and sol.score == best_ref and lm.is_feasible(set(sol.chosen))
            core_ref = [
                Fraction(sum(1 for p in nd_ref if i in p), len(nd_ref)) if nd_ref else Fraction(0)
                for i in range(n)
            ]
            ok_core = set(res.portfolios) == set(nd_ref) and res.core_index == core_ref
            if label != "every rule":  # the branch and bound as a second exact method (slow with shares)
                try:
                    res_bb, tbb, _ = timed(
                        lambda: robust(
                            problem,  # noqa: B023
                            method="exact",
                            algorithm="branch_and_bound",
                            time_limit=60,
                        )
                    )
                    t_bb.append(tbb)
                    bb_ok = set(res_bb.portfolios) == set(nd_ref) and res_bb.core_index == core_ref
                    bb_wrong += not bb_ok
                except TimeoutError:
                    bb_timeouts += 1
            mismatches_opt += not ok_opt
            mismatches_core += not ok_core
            nd_sizes.append(len(nd_ref))
            if not (ok_opt and ok_core):
                rows.append([k, n, info, iv, rules, "" if ok_opt else "optimum", "" if ok_core else "core"])
        sizes = f"{min(n for _, n, *_ in part)}–{max(n for _, n, *_ in part)}"
        result_rows.append(
            [
                label,
                sizes,
                len(part),
                infeasible,
                mismatches_opt,
                f"{med(t_milp)} / {max(t_milp):.2f}",
                mismatches_core,
                f"{med(t_rpm)} / {max(t_rpm):.2f}",
                f"{bb_wrong} ({bb_timeouts} over 60 s), {med(t_bb)} / {max(t_bb):.2f}" if t_bb else "–",
                f"{med(t_brute)} / {max(t_brute):.2f}",
                f"{statistics.median(nd_sizes):g} / {max(nd_sizes)}",
            ]
        )
    out = [
        "6 criteria; a quarter of the proposals may shift their start; weight information rank / intervals / "
        "both / none in turn; interval scores in half the instances. Infeasible instances count as agreeing "
        "only when both say infeasible.",
        "",
        table(
            [
                "rules",
                "n",
                "instances",
                "infeasible",
                "optimum ≠ enumeration",
                "optimiser median / max (s)",
                "non-dominated set or core index ≠ enumeration",
                "RPM median / max (s)",
                "branch and bound ≠ enumeration, median / max (s)",
                "enumeration median / max (s)",
                "non-dominated portfolios median / max",
            ],
            result_rows,
        ),
    ]
    if rows:
        out += [
            "",
            "Mismatches:",
            table(["k", "n", "weights", "interval scores", "rules", "optimum", "core"], rows),
        ]
    return "\n".join(out)


# ---- quality: optimum against the greedy baseline --------------------------------------------------------


def quality(sizes: list[int], seeds: int) -> str:
    rows = []
    for n in sizes:
        ratios: list[float] = []
        failed = 0
        t_greedy: list[float] = []
        t_opt: list[float] = []
        gaps: list[float] = []
        for seed in range(seeds):
            lm = compile_problem(generate(n, seed))
            picked, tg, _ = timed(lambda: greedy(lm))  # noqa: B023
            t_greedy.append(tg)
            sol, to, _ = timed(lambda: solve(lm, Settings(time_limit=60, rel_gap=1e-4), start=picked))  # noqa: B023
            t_opt.append(to)
            if not sol.feasible or sol.score is None:
                continue
            gaps.append(sol.gap or 0.0)
            if picked is None:
                failed += 1
                continue
            ratios.append(float(sol.score / lm.score([lm.options[j].cand for j in picked])))
        rows.append(
            [
                n,
                seeds,
                failed,
                f"{statistics.median(ratios):.3f}" if ratios else "–",
                f"{min(ratios):.3f} – {max(ratios):.3f}" if ratios else "–",
                med(t_greedy),
                med(t_opt),
                f"{max(gaps):.1e}",
            ]
        )
    return table(
        [
            "n",
            "instances",
            "greedy found no feasible portfolio",
            "optimum / greedy, median",
            "range",
            "greedy (s)",
            "optimiser (s)",
            "optimiser's max gap",
        ],
        rows,
    )


# ---- speed ---------------------------------------------------------------------------------------------


def naive_solve(lm: LinearModel, rel_gap: float, time_limit: float) -> tuple[str, float, float]:
    """The same rules without this module's choices, for comparison: money in euros as floats, the
    objective as float values (so HiGHS cannot use integer objective units), no greedy warm start,
    default settings otherwise. Returns (status, gap, seconds). HiGHS runs under the optimiser's guard
    (``run_within``): a run that has not returned ``GRACE_SECONDS`` after its limit is reported as
    ``Overran`` (gap unknown) and left behind in its thread; run it in a child process
    (``baseline.py`` does) so that the thread ends with it."""
    n_opt = len(lm.options)
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", rel_gap)
    h.setOptionValue("time_limit", time_limit)
    cost = np.array([float(lm.option_value(j)) for j in range(n_opt)])
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    upper: list[float] = []
    for row in lm.rows:
        starts.append(len(index))
        for j, a in row.coef.items():
            index.append(j)
            value.append(a / 100.0)
        upper.append(row.rhs / 100.0)
    h.passModel(
        n_opt,
        len(lm.rows),
        len(index),
        2,
        -1,
        0.0,
        cost,
        np.zeros(n_opt),
        np.ones(n_opt),
        np.full(len(lm.rows), -highspy.kHighsInf),
        np.array(upper, dtype=np.float64),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=np.float64),
        np.ones(n_opt, dtype=np.int32),
    )
    t = time.perf_counter()
    if not run_within(h.run, time_limit + GRACE_SECONDS):
        return "Overran", math.nan, time.perf_counter() - t
    secs = time.perf_counter() - t
    return h.modelStatusToString(h.getModelStatus()), float(h.getInfo().mip_gap), secs


def speed(n200: int, n1000: int, proofs: int, proof_cap: float, hard_seeds: int) -> str:
    out = []
    rows = []
    results: list[tuple[str, list[float], list[float], int]] = []
    for label, gap in (("rel gap ≤ 1e-6", 1e-6), ("exact (gap below one score unit)", 0.0)):
        times, cpus, statuses = [], [], []
        for seed in range(n200):
            lm = compile_problem(generate(200, seed))
            sol, w, c = timed(lambda: solve(lm, Settings(time_limit=120, rel_gap=gap), start=greedy(lm)))  # noqa: B023
            times.append(w)
            cpus.append(c)
            statuses.append(sol.status is Status.OPTIMAL)
        results.append((label, times, cpus, sum(statuses)))
    naive_times, naive_ok = [], 0
    for seed in range(n200):
        lm = compile_problem(generate(200, seed))
        status, _, secs = naive_solve(lm, 1e-6, 120)
        naive_times.append(secs)
        naive_ok += status == "Optimal"
    for label, times, cpus, reached in results:
        rows.append(
            [
                "200",
                label,
                n200,
                reached,
                med(times),
                med(cpus),
                f"{max(times):.2f}",
                ratio(times, naive_times),
            ]
        )
    rows.append(
        [
            "200",
            "naive model, rel gap ≤ 1e-6 (baseline)",
            n200,
            naive_ok,
            med(naive_times),
            "–",
            f"{max(naive_times):.2f}",
            "1",
        ]
    )
    times, cpus, ok = [], [], 0
    naive_times, naive_ok = [], 0
    for seed in range(n1000):
        lm = compile_problem(generate(1000, seed))
        sol, w, c = timed(lambda: solve(lm, Settings(time_limit=10, rel_gap=1e-3), start=greedy(lm)))  # noqa: B023
        times.append(w)
        cpus.append(c)
        ok += sol.status is Status.OPTIMAL
        status, _, secs = naive_solve(lm, 1e-3, 60)
        naive_times.append(secs)
        naive_ok += status == "Optimal"
    rows.append(
        [
            "1000",
            "within 0.1 % of the bound, 10 s limit",
            n1000,
            ok,
            med(times),
            med(cpus),
            f"{max(times):.2f}",
            ratio(times, naive_times),
        ]
    )
    rows.append(
        [
            "1000",
            "naive model, 0.1 %, 60 s limit (baseline)",
            n1000,
            naive_ok,
            med(naive_times),
            "–",
            f"{max(naive_times):.2f}",
            "1",
        ]
    )
    out.append(
        table(
            [
                "n",
                "target",
                "instances",
                "reached",
                "median (s)",
                "median CPU (s)",
                "max (s)",
                "median / naive median",
            ],
            rows,
        )
    )
    out += [
        "",
        "Times of this module include the greedy warm start and building the HiGHS model; the naive "
        "baseline's are HiGHS's run only.",
    ]
    # the hard variant: annual frames only (no carry-over), 30 % of the money asked for, weakly correlated criteria
    hard = {"carry_over": False, "budget_ratio": 0.3, "correlation": 0.3}
    hard_rows = []
    for n, gap, limit, label in (
        (200, 1e-6, 120.0, "rel gap ≤ 1e-6"),
        (300, 1e-3, 60.0, "within 0.1 %"),
        (1000, 1e-3, 10.0, "within 0.1 %, 10 s limit"),
    ):
        times, cpus, ok, naive_times, naive_ok = [], [], 0, [], 0
        for seed in range(hard_seeds):
            lm = compile_problem(generate(n, seed, **hard))
            sol, w, c = timed(lambda: solve(lm, Settings(time_limit=limit, rel_gap=gap), start=greedy(lm)))  # noqa: B023
            times.append(w)
            cpus.append(c)
            ok += sol.status is Status.OPTIMAL
            status, _, secs = naive_solve(lm, gap, limit)
            naive_times.append(secs)
            naive_ok += status == "Optimal"
        hard_rows.append(
            [
                n,
                label,
                hard_seeds,
                ok,
                med(times),
                med(cpus),
                naive_ok,
                med(naive_times),
                ratio(times, naive_times),
            ]
        )
    out += [
        "",
        "Hard variant (annual frames without carry-over, frame 30 % of the money asked for, criteria "
        "correlated 0.3 with quality):",
        "",
        table(
            [
                "n",
                "target",
                "instances",
                "reached",
                "median (s)",
                "median CPU (s)",
                "naive reached",
                "naive median (s)",
                "median / naive median",
            ],
            hard_rows,
        ),
    ]
    proof_rows = []
    for seed in range(proofs):
        lm = compile_problem(generate(1000, seed))
        sol, w, c = timed(lambda: solve(lm, Settings(time_limit=proof_cap, rel_gap=0.0), start=greedy(lm)))  # noqa: B023
        proof_rows.append(
            [
                seed,
                "proven" if sol.status is Status.OPTIMAL else f"not in {proof_cap:g} s",
                f"{w:.1f}",
                f"{c:.1f}",
                sol.nodes,
                f"{(sol.gap or 0):.1e}",
            ]
        )
    out += [
        "",
        f"Time to a proof of optimality at n = 1000 (cap {proof_cap:g} s):",
        "",
        table(["seed", "result", "wall (s)", "CPU (s)", "nodes", "final gap"], proof_rows),
    ]
    return "\n".join(out)


# ---- robustness ----------------------------------------------------------------------------------------


def robustness(
    sizes: list[int],
    seeds: int,
    limit: float,
    configs: list[tuple[str, bool]],
    approx_time: float,
    extra_seeds: int,
    budget: float,
) -> str:
    """Exact RPM (``algorithm="milp"``) per weight information and size, with the approximation beside it.

    Once no instance of a configuration finished exactly at some size, larger sizes of it are not tried
    exactly (only the approximation runs): the exact time only grows with n. Configurations with interval
    scores (an extra, not required by the issue) run ``extra_seeds`` instances per size. Once ``budget``
    seconds have passed, the remaining rows are printed as not run.
    """
    rows = []
    started = time.perf_counter()
    for info, iv in configs:
        give_up = False
        for n in sizes:
            if time.perf_counter() - started > budget:
                rows.append(
                    [info + (", interval scores" if iv else ""), n] + ["not run (time budget)"] + [""] * 8
                )
                print("progress:", " | ".join(str(c) for c in rows[-1]), file=sys.stderr, flush=True)
                continue
            times: list[float] = []
            nd: list[int] = []
            k_pts = 0
            done = 0
            agree: list[bool] = []
            found_share: list[float] = []
            approx_times: list[float] = []
            approx_nd: list[int] = []
            for seed in range(extra_seeds if iv else seeds):
                problem = generate(n, seed, weight_info=info, interval_scores=iv)
                exact: RobustResult | None = None
                if not give_up:
                    try:
                        exact, w, _ = timed(lambda: robust(problem, method="exact", time_limit=limit))  # noqa: B023
                        done += 1
                        times.append(w)
                        nd.append(len(exact.portfolios))
                    except TimeoutError:
                        times.append(math.inf)
                approx, wa, _ = timed(
                    lambda: robust(problem, method="approximate", samples=40, approximate_time=approx_time)  # noqa: B023
                )
                k_pts = len(approx.extreme_points)
                approx_times.append(wa)
                approx_nd.append(len(approx.portfolios))
                if exact is not None and exact.portfolios:
                    found_share.append(
                        len(set(approx.portfolios) & set(exact.portfolios)) / len(exact.portfolios)
                    )
                    agree.append(
                        set(approx.portfolios) == set(exact.portfolios)
                        and approx.core_index == exact.core_index
                    )
            finite = [t for t in times if math.isfinite(t)]
            tried = len(times)
            rows.append(
                [
                    info + (", interval scores" if iv else ""),
                    n,
                    k_pts or "–",
                    f"{done}/{tried}" if tried else "not tried",
                    med(finite),
                    f"{max(finite):.1f}" if finite else "–",
                    f"{statistics.median(nd):g} ({min(nd)}–{max(nd)})" if nd else "–",
                    med(approx_times),
                    f"{statistics.median(approx_nd):g} ({min(approx_nd)}–{max(approx_nd)})",
                    f"{sum(agree)}/{len(agree)}" if agree else "–",
                    f"{min(found_share):.2f}" if found_share else "–",
                ]
            )
            print("progress:", " | ".join(str(c) for c in rows[-1]), file=sys.stderr, flush=True)
            if tried and not done:
                give_up = True
    return "\n".join(
        [
            f'Exact: `robust(method="exact")` (MILP enumeration), limit {limit:g} s per instance; after a size '
            "where no instance finished, larger sizes of that configuration are not tried exactly. "
            f'Approximate (labelled as such by the code): `method="approximate"`, 40 sampled weights plus the '
            f"extreme points and the centroid, at most {approx_time:g} s. Instances per size: {seeds}, "
            f"{extra_seeds} with interval scores; time budget of the section {budget:g} s.",
            "",
            table(
                [
                    "weights",
                    "n",
                    "extreme points",
                    f"exact within {limit:g} s",
                    "exact median (s)",
                    "exact max (s)",
                    "non-dominated, exact (range)",
                    "approximate median (s)",
                    "non-dominated, approximate (range)",
                    "approximation = exact set and core indices",
                    "approximation's lowest share of the exact set",
                ],
                rows,
            ),
        ]
    )


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, HiGHS {highspy.HIGHS_VERSION_MAJOR}.{highspy.HIGHS_VERSION_MINOR}.{highspy.HIGHS_VERSION_PATCH}, "
        f"numpy {np.__version__}; load average at start {load:.1f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default="correctness,quality,speed,robust")
    parser.add_argument("--instances", type=int, default=200, help="correctness instances (default 200)")
    parser.add_argument(
        "--rich", type=int, default=100, help="more instances with many non-dominated portfolios"
    )
    parser.add_argument("--seeds", type=int, default=10, help="instances per size for quality (default 10)")
    parser.add_argument("--speed-200", type=int, default=20)
    parser.add_argument("--speed-1000", type=int, default=10)
    parser.add_argument("--proofs", type=int, default=5)
    parser.add_argument("--hard-seeds", type=int, default=5)
    parser.add_argument("--proof-cap", type=float, default=180.0)
    parser.add_argument("--robust-sizes", default="20,30,40,50,60,80")
    parser.add_argument("--robust-seeds", type=int, default=3)
    parser.add_argument(
        "--robust-extra-seeds", type=int, default=1, help="instances per size with interval scores (an extra)"
    )
    parser.add_argument(
        "--robust-budget", type=float, default=1500.0, help="seconds for the robustness section"
    )
    parser.add_argument("--robust-limit", type=float, default=60.0, help="seconds per exact RPM run")
    parser.add_argument(
        "--robust-configs",
        default="rank,intervals,both+iv",  # the required configurations (point scores) first
        help="weight information per row group; '+iv' adds interval scores",
    )
    parser.add_argument("--approx-time", type=float, default=10.0, help="seconds per approximate RPM run")
    parser.add_argument("--quick", action="store_true", help="small numbers everywhere (a smoke run)")
    a = parser.parse_args(argv)
    if a.quick:
        a.instances, a.seeds, a.speed_200, a.speed_1000, a.proofs, a.proof_cap = 20, 2, 3, 2, 1, 30.0
        a.rich = 8
        a.hard_seeds = 1
        a.robust_sizes, a.robust_seeds, a.robust_limit, a.approx_time = "20,40", 2, 30.0, 10.0
    sections = set(a.sections.split(","))
    print(f"Machine: {machine()}\n")
    if "correctness" in sections:
        print("### Correctness against enumeration\n")
        print(correctness(a.instances, a.rich), "\n", flush=True)
    if "quality" in sections:
        print("### Quality: optimum against the greedy score-per-euro pick (every rule on)\n")
        print(quality([50, 200, 1000], a.seeds), "\n", flush=True)
    if "speed" in sections:
        print("### Speed, every rule on\n")
        print(speed(a.speed_200, a.speed_1000, a.proofs, a.proof_cap, a.hard_seeds), "\n", flush=True)
    if "robust" in sections:
        print("### Robustness: exact non-dominated set and core indices (6 criteria)\n")
        sizes = [int(s) for s in a.robust_sizes.split(",")]
        configs = [(c.removesuffix("+iv"), c.endswith("+iv")) for c in a.robust_configs.split(",")]
        print(
            robustness(
                sizes,
                a.robust_seeds,
                a.robust_limit,
                configs,
                a.approx_time,
                a.robust_extra_seeds,
                a.robust_budget,
            ),
            "\n",
            flush=True,
        )


if __name__ == "__main__":
    main()
