"""Time to target: the optimiser against the plain HiGHS model where neither proves optimality.

    .venv/bin/python benchmarks/portfolio/time_to_target.py --plan "200:hard:10:20"
    .venv/bin/python benchmarks/portfolio/time_to_target.py --plan "200:hard:10:20" \
        --lever mip_heuristic_effort=0.3

When neither model proves optimality within the limit both stop at the limit, so the ratio of the whole
times is about 1 by construction (``baseline.py``). This script runs the same pair per instance (``solve``
with its greedy start, then ``naive_solve`` of ``run.py``, unchanged: HiGHS defaults, no start) and
records, through HiGHS's callbacks, when each found every improving portfolio (primal bound) and how
its dual bound moved, on the wall clock from the start of each one's whole run (building the model,
and for ours the greedy start, included). Per instance it reports:

* the **time to target**: the target is the worse of the two final incumbents (both reached it), and
  each model's time is when its incumbent first became at least that good; the ratio is ours / plain;
* each way round: when ours reached the plain model's final incumbent and when the plain model reached
  ours' (``–``: never within the limit);
* the **time to gap**: the target is the larger of the two final gaps (HiGHS's own ``mip_gap`` of each
  run, the raw dual bound, not ours' rounding to whole score units), the times when each run's gap
  first fell to it, and their ratio.

The callbacks are installed the same way on both models (a subclass of HiGHS's raw binding whose ``run``
starts them), so their small cost falls on both; a portfolio ours hands to HiGHS through the
user-solution callback (its polishing) is recorded at the next callback, when HiGHS's primal bound shows
it. ``--lever NAME=VALUE`` (repeatable) adds a third solve per instance: ours with that HiGHS option set
(overriding ``SOLVE_OPTIONS``; ``presolve=off`` for a string option) or, for an upper-case NAME, that
switch of ``cores.portfolio.solve`` set (``POLISH_START``, ``POLISH_INCUMBENTS``, ``IMPLIED_ROWS``,
``CANDIDATE_COLUMNS``), compared with the same plain run and with ours' default run:

    .venv/bin/python benchmarks/portfolio/time_to_target.py --plan "200:hard:10:20" \
        --lever IMPLIED_ROWS=false --lever CANDIDATE_COLUMNS=false
"""

from __future__ import annotations

import argparse
import bisect
import importlib
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import highspy
from highspy._core import _Highs

from benchmarks.portfolio import run as bench_run
from benchmarks.portfolio.baseline import HARD
from cores.portfolio.generator import generate
from cores.portfolio.greedy import greedy
from cores.portfolio.linear import LinearModel, compile_problem

solve_mod = importlib.import_module("cores.portfolio.solve")  # the module, not the re-exported function
CB = highspy.cb.HighsCallbackType


@dataclass
class Trace:
    """One run's improving incumbents and dual bounds, (seconds since its start, objective) in its units."""

    t0: float = 0.0
    primal: list[tuple[float, float]] = field(default_factory=list)
    dual: list[tuple[float, float]] = field(default_factory=list)

    def record(self, kind: int, out: Any) -> None:
        now = time.perf_counter() - self.t0
        if kind == int(CB.kCallbackMipImprovingSolution):
            self.primal.append((now, float(out.objective_function_value)))
        else:
            # a portfolio handed to HiGHS through the user-solution callback (ours' polishing) raises
            # the primal bound without an improving-solution event: seen at the next callback
            primal = float(out.mip_primal_bound)
            if (
                math.isfinite(primal)
                and abs(primal) < highspy.kHighsInf
                and (not self.primal or primal > self.primal[-1][1] + 1e-9 * max(abs(primal), 1.0))
            ):
                self.primal.append((now, primal))
        bound = float(out.mip_dual_bound)
        if (
            math.isfinite(bound)
            and abs(bound) < highspy.kHighsInf
            and (not self.dual or bound < self.dual[-1][1])
        ):
            self.dual.append((now, bound))

    def scaled(self, factor: float) -> Trace:
        return Trace(
            self.t0, [(t, v / factor) for t, v in self.primal], [(t, v / factor) for t, v in self.dual]
        )

    @property
    def final(self) -> float:
        return self.primal[-1][1] if self.primal else -math.inf

    def time_to(self, target: float) -> float | None:
        """First time the incumbent was at least ``target`` (maximisation; relative tolerance 1e-9)."""
        for t, v in self.primal:
            if v >= target - 1e-9 * max(abs(target), 1.0):
                return t
        return None

    def gaps(self) -> list[tuple[float, float]]:
        """(time, gap) at every event: HiGHS's relative gap (bound - incumbent) / incumbent."""
        times = sorted({t for t, _ in self.primal} | {t for t, _ in self.dual})
        p_times = [t for t, _ in self.primal]
        d_times = [t for t, _ in self.dual]
        out = []
        for t in times:
            kp = bisect.bisect_right(p_times, t) - 1
            kd = bisect.bisect_right(d_times, t) - 1
            if kp < 0 or kd < 0:
                continue
            p, d = self.primal[kp][1], self.dual[kd][1]
            out.append((t, max(d - p, 0.0) / max(abs(p), 1e-12)))
        return out

    @property
    def final_gap(self) -> float:
        g = self.gaps()
        return g[-1][1] if g else math.inf

    def time_to_gap(self, target: float) -> float | None:
        for t, g in self.gaps():
            if g <= target * (1 + 1e-9):
                return t
        return None


