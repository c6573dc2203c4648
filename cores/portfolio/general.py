"""General portfolio problems and their exact non-dominated sets: the analysis as a whole.

The format and its reading are in ``general_format``; Robust Portfolio Modelling's values and
dominance on it in ``general_sets``; the exact dynamic programme in ``general_dp``. ``analyse`` runs
them with a time limit and ``GeneralResult`` says what is proven (the core index, or its range when
the set is incomplete; core and exterior items only when proven).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cores.portfolio.general_dp import DPResult, non_dominated_dp
from cores.portfolio.general_format import GeneralProblem
from cores.portfolio.general_sets import Compiled, compile_general

# ---- the analysis as a whole ------------------------------------------------------------------------------


@dataclass
class GeneralResult:
    problem: GeneralProblem
    compiled: Compiled
    dp: DPResult

    @property
    def complete(self) -> bool:
        return self.dp.complete

    def portfolios(self) -> list[list[str]]:
        ids = self.compiled.ids
        return [sorted((ids[i] for i in s), key=self._rank) for s in self.dp.portfolios]

    def _rank(self, ident: str) -> int:
        return [it.id for it in self.problem.items].index(ident)

    def core_index(self) -> dict[str, Fraction]:
        """Share of the (found) non-dominated portfolios holding each item; exact only when complete."""
        nd = self.dp.portfolios
        out: dict[str, Fraction] = {}
        pos = {ident: k for k, ident in enumerate(self.compiled.ids)}
        for it in self.problem.items:
            if it.id not in pos or not nd:
                out[it.id] = Fraction(0)
            else:
                out[it.id] = Fraction(sum(1 for s in nd if pos[it.id] in s), len(nd))
        return out

    def classification(self) -> dict[str, str]:
        """core / exterior / borderline when proven; ``unknown`` for what an incomplete run cannot tell."""
        pos = {ident: k for k, ident in enumerate(self.compiled.ids)}
        out: dict[str, str] = {}
        for it in self.problem.items:
            if it.id not in pos:
                out[it.id] = "exterior"  # must-out
                continue
            i = pos[it.id]
            if i in self.dp.proven_core:
                out[it.id] = "core"
            elif i in self.dp.proven_exterior:
                out[it.id] = "exterior"
            elif self.dp.complete:
                out[it.id] = "borderline"
            else:
                out[it.id] = "unknown"
        return out

    def core_index_range(self) -> dict[str, tuple[Fraction, Fraction]]:
        """What is proven of each core index: exact when complete; [0, 1] unless core or exterior."""
        ci = self.core_index()
        cls = self.classification()
        out: dict[str, tuple[Fraction, Fraction]] = {}
        for ident, c in cls.items():
            if self.dp.complete:
                out[ident] = (ci[ident], ci[ident])
            elif c == "core":
                out[ident] = (Fraction(1), Fraction(1))
            elif c == "exterior":
                out[ident] = (Fraction(0), Fraction(0))
            else:
                out[ident] = (Fraction(0), Fraction(1))
        return out


def analyse(problem: GeneralProblem, *, time_limit: float | None = 60.0) -> GeneralResult:
    """The non-dominated portfolios of a general problem, exact unless the time limit stops it."""
    t0 = time.perf_counter()
    cp = compile_general(problem)
    deadline = None if time_limit is None else t0 + time_limit
    dp = non_dominated_dp(cp, deadline=deadline)
    dp.seconds = time.perf_counter() - t0
    return GeneralResult(problem, cp, dp)


def to_json(res: GeneralResult) -> dict[str, Any]:
    ci = res.core_index()
    rng = res.core_index_range()
    return {
        "kind": "general",
        "name": res.problem.name,
        "method": "exact dynamic programming with dominance pruning",
        "complete": res.complete,
        "note": res.dp.note
        or ("" if res.complete else "incomplete: portfolios found are feasible but not proven non-dominated"),
        "seconds": round(res.dp.seconds, 3),
        "criteria": list(res.problem.criteria),
        "extreme_points": [[str(w) for w in p] for p in res.compiled.points],
        "non_dominated_count": len(res.dp.portfolios),
        "non_dominated": res.portfolios(),
        "core_index": {k: float(v) for k, v in ci.items()},
        "core_index_exact": {k: str(v) for k, v in ci.items()} if res.complete else None,
        "core_index_approximate": not res.complete,
        "core_index_range": {k: [float(a), float(b)] for k, (a, b) in rng.items()},
        "classification": res.classification(),
        "states_max": res.dp.max_states,
    }


def render(res: GeneralResult) -> str:
    ci = res.core_index()
    rng = res.core_index_range()
    cls = res.classification()
    lines = [
        f"Robust portfolio analysis: {res.problem.name or 'general problem'}",
        f"Weight set: {len(res.problem.criteria)} criteria, {len(res.compiled.points)} extreme points",
    ]
    if res.complete:
        lines.append(
            f"Status: COMPLETE: exactly {len(res.dp.portfolios)} non-dominated portfolios "
            f"({res.dp.seconds:.2f} s)"
        )
    else:
        lines.append(
            f"Status: INCOMPLETE ({res.dp.note}); {len(res.dp.portfolios)} feasible portfolios found, "
            "not proven non-dominated; core indices below are approximate, ranges are what is proven"
        )
    lines.append("")
    width = max([4, *(len(it.id) for it in res.problem.items)])
    head = "core index" if res.complete else "approx. (proven range)"
    lines.append(f"{'item'.ljust(width)}  {head:>24}  class")
    for it in res.problem.items:
        a, b = rng[it.id]
        val = (
            f"{float(ci[it.id]):.3f}"
            if res.complete
            else f"~{float(ci[it.id]):.3f} ({float(a):g}–{float(b):g})"
        )
        lines.append(f"{it.id.ljust(width)}  {val:>24}  {cls[it.id]}")
    lines.append("")
    shown = res.portfolios()[:20]
    lines.append(
        f"Non-dominated portfolios (first {len(shown)}):"
        if res.complete
        else f"Portfolios found (first {len(shown)}):"
    )
    for p in shown:
        lines.append("  " + ", ".join(p))
    return "\n".join(lines) + "\n"
