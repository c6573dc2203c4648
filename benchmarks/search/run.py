"""The search box at scale: 100,000 generated project texts, our full-text search against a plain
``icontains`` filter, in the same run.

    .venv/bin/python benchmarks/search/run.py                       # SQLite (FTS5), 100,000 projects
    .venv/bin/python benchmarks/search/run.py --database-url postgres://USER@HOST/DB   # PostgreSQL
    .venv/bin/python benchmarks/search/run.py --projects 10000 --repeat 5              # a quicker run

What it does, in one process:
1. a fresh database (SQLite in a temporary folder, never var/; or the PostgreSQL database given, which
   is migrated and emptied of projects first), then ``--projects`` historical projects whose names and
   summaries are drawn from Finnish, Swedish and English word forms (inflected: "energiatehokkaiden",
   "kiertotaloutta"), written in bulk; then ``salkku search rebuild`` (timed);
2. for each query word (the base form a person types, e.g. "energiatehokkuus"), ``--repeat`` times:
   - **ours**: ``ecosystem.search.search`` as a signed-in coordinator: the index's best 500 candidates
     of each kind, the visibility check, the 20 best hits built for the page;
   - **baseline**: ``Project.objects.filter(Q(name__icontains=w) | Q(summary__icontains=w))``, the first
     500 ids (what the list pages' text filters do);
   p50 and p95 of each, and their ratio;
3. how many projects each finds (counted once, not timed): the baseline misses the inflected forms.
Figures go to benchmarks/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Word forms the texts are made of: (base form a person searches by, forms that appear in texts).
FORMS: list[tuple[str, list[str]]] = [
    (
        "energiatehokkuus",
        ["energiatehokkuus", "energiatehokkuuden", "energiatehokkaiden", "energiatehokasta"],
    ),
    ("kiertotalous", ["kiertotalous", "kiertotalouden", "kiertotaloutta", "kiertotaloudessa"]),
    ("kaupunki", ["kaupunki", "kaupungin", "kaupungeissa", "kaupunkien"]),
    ("rakentaminen", ["rakentaminen", "rakentamisen", "rakentamista", "rakentamiseen"]),
    ("kaukolämpö", ["kaukolämpö", "kaukolämmön", "kaukolämpöä", "kaukolämmössä"]),
    ("liikenne", ["liikenne", "liikenteen", "liikennettä", "liikenteessä"]),
    ("terveys", ["terveys", "terveyden", "terveyttä", "terveydessä"]),
    ("koulu", ["koulu", "koulun", "kouluissa", "kouluja"]),
    ("tekoäly", ["tekoäly", "tekoälyn", "tekoälyä", "tekoälyllä"]),
    ("vety", ["vety", "vedyn", "vetyä", "vedyssä"]),
    ("byggande", ["byggande", "byggandet", "byggandets"]),
    ("efficiency", ["efficiency", "efficient", "efficiently"]),
]
FILLER_TEXT = (
    "hanke kehittää uusia ratkaisuja yritysten ja tutkimuslaitosten kanssa pilotoidaan testataan "
    "kokeiluympäristö alusta palvelu data avoin digitaalinen osaaminen työllisyys yhteistyö verkosto "
    "kestävä vähähiilinen asukkaat käyttäjät innovaatio malli toimintamalli projektet staden service"
)
FILLER = FILLER_TEXT.split()
# Topics are drawn with Zipf-like weights (the first is common, the last rare), as words are in real texts.
WEIGHTS = [1 / (rank + 1) for rank in range(len(FORMS))]
QUERIES = [base for base, _ in FORMS] + ["energiatehokkuus kaupunki", "kestävä liikenne", "kvanttilaskenta"]


def setup(database_url: str | None, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'search.sqlite3'}"
    os.environ["SALKKU_MODE"] = "demo"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False, stdout=io.StringIO())


def generate(n: int, seed: int) -> None:
    from django.db import transaction

    from ecosystem.models import SearchEntry
    from partners.models import Organisation
    from projects.models import Project

    rng = random.Random(seed)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        Project.objects.filter(code__startswith="B").delete()
        lead, _ = Organisation.objects.get_or_create(name="Benchmark Oy", defaults={"name_key": "benchmark"})
        batch: list[Project] = []
        for i in range(n):
            topics = rng.choices(FORMS, WEIGHTS, k=2)
            words = [rng.choice(forms) for _, forms in topics] + rng.sample(FILLER, 4)
            rng.shuffle(words)
            summary_words = [
                rng.choice(rng.choices(FORMS, WEIGHTS)[0][1]) if rng.random() < 0.03 else rng.choice(FILLER)
                for _ in range(40)
            ]
            batch.append(
                Project(
                    code=f"B{i:07d}",
                    name=" ".join(words).capitalize(),
                    summary=" ".join(summary_words).capitalize() + ".",
                    lead=lead,
                    is_historical=True,
                    start_date=dt.date(2015 + i % 8, 1, 1),
                )
            )
            if len(batch) == 5000:
                Project.objects.bulk_create(batch)
                batch = []
        Project.objects.bulk_create(batch)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use (it is changed)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup(args.database_url, Path(tmp))
        from django.db import connection
        from django.db.models import Q

        from accounts.models import Role, RoleAssignment, User
        from ecosystem import search
        from projects.models import Project

        started = time.perf_counter()
        generate(args.projects, args.seed)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        counts = search.rebuild()
        rebuilt = time.perf_counter() - started
        user, _ = User.objects.get_or_create(username="benchmark-coordinator")
        RoleAssignment.objects.get_or_create(user=user, role=Role.COORDINATOR, agreement=None)
        user = User.objects.get(pk=user.pk)

        def ours(q: str) -> int:
            groups = search.search(user, q)
            return sum(len(g.hits) for g in groups)

        def baseline(q: str) -> int:
            qs = Project.objects.all()
            for word in q.split():
                qs = qs.filter(Q(name__icontains=word) | Q(summary__icontains=word))
            return len(list(qs.values_list("pk", flat=True)[: search.CANDIDATES]))

        ours_times: list[float] = []
        base_times: list[float] = []
        for q in QUERIES:  # warm caches once
            ours(q)
            baseline(q)
        for _ in range(args.repeat):
            for q in QUERIES:
                t = time.perf_counter()
                ours(q)
                ours_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                baseline(q)
                base_times.append(time.perf_counter() - t)

        print(f"# search benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(
            f"python {platform.python_version()}, {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}, cpus {os.cpu_count()}, load {os.getloadavg()[0]:.1f}"
        )
        print(
            f"projects {args.projects:,}; generated in {generated:.1f} s; index rebuilt in {rebuilt:.1f} s ({sum(counts.values()):,} entries)"
        )
        print(f"queries {len(QUERIES)} x {args.repeat}")
        o50, o95 = percentile(ours_times, 0.5) * 1000, percentile(ours_times, 0.95) * 1000
        b50, b95 = percentile(base_times, 0.5) * 1000, percentile(base_times, 0.95) * 1000
        print(
            f"ours     p50 {o50:8.1f} ms  p95 {o95:8.1f} ms  mean {statistics.mean(ours_times) * 1000:8.1f} ms"
        )
        print(
            f"baseline p50 {b50:8.1f} ms  p95 {b95:8.1f} ms  mean {statistics.mean(base_times) * 1000:8.1f} ms"
        )
        print(f"ratio baseline/ours: p50 {b50 / o50:.1f}x, p95 {b95 / o95:.1f}x")
        print("found (projects matching, not timed): query | ours | icontains")
        for q in QUERIES:
            wanted = search.candidates(q, limit=10**9).get("history", [])
            qs = Project.objects.all()
            for word in q.split():
                qs = qs.filter(Q(name__icontains=word) | Q(summary__icontains=word))
            print(f"  {q} | {len(wanted):,} | {qs.count():,}")


if __name__ == "__main__":
    main()
