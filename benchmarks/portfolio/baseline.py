"""The optimiser against a plain HiGHS model of the same problem, instance by instance.

    .venv/bin/python benchmarks/portfolio/baseline.py                                   # the default set
    .venv/bin/python benchmarks/portfolio/baseline.py --plan "200:easy:10:20,200:hard:10:20"

Each instance (``cores.portfolio.generator``, seeded, with its share rules, groups and dependencies)
is solved twice in the same run: by ``solve`` (candidate columns, implied frame rows, share rows written
sparsely on one column for the portfolio's money, integer objective, HiGHS's RENS heuristic off, greedy
warm start) and by a plain model of the same rows (one binary per start option, money as floats,
float objective, no warm start, no extra rows, HiGHS defaults apart from one thread, the time limit and a
relative gap of 0 so both aim at a proof). The ratio is ours / plain per instance on the whole time (building the model, the
greedy start and HiGHS's run for ours, all within ours's time limit; building and HiGHS's run for the plain one; below 1: faster); when
neither proves optimality within the limit, the two final gaps are shown side by side.
Each solve runs in a forked child process (its times measured inside it): a HiGHS run that misses its
time limit by more than ``GRACE_SECONDS`` is left behind by either model's guard, reported
(``overran``; for the plain model its gap is then unknown), and its thread ends with the child instead of
taking a core from the next solves. ``--plan`` lists ``n:variant:instances:seconds`` (variant easy = the generator's defaults, hard = annual
frames without carry-over, frame 30 % of the money asked for, criteria correlated 0.3).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.portfolio.run import naive_solve
from cores.portfolio.generator import generate
from cores.portfolio.greedy import greedy
from cores.portfolio.linear import LinearModel, compile_problem
from cores.portfolio.solve import Settings, Solution, Status, solve

T = TypeVar("T")

HARD = {"carry_over": False, "budget_ratio": 0.3, "correlation": 0.3}
_FORK = multiprocessing.get_context("fork")


def in_child(fn: Callable[[], T]) -> T:
    """``fn()`` in a forked child process, its result sent back; the child exits when it is sent."""
    here, there = _FORK.Pipe(duplex=False)

    def child() -> None:
        there.send(fn())
        there.close()

    proc = _FORK.Process(target=child, daemon=True)
    proc.start()
    there.close()
    result: T = here.recv()
    proc.join(5)
    if proc.is_alive():  # a solver thread left behind keeps the child from exiting: stop it
        proc.kill()
        proc.join()
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--plan",
        default="200:easy:10:20,200:hard:10:20,1000:easy:2:60,1000:hard:2:60,3000:easy:1:60,3000:hard:1:60",
    )
    ap.add_argument("--first-seed", type=int, default=0, help="seeds first-seed, first-seed + 1, ...")
    args = ap.parse_args(argv)
    summary = []
    print(
        "| n | variant | seed | ours (s) (greedy start) | ours | plain (s) (HiGHS run) | plain | ratio | gaps (ours / plain) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for spec in args.plan.split(","):
        n_s, variant, count, limit_s = spec.split(":")
        n, limit = int(n_s), float(limit_s)
        ratios: list[float] = []
        proven = [0, 0]
        gaps: list[str] = []
        for seed in range(args.first_seed, args.first_seed + int(count)):
            lm = compile_problem(generate(n, seed, **(HARD if variant == "hard" else {})))
            sol, greedy_s, ours_s = in_child(lambda: ours(lm, limit))  # noqa: B023
            status, plain_gap, plain_run, plain_s = in_child(lambda: plain(lm, limit))  # noqa: B023
            ours_ok = sol.status is Status.OPTIMAL
            plain_ok = status == "Optimal"
            proven[0] += ours_ok
            proven[1] += plain_ok
            ratio = ours_s / plain_s if plain_s > 0 else float("nan")
            ratios.append(ratio)
            gap = ""
            if not ours_ok and not plain_ok:
                gap = f"{(sol.gap or 0):.1e} / {plain_gap:.1e}"
                gaps.append(gap)
            print(
                f"| {n} | {variant} | {seed} | {ours_s:.2f} ({greedy_s:.2f}) | "
                f"{'proven' if ours_ok else sol.status.value}{' (overran)' if sol.overran else ''} | {plain_s:.2f} ({plain_run:.2f}) | "
                f"{'proven' if plain_ok else status} | {ratio:.2f} | {gap} |",
                flush=True,
            )
        summary.append(
            f"| {n} | {variant} | {count} | {limit:g} | {proven[0]} | {proven[1]} | "
            f"{statistics.median(ratios):.2f} | {max(ratios):.2f} | {'; '.join(gaps) or '–'} |"
        )
    print(
        "\n| n | variant | instances | limit (s) | ours proven | plain proven | median ratio | worst ratio | gaps where neither proved (ours / plain) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for line in summary:
        print(line)


def ours(lm: LinearModel, limit: float) -> tuple[Solution, float, float]:
    """The optimiser as the command line runs it: the limit covers the greedy start too."""
    t = time.perf_counter()
    start = greedy(lm)
    greedy_s = time.perf_counter() - t
    sol = solve(lm, Settings(time_limit=limit, rel_gap=0.0), start=start, started=t)
    return sol, greedy_s, time.perf_counter() - t


def plain(lm: LinearModel, limit: float) -> tuple[str, float, float, float]:
    """The plain model; its whole time includes building its rows, as ours includes its own."""
    t = time.perf_counter()
    status, gap, run = naive_solve(lm, 0.0, limit)
    return status, gap, run, time.perf_counter() - t


if __name__ == "__main__":
    main()
