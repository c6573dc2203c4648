"""Exact RPM sets: the dynamic programme (``cores.portfolio.general``) against the current MILP method.

    .venv/bin/python benchmarks/portfolio/robust_dp.py                       # the default set
    .venv/bin/python benchmarks/portfolio/robust_dp.py --sizes 20,30 --seeds 2 --limit 30
    .venv/bin/python benchmarks/portfolio/robust_dp.py --realistic 6:60:0.8 --only-realistic
    .venv/bin/python benchmarks/portfolio/robust_dp.py --interval-ab 1:1,0:1,2:1,1:0,0:0
    .venv/bin/python benchmarks/portfolio/robust_dp.py --instance FILE.in [FILE.in ...] --limit 300

Instances are multi-objective knapsacks (one capacity, half the total weight; weights and values
uniform 1–100, seeded), each given to both methods in the same run: as a general problem to the DP and
as a programme problem (one fund, one year, the criteria on the scale 0–100, the weight set the whole
simplex) to ``robust(method="exact")``. The two sets are compared when both finish. A 4-criterion and a
6-criterion case with a count limit, a minimum total and weight statements run the DP only, as do the
generated appraisal-like cases of ``realistic()`` (scores correlated across criteria and with cost,
interval scores; ``--realistic``).

``--instance`` reads published multi-objective knapsack instances that come with their complete Pareto
front: the MOBKP set of github.com/gaplopes/mobkp-instances (MIT licence; ``instances/random/3D/50_1.in``
has 994 non-dominated points, ``instances/random/4D/50_1.in`` 3,200). The files are not in this project;
give their path. File format: ``n m``, ``W``, ``n`` lines ``w p_1 .. p_m``, ``nd``, ``nd`` lines of the
front. The DP's front (distinct criterion vectors of its non-dominated portfolios) is compared with it.
"""

from __future__ import annotations

import argparse
import math
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


