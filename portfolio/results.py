"""A scenario's result as JSON, its breakdowns (money by theme, city, fund and year) and the comparison of
scenarios side by side. The computation is the core's (``cores.portfolio``); this module only arranges
what it returns for saving and for the pages, the API and the charts."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cores.money import from_cents
from cores.portfolio import Problem, Settings, compile_problem, explain, greedy, parse, robust, solve
from cores.portfolio.cli import to_json
from cores.portfolio.explain import Explanation
from cores.portfolio.robust import RobustResult
from portfolio.names import theme_names

FUNDED = "funded"  # the category of already-funded projects in breakdowns

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RunSettings:
    """What to compute and within which time (seconds)."""

    time_limit: float = 30.0
    explain: bool = True
    next_best: int = 3
    robust: bool = False
    robust_time_limit: float = 60.0

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> RunSettings:
        data = data or {}
        return cls(
            time_limit=float(data.get("time_limit", 30.0)),
            explain=bool(data.get("explain", True)),
            next_best=int(data.get("next_best", 3)),
            robust=bool(data.get("robust", False)),
            robust_time_limit=float(data.get("robust_time_limit", 60.0)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "time_limit": self.time_limit,
            "explain": self.explain,
            "next_best": self.next_best,
            "robust": self.robust,
            "robust_time_limit": self.robust_time_limit,
        }


def compute(problem: Problem, run: RunSettings, progress: Progress | None = None) -> dict[str, Any]:
    """Solve, explain and (when asked) analyse robustness; the result document of a scenario."""
    report = progress or (lambda pct, stage: None)
    t0 = time.perf_counter()
    lm = compile_problem(problem)
    report(5, "solve")
    start = greedy(lm)
    settings = Settings(time_limit=run.time_limit)
    sol = solve(lm, settings, start=start)
    ex: Explanation | None = None
    rob: RobustResult | None = None
    if sol.feasible and run.explain:
        report(40, "explain")
        ex = explain(lm, sol, settings, next_k=run.next_best, budget=max(20.0, 2 * run.time_limit))
    if sol.feasible and run.robust:
        report(70, "robust")
        rob = robust(problem, time_limit=run.robust_time_limit)
    doc = to_json(lm, sol, ex, rob)
    if start is not None:
        doc["greedy_score"] = f"{float(sum((lm.option_value(j) for j in start), Fraction(0))):.6f}"
    else:
        doc["greedy_score"] = None
    if sol.feasible:
        doc["breakdown"] = breakdown(problem, doc["selected"])
    doc["total_seconds"] = round(time.perf_counter() - t0, 3)
    report(100, "done")
    return doc


def breakdown(problem: Problem, selected: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Money of the selected portfolio by year and theme, by fund and year, by city; and the frames."""
    by_id = {c.id: c for c in problem.candidates}
    theme_year: dict[tuple[str, int], int] = {}
    fund_year: dict[tuple[str, int], int] = {}
    city: dict[str, Fraction] = {}
    for pick in selected:
        cand = by_id[pick["id"]]
        category = FUNDED if cand.funded else cand.theme
        total = 0
        for (fund, year), cents in cand.shifted_costs(int(pick["start"])).items():
            theme_year[(category, year)] = theme_year.get((category, year), 0) + cents
            fund_year[(fund, year)] = fund_year.get((fund, year), 0) + cents
            total += cents
        for city_id in cand.cities:
            share = Fraction(total, len(cand.cities)) if problem.rules.city_share_mode == "split" else total
            city[city_id] = city.get(city_id, Fraction(0)) + share
    frame_year: dict[int, int] = {}
    for (_fund, year), cents in problem.rules.frames.items():
        frame_year[year] = frame_year.get(year, 0) + cents
    return {
        "theme_year": [
            {"category": k[0], "year": k[1], "money": str(from_cents(v))}
            for k, v in sorted(theme_year.items())
        ],
        "fund_year": [
            {"fund": k[0], "year": k[1], "money": str(from_cents(v))} for k, v in sorted(fund_year.items())
        ],
        "city": [{"city": k, "money": str(from_cents(round(v)))} for k, v in sorted(city.items())],
        "frame_year": [{"year": y, "frame": str(from_cents(v))} for y, v in sorted(frame_year.items())],
    }


def _money_by(result: dict[str, Any], part: str, key: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for row in (result.get("breakdown") or {}).get(part, []):
        out[str(row[key])] = out.get(str(row[key]), Decimal(0)) + Decimal(row["money"])
    return out


@dataclass
class Comparison:
    """Scenarios side by side: one row per measure, one column per scenario."""

    columns: list[Any]
    measures: list[tuple[str, list[Any]]] = field(default_factory=list)
    # (section, [(key, the name a person reads, one value per scenario)])
    sections: list[tuple[str, list[tuple[str, str, list[Decimal | None]]]]] = field(default_factory=list)
    membership: list[tuple[str, str, list[bool], bool]] = field(
        default_factory=list
    )  # id, name, in?, differs


def compare(scenarios: Sequence[Any], names: dict[str, str] | None = None) -> Comparison:
    """Compare saved scenarios (objects with ``result`` and ``problem``): score, money by theme, city,
    fund and year, and which proposals differ. Each row of a section carries its key and the name a
    person reads: a theme's code and name, a city's name (the problem's, not its id); funds keep their
    code (the page shows its name, ``programme.funds.fund_label``) and years their number."""
    names = dict(names or {})
    cmp = Comparison(columns=list(scenarios))
    results = [s.result or {} for s in scenarios]
    cmp.measures.append(("score", [r.get("score") for r in results]))
    cmp.measures.append(("status", [r.get("status") for r in results]))
    cmp.measures.append(("frame_money", [r.get("frame_money") for r in results]))
    display: dict[str, dict[str, str]] = {"theme": {}, "city": {}}
    for s in scenarios:
        problem = s.problem or {}
        for code, name in theme_names(getattr(s, "agreement_id", None), problem).items():
            display["theme"].setdefault(code, name)
        for c in problem.get("cities", []):
            display["city"].setdefault(str(c["id"]), c.get("name") or str(c["id"]))

    def section(label: str, part: str, key: str) -> None:
        per = [_money_by(r, part, key) for r in results]
        keys = sorted({k for p in per for k in p}, key=lambda k: (k == FUNDED, k))
        shown = display.get(label, {})
        rows = [(k, shown.get(k, k), [p.get(k) for p in per]) for k in keys]
        if label == "city":
            rows.sort(key=lambda row: row[1].casefold())
        cmp.sections.append((label, rows))

    section("theme", "theme_year", "category")
    section("city", "city", "city")
    section("fund", "fund_year", "fund")
    section("year", "theme_year", "year")
    chosen = [set(s.selected_ids()) for s in scenarios]
    every: dict[str, str] = {}
    for s in scenarios:
        for cand in (s.problem or {}).get("candidates", []):
            if not cand.get("funded"):
                every.setdefault(cand["id"], names.get(cand["id"], cand.get("name", "")))
    for cid in sorted(every):
        ins = [cid in c for c in chosen]
        if any(ins):
            cmp.membership.append((cid, every[cid], ins, len(set(ins)) > 1))
    cmp.membership.sort(key=lambda row: (not row[3], row[0]))
    return cmp


def problem_of(scenario: Any) -> Problem:
    return parse(scenario.problem)