_current: list[Trace] = []


class TracedHighs(_Highs):
    """HiGHS's raw binding with the improving-solution and interrupt callbacks recorded into the current
    trace; a callback the solver sets itself (ours' polishing) is called after the recording. (Setting a
    callback clears the started ones, so the combined callback is set once, when the solver sets its own
    or at the latest in ``run``.)"""

    inner: Any = None
    combined: bool = False

    def _set(self) -> None:
        trace = _current[-1]
        inner = self.inner

        def callback(kind: Any, msg: Any, out: Any, inp: Any, data: Any) -> None:
            trace.record(int(kind), out)
            if inner is not None:
                inner(kind, msg, out, inp, data)

        super().setCallback(callback, None)
        self.combined = True

    def setCallback(self, fn: Any, data: Any) -> Any:
        self.inner = fn
        self._set()

    def run(self) -> Any:
        if not self.combined:
            self._set()
        self.startCallback(CB.kCallbackMipImprovingSolution)
        self.startCallback(CB.kCallbackMipInterrupt)
        return super().run()


solve_mod._Highs = TracedHighs  # type: ignore[attr-defined]
bench_run._Highs = TracedHighs  # type: ignore[attr-defined]


def run_ours(
    lm: LinearModel, limit: float, options: dict[str, Any] | None = None
) -> tuple[Trace, Any, float]:
    trace = Trace(time.perf_counter())
    _current.append(trace)
    saved = solve_mod.SOLVE_OPTIONS
    switches = {k: v for k, v in (options or {}).items() if k.isupper()}
    saved_switches = {k: getattr(solve_mod, k) for k in switches}
    highs_options = {k: v for k, v in (options or {}).items() if not k.isupper()}
    if highs_options:
        solve_mod.SOLVE_OPTIONS = {**saved, **highs_options}
    for k, v in switches.items():
        setattr(solve_mod, k, v)
    try:
        start = greedy(lm)
        sol = solve_mod.solve(
            lm, solve_mod.Settings(time_limit=limit, rel_gap=0.0), start=start, started=trace.t0
        )
    finally:
        solve_mod.SOLVE_OPTIONS = saved
        for k, v in saved_switches.items():
            setattr(solve_mod, k, v)
        _current.pop()
    seconds = time.perf_counter() - trace.t0
    denom, exact = solve_mod._units(lm)
    return trace.scaled(float(denom) if exact else 1.0), sol, seconds


def run_plain(lm: LinearModel, limit: float) -> tuple[Trace, str, float]:
    trace = Trace(time.perf_counter())
    _current.append(trace)
    try:
        status, _gap, _run = bench_run.naive_solve(lm, 0.0, limit)
    finally:
        _current.pop()
    return trace, status, time.perf_counter() - trace.t0


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return a / max(b, 0.01)


@dataclass
class Pair:
    whole: float
    ttt: float | None
    ttg: float | None
    ours_to_plain: float | None  # ours' time to the plain model's final incumbent
    plain_to_ours: float | None
    better: int  # +1 ours' final incumbent better, -1 plain's, 0 equal
    gaps: tuple[float, float]


def compare(ours: Trace, ours_s: float, plain: Trace, plain_s: float) -> Pair:
    target = min(ours.final, plain.final)
    t_o, t_p = ours.time_to(target), plain.time_to(target)
    gap_target = max(ours.final_gap, plain.final_gap)
    g_o, g_p = ours.time_to_gap(gap_target), plain.time_to_gap(gap_target)
    tol = 1e-9 * max(abs(target), 1.0)
    better = 0 if abs(ours.final - plain.final) <= tol else (1 if ours.final > plain.final else -1)
    return Pair(
        ours_s / plain_s,
        ratio(t_o, t_p),
        ratio(g_o, g_p),
        ours.time_to(plain.final),
        plain.time_to(ours.final),
        better,
        (ours.final_gap, plain.final_gap),
    )