def realistic(
    seed: int, *, rho: float = 0.8, statements: bool = True, n: int = 46, k: int = 6
) -> dict[str, Any]:
    """A generated portfolio problem shaped like a real appraisal (not published data).

    Each item has a latent quality ``q`` and a size (its cost, log-normal). Every criterion's score is
    ``rho * q + sqrt(1 - rho**2) * noise`` plus a share of the item's (standardised) log-cost, so scores
    are positively correlated across criteria (about ``rho**2``) and with cost, as when the same
    assessors score the same proposals. The first half of the criteria are scored 0-10 with one
    decimal, the rest 1-5 in whole points; about one score in eight is an interval (an assessor's
    range: +-1 on 0-10, one point on 1-5). A second quantity, ``benefit``, grows with cost. Limits:
    money 35 % of the total cost, benefit at least 25 % of its total, at most ``n // 4`` items;
    weights >= 0.02 and, with ``statements``, three linear statements.
    """
    rng = random.Random(seed)
    crit = [f"w{c}" for c in range(1, k + 1)]
    logc = [rng.gauss(0.0, 0.6) for _ in range(n)]
    mean = statistics.fmean(logc)
    sd = statistics.pstdev(logc) or 1.0
    noise = (1.0 - rho * rho) ** 0.5
    items = []
    for i in range(n):
        size = (logc[i] - mean) / sd
        q = 0.85 * rng.gauss(0.0, 1.0) + 0.5 * size
        scores: dict[str, Any] = {}
        for c, name in enumerate(crit):
            z = rho * q + noise * rng.gauss(0.0, 1.0)
            wide = rng.random() < 0.125
            if c < (k + 1) // 2:
                v = min(10.0, max(0.0, round(5.0 + 1.8 * z, 1)))
                scores[name] = [round(max(0.0, v - 1), 1), round(min(10.0, v + 1), 1)] if wide else v
            else:
                v = min(5, max(1, round(3.0 + 1.0 * z)))
                scores[name] = [v, v + 1] if wide and v < 5 else v
        cost = round(150 * math.exp(logc[i])) * 1000
        benefit = round(cost / 1000 * rng.uniform(0.6, 1.4))
        items.append({"id": f"p{i + 1}", "scores": scores, "uses": {"cost": cost, "benefit": benefit}})
    total_cost = sum(it["uses"]["cost"] for it in items)
    total_benefit = sum(it["uses"]["benefit"] for it in items)
    return {
        "kind": "general",
        "name": f"realistic n={n} k={k} rho={rho} seed={seed}",
        "criteria": crit,
        "items": items,
        "limits": {
            "cost": {"max": total_cost * 35 // 100},
            "benefit": {"min": total_benefit // 4},
            "count": {"max": n // 4},
        },
        "weights": {
            "min": "0.02",
            "constraints": ["w1 >= w3 + w4", "w2 >= w5", "w1 >= w6"] if statements else [],
        },
    }


def realistic_table(spec: str) -> None:
    """Time the DP on ``realistic()`` instances, with and without the weight statements."""
    seeds, limit, *rest = spec.split(":")
    rho = float(rest[0]) if rest else 0.8
    print(f"\nGenerated appraisal-like cases (46 items, 6 criteria, rho={rho}; not published data):\n")
    print(
        "| seed | statements | extreme points | seconds | CPU s | non-dominated | complete | states at most | note |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in range(int(seeds)):
        for statements in (True, False):
            gp = parse_general(realistic(seed, rho=rho, statements=statements))
            c0 = time.process_time()
            res = analyse(gp, time_limit=float(limit))
            cpu = time.process_time() - c0
            print(
                f"| {seed} | {'3 + min 0.02' if statements else 'min 0.02'} | {len(res.compiled.points)} | "
                f"{res.dp.seconds:.1f} | {cpu:.1f} | {len(res.dp.portfolios)} | {res.complete} | "
                f"{res.dp.max_states} | {res.dp.note} |",
                flush=True,
            )


def interval_ab(spec: str) -> None:
    """The DP's interval-score filter (``general_dp._INTERVAL_FILTER``) off, then on, on the same cases."""
    from cores.portfolio import general_dp

    print("| seed | statements | CPU s off | CPU s on | wall off | wall on | set | same set |")
    print("|---|---|---|---|---|---|---|---|")
    for part in (p for p in spec.split(",") if p):
        seed, st = (int(x) for x in part.split(":"))
        gp = parse_general(realistic(seed, rho=0.8, statements=bool(st)))
        runs = []
        for flag in (False, True):
            general_dp._INTERVAL_FILTER = flag
            t, c = time.perf_counter(), time.process_time()
            res = analyse(gp, time_limit=None)
            runs.append(
                (time.process_time() - c, time.perf_counter() - t, {frozenset(p) for p in res.portfolios()})
            )
        (c0, w0, s0), (c1, w1, s1) = runs
        print(
            f"| {seed} | {bool(st)} | {c0:.1f} | {c1:.1f} | {w0:.1f} | {w1:.1f} | {len(s1)} | {s0 == s1} |",
            flush=True,
        )


def read_mobkp(path: str) -> tuple[dict[str, Any], set[tuple[int, ...]]]:
    """A MOBKP instance file (format in the module docstring) as a general problem and its known front."""
    tok = [int(t) for t in Path(path).read_text().split()]
    n, m, cap = tok[0], tok[1], tok[2]
    pos = 3
    items = []
    for i in range(n):
        w, *ps = tok[pos : pos + 1 + m]
        pos += 1 + m
        items.append(
            {"id": f"x{i + 1}", "scores": {f"C{c + 1}": ps[c] for c in range(m)}, "uses": {"cost": w}}
        )
    nd = tok[pos]
    pos += 1
    front = {tuple(tok[pos + j * m : pos + (j + 1) * m]) for j in range(nd)}
    if len(front) != nd or pos + nd * m != len(tok):
        raise ValueError(f"{path}: expected {nd} distinct front points of {m} values and nothing after them")
    doc = {
        "kind": "general",
        "name": Path(path).name,
        "criteria": [f"C{c + 1}" for c in range(m)],
        "items": items,
        "limits": {"cost": {"max": cap}},
    }
    return doc, front


def instance_table(paths: list[str], limit: float) -> None:
    """The DP on published instances with known complete fronts: time, front size, and whether it matches."""
    print(
        "| instance | n | criteria | known front | limit (s) | wall s | CPU s | DP front | portfolios | complete | states at most | same front |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for path in paths:
        doc, known = read_mobkp(path)
        crit = doc["criteria"]
        vec = {it["id"]: tuple(it["scores"][c] for c in crit) for it in doc["items"]}
        t, c0 = time.perf_counter(), time.process_time()
        res = analyse(parse_general(doc), time_limit=limit)
        wall, cpu = time.perf_counter() - t, time.process_time() - c0
        front = {tuple(sum(vec[i][c] for i in p) for c in range(len(crit))) for p in res.portfolios()}
        print(
            f"| {doc['name']} | {len(doc['items'])} | {len(crit)} | {len(known)} | {limit:g} | {wall:.1f} | "
            f"{cpu:.1f} | {len(front)} | {len(res.portfolios())} | {res.complete} | {res.dp.max_states} | "
            f"{'yes' if front == known else f'NO ({len(front - known)} extra, {len(known - front)} missing)'} |",
            flush=True,
        )


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
    ap.add_argument(
        "--realistic",
        default="",
        help="SEEDS:limit[:rho] for the generated appraisal-like 46-item cases (realistic()), e.g. 5:60:0.8",
    )
    ap.add_argument("--only-realistic", action="store_true", help="run the --realistic table alone")
    ap.add_argument(
        "--interval-ab",
        default="",
        help="SEED:STATEMENTS,... (e.g. 1:1,1:0): realistic(rho=0.8) cases with the interval filter off, then on",
    )
    ap.add_argument(
        "--instance",
        nargs="+",
        default=[],
        help="MOBKP instance files with known fronts (github.com/gaplopes/mobkp-instances); run these alone",
    )
    args = ap.parse_args(argv)
    if args.instance:
        instance_table(args.instance, args.limit)
        return
    if args.interval_ab:
        interval_ab(args.interval_ab)
        return
    if args.realistic:
        realistic_table(args.realistic)
        if args.only_realistic:
            return
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
