"""Benchmark ``salkku import eura``: the real EURA 2014 list and a generated 100,000-row EURA 2021 export.

    .venv/bin/python benchmarks/import/run.py [--runs 5] [--big-rows 100000] [--big-runs 1]
                                              [--skip-big] [--openpyxl-writer] [--data-dir DIR]

1. The 2,881-row EURA 2014 list (from the shared data folder) imported into a fresh SQLite database, the
   median of ``--runs`` runs, against a plain ``csv`` read of the same file in the same run. Goal: < 5 s.
2. A generated EURA 2021 workbook (make_eura2021_big.py, seeded; laid out as Excel writes a workbook)
   imported into a fresh SQLite database, against a plain openpyxl read-only read of the same file in the
   same run. Goals: < 60 s, peak RSS < 1 GB. ``--openpyxl-writer`` adds the same rows written by openpyxl
   (inline strings, no dimension: slower to read) as a further case.

Every measurement runs in its own process (worker.py), so that its peak RSS is its own. Each import gets a
fresh copy of a freshly migrated database in a temporary folder (DATABASE_URL is always set for the
children): the project's own database (var/salkku.sqlite3) is never touched. The times are those of the
import itself (reading, checking, matching, writing; wall clock, and the CPU time of the process); the
process start and Django set-up are not counted. The load average is printed: on a shared machine the wall
clock exceeds the CPU time by what other processes take.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LIST_2014 = "fi_eura2014_erdf_esf_2014-2020_projektilista.csv"


def shared_data_dir() -> Path:
    """The same folder as settings.SHARED_DATA_DIR (without importing Django here)."""
    return Path(os.environ.get("SALKKU_SHARED_DATA", str(ROOT.parent / "shared" / "data")))


def _env(database: Path | None) -> dict[str, str]:
    env = dict(os.environ, SALKKU_MODE="test")
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        env.pop("DATABASE_URL", None)
    return env


def migrate_template(workdir: Path) -> Path:
    template = workdir / "template.sqlite3"
    subprocess.run(
        [sys.executable, "-c", "from config.cli import main; main()", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=_env(template), check=True,
    )  # fmt: skip
    with sqlite3.connect(template) as connection:  # fold the write-ahead log in, so that a copy is whole
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    return template


def measure(kind: str, path: Path, *, database: Path | None = None) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(HERE / "worker.py"), kind, str(path)],
        cwd=ROOT, env=_env(database), check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh_database(template: Path, workdir: Path) -> Path:
    database = workdir / "run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, database)
    return database


def bench(
    label: str, path: Path, *, baseline: str, runs: int, template: Path, workdir: Path
) -> dict[str, object]:
    imports, baselines = [], []
    for run in range(runs):
        database = fresh_database(template, workdir)
        result = measure("import", path, database=database)
        imports.append(result)
        baselines.append(measure(baseline, path))
        print(
            f"  {label} run {run + 1}/{runs}: import {result['seconds']:.2f} s"
            f" (CPU {result['cpu_seconds']:.2f} s, peak {result['peak_rss_mb']:.0f} MB),"
            f" {baseline} {baselines[-1]['seconds']:.2f} s,"
            f" load {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
        )
    median = statistics.median(r["seconds"] for r in imports)
    base = statistics.median(r["seconds"] for r in baselines)
    last = imports[-1]
    return {
        "label": label,
        "rows": last["rows"],
        "created": last["created"],
        "invalid": last["invalid"],
        "runs": runs,
        "import_s": median,
        "import_cpu_s": statistics.median(r["cpu_seconds"] for r in imports),
        "baseline": baseline,
        "baseline_s": base,
        "baseline_cpu_s": statistics.median(r["cpu_seconds"] for r in baselines),
        "ratio": median / base if base else float("nan"),
        "peak_mb": max(r["peak_rss_mb"] for r in imports),
        "baseline_peak_mb": max(r["peak_rss_mb"] for r in baselines),
    }


def big_workbook(data_dir: Path, rows: int, writer: str) -> Path:
    path = data_dir / f"eura2021_{rows}_seed2021_{writer}.xlsx"
    if not path.exists():
        print(f"generating {path.name} ...", file=sys.stderr)
        started = time.perf_counter()
        sys.path[:0] = [str(ROOT), str(HERE)]
        from make_eura2021_big import generate

        generate(path, rows=rows, writer=writer)
        print(f"  generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of the 2014 list (median)")
    parser.add_argument("--big-rows", type=int, default=100_000)
    parser.add_argument("--big-runs", type=int, default=1)
    parser.add_argument("--skip-big", action="store_true", help="only the 2014 list")
    parser.add_argument(
        "--openpyxl-writer", action="store_true", help="also the workbook written by openpyxl"
    )
    parser.add_argument("--data-dir", type=Path, help="keep the generated workbooks here (reused if present)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="salkku-bench-import-"))
    results = []
    try:
        print("migrating a fresh SQLite database ...", file=sys.stderr)
        template = migrate_template(workdir)

        list_2014 = shared_data_dir() / LIST_2014
        if list_2014.is_file():
            results.append(
                bench(
                    "EURA 2014 list",
                    list_2014,
                    baseline="csv",
                    runs=args.runs,
                    template=template,
                    workdir=workdir,
                )
            )
        else:
            print(f"({LIST_2014} not found in the shared data folder: skipped)", file=sys.stderr)

        if not args.skip_big:
            data_dir = args.data_dir or workdir
            data_dir.mkdir(parents=True, exist_ok=True)
            writers = ["excel", "openpyxl"] if args.openpyxl_writer else ["excel"]
            for writer in writers:
                path = big_workbook(data_dir, args.big_rows, writer)
                label = f"EURA 2021 export, {args.big_rows:,} generated rows ({writer}-written)"
                results.append(
                    bench(
                        label,
                        path,
                        baseline="openpyxl",
                        runs=args.big_runs,
                        template=template,
                        workdir=workdir,
                    )
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(
        "| case | rows | created | invalid | runs | import, median (CPU) | plain read (CPU) | ratio "
        "| peak RSS import | peak RSS read |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['label']} | {r['rows']:,} | {r['created']:,} | {r['invalid']} | {r['runs']} "
            f"| {r['import_s']:.2f} s ({r['import_cpu_s']:.2f} s) "
            f"| {r['baseline_s']:.3f} s ({r['baseline_cpu_s']:.3f} s), {r['baseline']} | {r['ratio']:.1f}× "
            f"| {r['peak_mb']:.0f} MB | {r['baseline_peak_mb']:.0f} MB |"
        )
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for r in results:
        if r["baseline"] == "csv":
            print(f"goal < 5 s, {r['label']}: {'met' if r['import_s'] < 5 else 'MISSED'}")
        else:
            time_ok = "met" if r["import_s"] < 60 else "MISSED"
            memory_ok = "met" if r["peak_mb"] < 1024 else "MISSED"
            print(f"goals < 60 s and peak RSS < 1 GB, {r['label']}: {time_ok}, {memory_ok}")


if __name__ == "__main__":
    main()