def summarise(label: str, pairs: list[Pair]) -> str:
    def med_worst(xs: list[float | None]) -> str:
        got = [x for x in xs if x is not None]
        if not got:
            return "–"
        return f"{statistics.median(got):.2f} / {max(got):.2f}" + (
            f" ({len(got)} of {len(xs)})" if len(got) < len(xs) else ""
        )

    wins = sum(p.better > 0 for p in pairs)
    ties = sum(p.better == 0 for p in pairs)
    losses = sum(p.better < 0 for p in pairs)
    reached = sum(p.ours_to_plain is not None for p in pairs)
    reached_back = sum(p.plain_to_ours is not None for p in pairs)
    gap_o = statistics.median(p.gaps[0] for p in pairs)
    gap_p = statistics.median(p.gaps[1] for p in pairs)
    return (
        f"| {label} | {len(pairs)} | {med_worst([p.whole for p in pairs])} | {med_worst([p.ttt for p in pairs])} | "
        f"{med_worst([p.ttg for p in pairs])} | {wins} / {ties} / {losses} | {reached} | {reached_back} | "
        f"{gap_o:.1e} / {gap_p:.1e} |"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plan", default="200:hard:10:20", help="n:variant:instances:seconds, comma-separated")
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument(
        "--lever", action="append", default=[], help="NAME=VALUE: a HiGHS option for a third solve"
    )
    args = ap.parse_args(argv)
    lever: dict[str, Any] = {}
    for item in args.lever:
        name, raw = item.split("=", 1)
        lever[name] = {"true": True, "false": False}.get(raw.lower())
        if lever[name] is None:
            try:
                lever[name] = float(raw) if any(c in raw for c in ".e") else int(raw)
            except ValueError:
                lever[name] = raw  # a string option, e.g. presolve=off
    print(f"load average at start: {os.getloadavg()}", flush=True)
    print(
        "| n | variant | seed | ours (s) | ours status | plain (s) | plain status | whole ratio | final incumbent "
        "ours / plain | time to common target ours / plain (s) | ratio | ours to plain's final (s) | "
        "plain to ours' final (s) | final gaps ours / plain | time to common gap ours / plain (s) | ratio |"
        + (" lever: whole, ttt, ttg ratio vs plain; final vs ours |" if lever else "")
    )
    print("|" + "---|" * (16 + (1 if lever else 0)))
    summary: list[str] = []
    for spec in args.plan.split(","):
        n_s, variant, count, limit_s = spec.split(":")
        n, limit = int(n_s), float(limit_s)
        pairs: list[Pair] = []
        lever_pairs: list[Pair] = []
        lever_vs_ours: list[Pair] = []
        for seed in range(args.first_seed, args.first_seed + int(count)):
            lm = compile_problem(generate(n, seed, **(HARD if variant == "hard" else {})))
            ours, sol, ours_s = run_ours(lm, limit)
            plain, status, plain_s = run_plain(lm, limit)
            p = compare(ours, ours_s, plain, plain_s)
            pairs.append(p)
            target = min(ours.final, plain.final)
            line = (
                f"| {n} | {variant} | {seed} | {ours_s:.2f} | {sol.status.value} | {plain_s:.2f} | {status} | "
                f"{p.whole:.2f} | {ours.final:.3f} / {plain.final:.3f} | {fmt(ours.time_to(target))} / "
                f"{fmt(plain.time_to(target))} | {fmt(p.ttt)} | {fmt(p.ours_to_plain)} | {fmt(p.plain_to_ours)} | "
                f"{p.gaps[0]:.1e} / {p.gaps[1]:.1e} | "
                f"{fmt(ours.time_to_gap(max(p.gaps)))} / {fmt(plain.time_to_gap(max(p.gaps)))} | {fmt(p.ttg)} |"
            )
            if lever:
                lev, _lev_sol, lev_s = run_ours(lm, limit, lever)
                lp = compare(lev, lev_s, plain, plain_s)
                lever_pairs.append(lp)
                lo = compare(lev, lev_s, ours, ours_s)
                lever_vs_ours.append(lo)
                line += (
                    f" {lp.whole:.2f}, {fmt(lp.ttt)}, {fmt(lp.ttg)}; {lev.final:.3f} "
                    f"({'better' if lo.better > 0 else 'same' if lo.better == 0 else 'worse'}), "
                    f"gap {lo.gaps[0]:.1e} |"
                )
            print(line, flush=True)
        summary.append(summarise(f"{n} {variant}, {limit:g} s", pairs))
        if lever:
            name = ",".join(f"{k}={v}" for k, v in lever.items())
            summary.append(summarise(f"{n} {variant}, {limit:g} s: ours + {name} vs plain", lever_pairs))
            summary.append(summarise(f"{n} {variant}, {limit:g} s: ours + {name} vs ours", lever_vs_ours))
    print(f"\nload average at end: {os.getloadavg()}")
    print(
        "\n| set | instances | whole-time ratio median / worst | time-to-target ratio median / worst | "
        "time-to-gap ratio median / worst | final incumbent better / same / worse | ours reached plain's "
        "final | plain reached ours' final | median final gaps |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for line in summary:
        print(line)


if __name__ == "__main__":
    main()
