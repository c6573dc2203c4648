"""One measurement in a fresh process (run by run.py): prints a JSON line with seconds and peak RSS.

worker.py import FILE      the EURA import into the database of DATABASE_URL (valid rows, no progress)
worker.py csv FILE         a plain csv.reader read of the file, every row into a list
worker.py openpyxl FILE    a plain openpyxl read-only read of the first sheet, every row's values
"""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import(path: str) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("worker.py import needs DATABASE_URL (a throwaway database)")
    import django

    django.setup()
    from projects.importers import project_import_eura

    started, cpu = time.perf_counter(), time.process_time()
    report = project_import_eura(path=path, skip_invalid=True)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "rows": report.rows_read,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "invalid": report.invalid,
    }


def _csv(path: str) -> dict[str, object]:
    started, cpu = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "rows": len(rows) - 1,
    }


def _openpyxl(path: str) -> dict[str, object]:
    from openpyxl import load_workbook

    started, cpu = time.perf_counter(), time.process_time()
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "rows": count - 1,
    }


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    result = {"import": _import, "csv": _csv, "openpyxl": _openpyxl}[kind](path)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(result))


if __name__ == "__main__":
    main()
