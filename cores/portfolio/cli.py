"""``salkku optimise PROBLEM.json|yaml``: the best portfolio, its robustness and explanations, as a table or JSON.

Usable without Django: ``python -m cores.portfolio.cli PROBLEM.yaml``; the ``salkku optimise`` command
wraps :func:`run` with the same options. Exit status: 0 a portfolio was found, 1 none exists (or none was
found in time), 2 the problem file is not valid.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from cores.money import format_eur, from_cents
from cores.portfolio import general, general_format
from cores.portfolio.explain import (
    Explanation,
    bring_in_sentence,
    explain,
    next_best,
    percent,
    rule_sentence,
)
from cores.portfolio.io import load
from cores.portfolio.linear import LinearModel, compile_problem
from cores.portfolio.model import Issue, ProblemError
from cores.portfolio.robust import RobustResult, robust
from cores.portfolio.solve import GRACE_SECONDS, Settings, Solution, Status, solve
from cores.portfolio.summary import ShareUse, Summary, summarise

EXIT_OK, EXIT_NO_PORTFOLIO, EXIT_INVALID = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("problem", help="the problem file (.json, or YAML otherwise)")
    parser.add_argument("--robust", action="store_true", help="non-dominated portfolios and core indices")
    parser.add_argument(
        "--next-best", type=int, default=0, metavar="K", help="also the K next-best portfolios"
    )
    parser.add_argument(
        "--explain", action="store_true", help="binding rules and how rejected proposals could get in"
    )
    parser.add_argument(
        "--explain-limit",
        type=int,
        default=10,
        metavar="N",
        help="explain the N best-scoring rejected proposals (default 10)",
    )
    parser.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="seconds for the optimisation"
    )
    parser.add_argument(
        "--gap",
        type=float,
        default=0.0,
        metavar="G",
        help="stop within this relative gap of the bound (default 0: prove the optimum)",
    )
    parser.add_argument("--threads", type=int, default=1, choices=(1, 2), help="solver threads")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="number format (default fi)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="salkku optimise", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return parser


def _invalid(options: argparse.Namespace, exc: ProblemError, err: TextIO) -> int:
    err.write(f"{options.problem}: the problem is not valid:\n")
    for issue in exc.issues:
        err.write(f"  {issue}\n")
    return EXIT_INVALID


def run_general(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """A ``kind: general`` problem: its non-dominated portfolios and core indices (always robust)."""
    try:
        gp = general_format.load_general(options.problem)
    except ProblemError as exc:
        return _invalid(options, exc, err)
    try:
        res = general.analyse(gp, time_limit=options.time_limit)
    except ValueError as exc:
        return _invalid(options, ProblemError([Issue("(problem)", str(exc))]), err)
    if options.json:
        out.write(json.dumps(general.to_json(res), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(general.render(res))
    if res.complete and not res.dp.portfolios:
        err.write("no portfolio satisfies every limit and rule (infeasible)\n")
        return EXIT_NO_PORTFOLIO
    return EXIT_OK


def run(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = general_format.read_data(
            Path(options.problem).read_text(encoding="utf-8"),
            json_format=Path(options.problem).suffix.lower() == ".json",
        )
    except OSError as exc:
        return _invalid(
            options, ProblemError([Issue("(file)", f"cannot read the file: {exc.strerror}")]), err
        )
    except ProblemError as exc:
        return _invalid(options, exc, err)
    if general_format.is_general(data):
        return run_general(options, out, err)
    try:
        problem = load(options.problem)
    except ProblemError as exc:
        return _invalid(options, exc, err)
    started = time.perf_counter()  # the time limit covers compiling and the greedy start too
    lm = compile_problem(problem)
    settings = Settings(time_limit=options.time_limit, rel_gap=options.gap, threads=options.threads)
    sol = solve(lm, settings, start=_greedy_start(lm), started=started)
    ex: Explanation | None = None
    rob: RobustResult | None = None
    if sol.feasible:
        if options.explain:
            ex = explain(
                lm,
                sol,
                settings,
                rejected_limit=options.explain_limit,
                next_k=options.next_best,
                budget=max(30.0, 2 * options.time_limit),
            )
        elif options.next_best:
            ex = Explanation(
                next_best=next_best(lm, sol, options.next_best, settings, budget=options.time_limit)
            )
        if options.robust:
            rob = robust(problem, time_limit=options.time_limit)
    if options.json:
        out.write(json.dumps(to_json(lm, sol, ex, rob), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render(lm, sol, ex, rob, lang=options.lang))
    return EXIT_OK if sol.feasible else EXIT_NO_PORTFOLIO


def _greedy_start(lm: LinearModel) -> list[int] | None:
    from cores.portfolio.greedy import greedy

    return greedy(lm)


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    return run(options, sys.stdout, sys.stderr)


# ---- output -------------------------------------------------------------------------------------------


def _score(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value):.3f}"


def _eur(cents: int | Fraction, lang: str) -> str:
    if isinstance(cents, Fraction):
        return format_eur(Decimal(cents.numerator) / Decimal(cents.denominator) / 100, lang=lang)
    return format_eur(from_cents(cents), lang=lang)


def status_line(sol: Solution, lang: str = "fi") -> str:
    if sol.status is Status.OPTIMAL:
        if sol.gap is not None and sol.gap > 0:
            return (
                f"optimal within the requested gap: score {_score(sol.score)}, bound {_score(sol.bound)}, "
                f"gap {sol.gap:.2e}"
            )
        return f"proven optimal: no portfolio under these rules scores higher than {_score(sol.score)}"
    if sol.status is Status.TIME_LIMIT:
        gap = "unknown" if sol.gap is None else f"{sol.gap:.2e}"
        return (
            f"NOT proven optimal: stopped at the time limit; best score {_score(sol.score)}, "
            f"bound {_score(sol.bound)}, remaining gap {gap}"
        )
    if sol.status is Status.INFEASIBLE:
        return "no portfolio satisfies every rule (infeasible)"
    return "no portfolio found before the time limit"


def _table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right or set()
    widths = [max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(widths[k]) if k in right else c.ljust(widths[k]) for k, c in enumerate(cells)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"


def _share_rows(uses: Sequence[ShareUse], lang: str) -> list[list[str]]:
    rows = []
    for u in uses:
        share = "–" if u.share is None else percent(u.share, lang=lang)
        lo = "" if u.range.min is None else percent(u.range.min, lang=lang)
        hi = "" if u.range.max is None else percent(u.range.max, lang=lang)
        rng = (
            f"{lo or percent(Fraction(0), lang=lang)} – {hi or percent(Fraction(1), lang=lang)}"
            if (lo or hi)
            else ""
        )
        rows.append([u.key, _eur(u.cents, lang), share, rng])
    return rows


def render(
    lm: LinearModel, sol: Solution, ex: Explanation | None, rob: RobustResult | None, *, lang: str = "fi"
) -> str:
    problem = lm.problem
    parts = [
        f"Portfolio optimisation: {problem.name or 'problem'}\n",
        f"Status: {status_line(sol, lang)}\n",
        f"Solver: HiGHS MILP, {sol.seconds:.2f} s, {sol.nodes} nodes"
        + (f", {sol.repairs} selections re-checked" if sol.repairs else "")
        + (
            f"; HiGHS had not stopped {GRACE_SECONDS:g} s after the time limit: its best portfolio so far"
            if sol.overran
            else ""
        )
        + "\n",
    ]
    if not sol.feasible:
        return "".join(parts)
    s: Summary = summarise(lm, sol.chosen)
    parts.append(
        f"Score: {_score(s.score)}; {len(s.picks)} of {lm.n} candidates; frame money "
        f"{_eur(s.total, lang)} of {_eur(problem.total_frame(), lang)}\n\n"
    )
    parts.append("Selected\n")
    parts.append(
        _table(
            ["id", "theme", "start", "frame money", "score", "name"],
            [
                [
                    p.id,
                    p.theme,
                    f"{p.start}"
                    + (f" ({p.shifted:+d})" if p.shifted else "")
                    + (" funded" if p.funded else ""),
                    _eur(p.cents, lang),
                    _score(p.value),
                    p.name,
                ]
                for p in s.picks
            ],
            right={3, 4},
        )
    )
    parts.append("\nMoney by fund and year against the frame\n")
    parts.append(
        _table(
            ["fund", "year", "used", "frame", "available", "left"],
            [
                [
                    f.fund,
                    str(f.year),
                    _eur(f.used, lang),
                    _eur(f.frame, lang),
                    _eur(f.available, lang) + (" *" if f.carry_over else ""),
                    _eur(f.available - f.used, lang),
                ]
                for f in s.frames
                if f.frame or f.used
            ],
            right={2, 3, 4, 5},
        )
    )
    if any(f.carry_over for f in s.frames):
        parts.append("* includes unused money carried over from earlier years\n")
    parts.append("\nMoney by theme (share of the portfolio's frame money)\n")
    parts.append(_table(["theme", "money", "share", "allowed"], _share_rows(s.themes, lang), right={1, 2}))
    parts.append(
        "\nMoney by city"
        + (
            " (a project split equally between its cities)"
            if problem.rules.city_share_mode == "split"
            else " (each city counts a project fully)"
        )
        + "\n"
    )
    parts.append(_table(["city", "money", "share", "allowed"], _share_rows(s.cities, lang), right={1, 2}))
    parts.append("\nLargest lead organisations\n")
    parts.append(_table(["lead", "money", "share", "allowed"], _share_rows(s.leads[:5], lang), right={1, 2}))
    if ex is not None and ex.rules:
        parts.append("\nRules (relaxed one at a time and solved again)\n")
        binding = [e for e in ex.rules if e.binds]
        parts.extend(f"  {rule_sentence(e, lang=lang)}\n" for e in binding)
        calm = [e for e in ex.rules if not e.binds and e.gain is not None]
        skipped = [e for e in ex.rules if e.gain is None]
        if calm:
            parts.append(f"  {len(calm)} other rules were relaxed and do not bind\n")
        if skipped:
            parts.append(
                f"  {len(skipped)} rules not re-solved: "
                + "; ".join(sorted({e.note for e in skipped}))
                + "\n"
            )
    if ex is not None and ex.rejected:
        parts.append("\nRejected proposals: what would bring them in\n")
        parts.extend(f"  {bring_in_sentence(b, lang=lang)}\n" for b in ex.rejected)
    if ex is not None and ex.next_best:
        parts.append("\nNext-best portfolios\n")
        parts.append(
            _table(
                ["rank", "score", "loss", "in", "out", "proven"],
                [
                    [
                        str(a.rank),
                        _score(a.score),
                        _score(a.loss),
                        ", ".join(a.added),
                        ", ".join(a.removed),
                        "yes" if a.proven else "no",
                    ]
                    for a in ex.next_best
                ],
                right={1, 2},
            )
        )
    if rob is not None:
        parts.append(
            f"\nRobustness ({'EXACT' if rob.method == 'exact' else 'APPROXIMATE'}): "
            f"{len(rob.portfolios)} non-dominated portfolios over {len(rob.extreme_points)} extreme weights, "
            f"{rob.seconds:.1f} s\n"
        )
        if rob.note:
            parts.append(f"  {rob.note}\n")
        chosen = {p.id for p in s.picks}
        order = sorted(range(lm.n), key=lambda i: (-rob.core_index[i], problem.candidates[i].id))
        parts.append(
            _table(
                ["id", "core index", "class", "in the optimum"],
                [
                    [
                        problem.candidates[i].id,
                        percent(rob.core_index[i], lang=lang),
                        rob.classification(i),
                        "yes" if problem.candidates[i].id in chosen else "",
                    ]
                    for i in order
                    if rob.core_index[i] > 0
                ]
                + [[f"({sum(1 for c in rob.core_index if c == 0)} exterior)", "0", "exterior", ""]],
                right={1},
            )
        )
    return "".join(parts)


def _frac(value: Fraction | None) -> str | None:
    return None if value is None else f"{float(value):.6f}"


def to_json(
    lm: LinearModel, sol: Solution, ex: Explanation | None, rob: RobustResult | None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "status": sol.status.value,
        "proven_optimal": sol.proven_optimal,
        "score": _frac(sol.score),
        "score_exact": None if sol.score is None else str(sol.score),
        "bound": _frac(sol.bound),
        "gap": sol.gap,
        "requested_gap": sol.rel_gap,
        "seconds": round(sol.seconds, 3),
        "nodes": sol.nodes,
        "solver_overran": sol.overran,
    }
    if not sol.feasible:
        return doc
    s = summarise(lm, sol.chosen)
    doc["selected"] = [
        {
            "id": p.id,
            "name": p.name,
            "theme": p.theme,
            "start": p.start,
            "planned_start": p.planned_start,
            "frame_money": str(from_cents(p.cents)),
            "score": _frac(p.value),
            "funded": p.funded,
        }
        for p in s.picks
    ]
    doc["frame_money"] = str(from_cents(s.total))
    doc["frames"] = [
        {
            "fund": f.fund,
            "year": f.year,
            "used": str(from_cents(f.used)),
            "frame": str(from_cents(f.frame)),
            "available": str(from_cents(f.available)),
            "carry_over": f.carry_over,
        }
        for f in s.frames
    ]

    def shares(uses: Sequence[ShareUse]) -> list[dict[str, Any]]:
        return [
            {
                "id": u.key,
                "money": str(from_cents(round(u.cents))),
                "share": _frac(u.share),
                "min_share": _frac(u.range.min),
                "max_share": _frac(u.range.max),
            }
            for u in uses
        ]

    doc["themes"] = shares(s.themes)
    doc["cities"] = shares(s.cities)
    doc["leads"] = shares(s.leads)
    if ex is not None:
        doc["rules"] = [
            {
                "rule": e.ref.kind,
                "key": e.ref.key,
                "label": e.label,
                "relaxation": e.relaxation,
                "relaxation_money": None if e.step_cents is None else str(from_cents(e.step_cents)),
                "gain": _frac(e.gain),
                "binds": e.binds,
                "proven": e.proven,
                "note": e.note,
            }
            for e in ex.rules
        ]
        doc["rejected"] = [
            {
                "id": b.id,
                "status": b.status,
                "loss": _frac(b.loss),
                "displaces": list(b.displaces),
                "brings": list(b.brings),
                "blocking": list(b.blocking),
                "blocking_rules": [{"rule": kind, "key": key} for kind, key in b.blocking_refs],
                "caps": [
                    {
                        "rule": c.ref.kind,
                        "key": c.ref.key,
                        "current": _frac(c.current),
                        "needed": _frac(c.needed),
                    }
                    for c in b.caps
                ],
                "proven": b.proven,
                "text": bring_in_sentence(b, lang="en"),
            }
            for b in ex.rejected
        ]
        doc["next_best"] = [
            {
                "rank": a.rank,
                "score": _frac(a.score),
                "loss": _frac(a.loss),
                "ids": list(a.ids),
                "added": list(a.added),
                "removed": list(a.removed),
                "proven": a.proven,
            }
            for a in ex.next_best
        ]
    if rob is not None:
        ids = [c.id for c in lm.problem.candidates]
        doc["robust"] = {
            "method": rob.method,
            "note": rob.note,
            "extreme_points": [[str(w) for w in p] for p in rob.extreme_points],
            "complete": rob.method == "exact",
            "portfolios": [sorted(ids[i] for i in p) for p in rob.portfolios],
            "core_index": {
                ids[i]: {"value": _frac(rob.core_index[i]), "class": rob.classification(i)}
                for i in range(lm.n)
            },
            "seconds": round(rob.seconds, 3),
        }
    return doc


if __name__ == "__main__":
    sys.exit(main())
