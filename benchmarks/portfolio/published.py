"""A published RPM case: 46 bridge repair projects, 6 criteria (the exact DP against the published sets).

    .venv/bin/python benchmarks/portfolio/published.py [PATH] [--time-limit 600]
    .venv/bin/python benchmarks/portfolio/published.py [PATH] --write bridges.yaml   # then:
    salkku optimise bridges.yaml --robust --json

The case is the bridge repair programme of the Finnish road administration analysed with Robust
Portfolio Modelling in Mild, Liesiö & Salo (2015), "Selecting infrastructure maintenance projects with
Robust Portfolio Modeling", Decision Support Systems 77, and again in Tervonen, Liesiö & Salo (2017),
"Modelling project preferences in multiattribute portfolio decision analysis", EJOR 263. The second
paper's authors published the data and their non-dominated portfolios with their analysis code as the
spreadsheet ``siltadata-precomp.xlsx`` (sheets ``info``: limits and weight statements; ``projects``:
the 46 projects' six criterion scores, cost, damage-point reduction; ``nd-prefs`` / ``nd-noprefs``: the
non-dominated portfolios with and without the weight statements, one 0/1 row per portfolio).

The spreadsheet itself is not in this repository; the case and its published portfolios, written from it
by this module, are (``docs/examples/bridge-repair-rpm.yaml`` and ``bridge-repair-rpm.published.yaml``,
reproduced by ``tests/test_portfolio_published.py``). The spreadsheet is read from the shared data folder
beside the project (``../shared/data``) or from the path given, into the general format
(``kind: general``), as printed:

* criteria: the six score columns (``VPS``, ``VERKAS``, ``KANTAV``, ``LEVEYS``, ``SUOLA``, ``ESTETS``),
  scores used as given;
* limits from the ``info`` sheet: cost (``HINTA``) at most 1,030,260, damage-point reduction
  (``VPS-VÄH``, here ``benefit``) at least 837, count (``KPL``) at most 6;
* weights: each row of the ``info`` sheet's statement table (lower bound, one coefficient per
  criterion) as a linear statement, a common per-criterion lower bound (0.02) as ``weights.min``.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

FILE_NAME = "siltadata-precomp.xlsx"
_QUANTITY = {"HINTA": "cost", "VPS-VÄH": "benefit", "KPL": "count"}


def default_path() -> Path:
    """The shared data folder's copy (the same folder as settings.SHARED_DATA_DIR, without Django)."""
    import os

    root = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("SALKKU_SHARED_DATA", str(root.parent / "shared" / "data"))) / FILE_NAME


def _rows(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _name(header: Any) -> str:
    return str(header).strip().rstrip("*")


def _num(value: Any) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(str(value))


def _term(coef: Fraction, name: str) -> str:
    return name if coef == 1 else f"{coef} {name}"


def load(path: Path, *, statements: bool) -> tuple[dict[str, Any], set[frozenset[str]]]:
    """The case as a general problem, and the published non-dominated portfolios (sets of item ids)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    projects = _rows(wb["projects"])
    head = projects[0]
    crit = [_name(h) for h in head[2:8]]
    items = []
    for row in projects[1:]:
        if row[1] is None:
            continue
        items.append(
            {
                "id": str(row[1]),
                "scores": {c: row[2 + j] for j, c in enumerate(crit)},
                "uses": {"cost": int(row[8]), "benefit": int(row[9])},
            }
        )
    info = _rows(wb["info"])
    names = [None if h is None else _QUANTITY[_name(h)] for h in info[0]]
    limits: dict[str, dict[str, int]] = {}
    for row in info[1:3]:
        bound = "max" if str(row[1]).strip().upper() == "UPPER BOUND" else "min"
        for j, v in enumerate(row):
            if j < len(names) and names[j] and v is not None:
                limits.setdefault(str(names[j]), {})[bound] = int(_num(v))
    # the statement table: a header row ('Upper Bound', 'Lower Bound', 'Name', criteria...) and one
    # row per statement: sum_k coef_k w_k >= lower bound
    start = next(i for i, r in enumerate(info) if len(r) > 3 and r[3] == "Name")
    constraints: list[str] = []
    minima: list[Fraction] = []
    for row in info[start + 1 :]:
        if len(row) < 4 or row[3] is None:
            continue
        lb = _num(row[2] if row[2] is not None else 0)
        coef = {c: _num(row[4 + j]) for j, c in enumerate(crit) if row[4 + j] not in (None, 0, "0")}
        coef = {c: v for c, v in coef.items() if v}
        if len(coef) == 1 and next(iter(coef.values())) == 1 and lb > 0:
            minima.append(lb)
            continue
        left = " + ".join(_term(v, c) for c, v in coef.items() if v > 0)
        right = " + ".join(_term(-v, c) for c, v in coef.items() if v < 0)
        if lb:
            right = f"{right} + {lb}" if right else str(lb)
        constraints.append(f"{left} >= {right or 0}")
    weights: dict[str, Any] = {}
    if statements:
        if minima:
            if len(minima) != len(crit) or len(set(minima)) != 1:
                raise ValueError("the lower bounds on single weights differ; not read")
            weights["min"] = str(Decimal(minima[0].numerator) / Decimal(minima[0].denominator))
        weights["constraints"] = constraints
    doc = {
        "kind": "general",
        "name": "Bridge repair projects (Mild, Liesiö & Salo 2015; data of Tervonen, Liesiö & Salo 2017)",
        "criteria": crit,
        "items": items,
        "limits": limits,
        "weights": weights,
    }
    nd = _rows(wb["nd-prefs" if statements else "nd-noprefs"])
    ids = [str(x) for x in nd[0][1:]]
    published = {
        frozenset(ids[j] for j, v in enumerate(row[1:]) if v is not None and int(v) == 1)
        for row in nd[1:]
        if row and row[0] is not None
    }
    return doc, published


def main(argv: list[str] | None = None) -> None:
    from cores.portfolio.general import analyse
    from cores.portfolio.general_format import parse_general

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=None)
    ap.add_argument("--time-limit", type=float, default=600.0)
    ap.add_argument(
        "--write",
        type=Path,
        default=None,
        help="write the case with its statements as a general problem file (YAML) there, for `salkku optimise`",
    )
    args = ap.parse_args(argv)
    path = args.path or default_path()
    if not path.is_file():
        raise SystemExit(f"{path}: not found (the published spreadsheet lives in the shared data folder)")
    if args.write:
        import yaml

        doc, _ = load(path, statements=True)
        args.write.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"wrote {args.write}")
        return
    print("| weights | extreme points | seconds | CPU s | non-dominated | complete | published | same set |")
    print("|---|---|---|---|---|---|---|---|")
    for statements in (True, False):
        doc, published = load(path, statements=statements)
        t, c = time.perf_counter(), time.process_time()
        res = analyse(parse_general(doc), time_limit=args.time_limit)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        ours = {frozenset(p) for p in res.portfolios()}
        label = "6 statements + min 0.02" if statements else "none (the simplex)"
        print(
            f"| {label} | {len(res.compiled.points)} | {wall:.1f} | {cpu:.1f} | {len(ours)} | {res.complete} | "
            f"{len(published)} | {'yes' if ours == published else f'no: {len(ours - published)} / {len(published - ours)} differ'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
