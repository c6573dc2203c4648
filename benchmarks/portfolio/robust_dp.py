"""Exact RPM sets: the dynamic programme (``cores.portfolio.general``) against the current MILP method.

    .venv/bin/python benchmarks/portfolio/robust_dp.py                       # the default set
    .venv/bin/python benchmarks/portfolio/robust_dp.py --sizes 20,30 --seeds 2 --limit 30

Instances are multi-objective knapsacks (one capacity, half the total weight; weights and values
uniform 1–100, seeded), each given to both methods in the same run: as a general problem to the DP and
as a programme problem (one fund, one year, the criteria on the scale 0–100, the weight set the whole
simplex) to ``robust(method="exact")``. The two sets are compared when both finish. A 4-criterion and a
6-criterion case with a count limit, a minimum total and weight statements run the DP only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cores.portfolio.general import analyse
from cores.portfolio.general_format import parse_general
from cores.portfolio.model import (
    Candidate,
    City,
    Criterion,
    Fund,
    Interval,
    Problem,
    Rules,
    Theme,
    WeightSet,
)
from cores.portfolio.robust import robust


def knapsack(n: int, k: int, seed: int, top: int = 100) -> dict[str, Any]:
    """Weights and values uniform 1..top (top=1000: the literature's uncorrelated instances, larger fronts)."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        scores = {f"C{c + 1}": rng.randint(1, top) for c in range(k)}
        items.append({"id": f"x{i + 1}", "scores": scores, "uses": {"cost": rng.randint(1, top)}})
    cap = sum(it["uses"]["cost"] for it in items) // 2
    return {
        "kind": "general",
        "name": f"knapsack n={n} k={k} seed={seed}",
        "criteria": [f"C{c + 1}" for c in range(k)],
        "items": items,
        "limits": {"cost": {"max": cap}},
    }


def as_programme(doc: dict[str, Any]) -> Problem:
    crit = tuple(Criterion(id=c, scale=(Fraction(0), Fraction(100))) for c in doc["criteria"])
    cands = tuple(
        Candidate(
            id=it["id"],
            theme="T",
            lead=it["id"],
            cities=(),
            costs={2025: {"F": it["uses"]["cost"]}},
            scores={c: Interval(Fraction(v), Fraction(v)) for c, v in it["scores"].items()},
        )
        for it in doc["items"]
    )
    return Problem(
        years=(2025,),
        funds=(Fund("F"),),
        themes=(Theme("T"),),
        cities=(City("H"),),
        criteria=crit,
        candidates=cands,
        rules=Rules(frames={("F", 2025): doc["limits"]["cost"]["max"]}),
        weight_set=WeightSet(),
    )


def case46(seed: int, statements: bool) -> dict[str, Any]:
    """A 46-item, 6-criterion problem shaped like the published case (not its data): cost and count
    limits, a minimum total benefit, weights >= 0.02 and (optionally) three linear statements."""
    rng = random.Random(seed)
    crit = [f"w{k}" for k in range(1, 7)]
    items = [
        {
            "id": f"p{i + 1}",
            "scores": {c: rng.randint(0, 10) for c in crit},
            "uses": {"cost": rng.randint(50, 400) * 1000, "benefit": rng.randint(10, 300)},
        }
        for i in range(46)
    ]
    total = sum(it["uses"]["cost"] for it in items)
    return {
        "kind": "general",
        "criteria": crit,
        "items": items,
        "limits": {"cost": {"max": total * 3 // 10}, "benefit": {"min": 800}, "count": {"max": 12}},
        "weights": {
            "min": "0.02",
            "constraints": ["w1 >= w3 + w4", "w2 >= w5", "w1 >= w6"] if statements else [],
        },
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20,30,40")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--criteria", type=int, default=3)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds per run of either method")
    ap.add_argument(
        "--dp-only",
        default="50x3:3:60,50x4:1:300",
        help="NxK:seeds:limit[:top] for the DP alone (values and weights 1..top, default 100)",
    )
    ap.add_argument("--case46", type=float, default=60.0, help="limit for the 46-item cases (0: skip)")
    args = ap.parse_args(argv)
    print(
        "| n | criteria | seed | DP (s) | DP set | DP complete | MILP (s) | MILP set | MILP complete | same set | DP / MILP |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for n in (int(x) for x in args.sizes.split(",") if x):
        for seed in range(args.seeds):
            doc = knapsack(n, args.criteria, seed)
            t = time.perf_counter()
            res = analyse(parse_general(doc), time_limit=args.limit)
            dp_s = time.perf_counter() - t
            t = time.perf_counter()
            try:
                rob = robust(as_programme(doc), method="exact", time_limit=args.limit)
                milp_done = True
                milp_set = {frozenset(rob.candidate_ids[i] for i in p) for p in rob.portfolios}
            except TimeoutError:
                milp_done, milp_set = False, set()
            milp_s = time.perf_counter() - t
            dp_set = {frozenset(p) for p in res.portfolios()}
            same = (
                "yes"
                if (res.complete and milp_done and dp_set == milp_set)
                else ("NO" if res.complete and milp_done else "–")
            )
            ratio = dp_s / milp_s if milp_done and res.complete else None
            if ratio is not None:
                ratios.append(ratio)
            print(
                f"| {n} | {args.criteria} | {seed} | {dp_s:.2f} | {len(dp_set)} | {res.complete} | "
                f"{milp_s:.2f} | {len(milp_set) if milp_done else '–'} | {milp_done} | {same} | "
                f"{'–' if ratio is None else f'{ratio:.3f}'} |"
            )
    if ratios:
        print(
            f"\nmedian DP / MILP time where both finished: {statistics.median(ratios):.3f} ({len(ratios)} instances)"
        )
    print("\nDP alone:\n")
    print(
        "| n | criteria | values | seed | limit (s) | seconds | non-dominated | complete | states at most |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for spec in (s for s in args.dp_only.split(",") if s):
        size, seeds, limit, *rest = spec.split(":")
        top = int(rest[0]) if rest else 100
        n, k = (int(x) for x in size.split("x"))
        for seed in range(int(seeds)):
            res = analyse(parse_general(knapsack(n, k, seed, top)), time_limit=float(limit))
            print(
                f"| {n} | {k} | 1–{top} | {seed} | {limit} | {res.dp.seconds:.1f} | {len(res.dp.portfolios)} | "
                f"{res.complete} | {res.dp.max_states} |"
            )
    if args.case46:
        print(
            "\n46 items, 6 criteria, cost/count/benefit limits (shaped like the published case, random data):\n"
        )
        print("| statements | extreme points | seconds | portfolios | complete | states at most | note |")
        print("|---|---|---|---|---|---|---|")
        for statements in (True, False):
            res = analyse(parse_general(case46(1, statements)), time_limit=args.case46)
            print(
                f"| {'3 + min 0.02' if statements else 'min 0.02'} | {len(res.compiled.points)} | "
                f"{res.dp.seconds:.1f} | {len(res.dp.portfolios)} | {res.complete} | {res.dp.max_states} | "
                f"{res.dp.note} |"
            )


if __name__ == "__main__":
    main()
