"""Reporting at national scale: the monitoring dashboard, the national view and the annual report with
15 agreements and 5,000 funded projects, each measured against a baseline in the same run.

    .venv/bin/python benchmarks/reporting/run.py                  # 15 agreements, 5,000 projects
    .venv/bin/python benchmarks/reporting/run.py --projects 1000 --requests 10   # a quicker run

What it does, in one process, on a fresh SQLite database in a temporary folder (never var/):
1. loads the agreements' data files and gives every agreement content (themes, cities, annual frames,
   targets), then generates the projects, spread unevenly over the agreements (the largest has about
   five times the projects of the smallest): budget and financing plans, indicator targets, progress
   reports of every ended six-month period (spending, indicator actuals, risks, adopted solutions) and
   paid payment claims, as of a fixed day;
2. the dashboard of the largest agreement and the national view, requested through Django's test
   client as a steering-group member / the ministry: cold (SALKKU_MONITORING_CACHE off, every request
   computes) and warm (the stored page), p50 and p95 over the requests; the ratio is warm against cold in
   the same run; and the first request after a change of the data (it shows the last figures and queues
   their recomputation, which no worker runs here);
3. the number of queries of the dashboard (cache off) for the smallest and the largest agreement:
   fixed whatever the number of projects;
4. the annual report of the largest agreement: PDF against the HTML alone, in the same run.

Goals (the monitoring issue): the dashboard's p95 under 300 ms; the annual PDF under 30 s; query counts
fixed. Figures go to benchmarks/RESULTS.md by hand.
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
AS_OF = dt.date(2026, 11, 29)
D = Decimal
CENT = D("0.01")


def setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'reporting.sqlite3'}"
    os.environ["SALKKU_MODE"] = "demo"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["SALKKU_TASKS"] = "database"  # a change queues the recomputation; no worker runs here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("agreement", "load", "--all", verbosity=0, stdout=io.StringIO())


def _money(value: float) -> Decimal:
    return D(str(round(value, 2))).quantize(CENT)


def generate(n_agreements: int, n_projects: int, seed: int) -> dict[str, object]:
    """Content for ``n_agreements`` agreements and ``n_projects`` funded projects; returns handles."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, RoleAssignment, User
    from monitoring.models import TargetKind, ThemeTarget
    from partners.models import Organisation, OrganisationKind
    from pipeline.models import BudgetLine, FinancingLine, IndicatorTarget
    from programme.models import (
        Agreement,
        AgreementParty,
        AnnualFrame,
        Fund,
        Indicator,
        PartyRole,
        Theme,
    )
    from progress.models import (
        PaymentClaim,
        ProgressReport,
        ReportIndicator,
        ReportRisk,
        ReportSolution,
        ReportSpending,
    )
    from progress.services import report_periods
    from projects.models import FundingDecision, Project, ProjectStatus

    rng = random.Random(seed)
    agreements = list(Agreement.objects.order_by("slug"))[:n_agreements]
    funds = {f.code: f for f in Fund.objects.all()}
    indicators = list(Indicator.objects.filter(agreement__isnull=True, code__in=["RCO01", "RCO07", "RCO10"]))
    password = make_password("bench")
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Organisaatio {i}", name_key=f"organisaatio {i}", kind=kind)
                for i, kind in enumerate(
                    rng.choice([k.value for k in OrganisationKind if k != "city"]) for _ in range(400)
                )
            ]
        )
        # Every agreement gets content: four themes, three cities, frames 2022-2027.
        weights = [1 + 4 * i / max(n_agreements - 1, 1) for i in range(n_agreements)]
        sizes = [int(n_projects * w / sum(weights)) for w in weights]
        sizes[-1] += n_projects - sum(sizes)
        themes: dict[int, list[Theme]] = {}
        cities: dict[int, list[Organisation]] = {}
        for a in agreements:
            a.status = "signed"
            a.save(update_fields=["status"])
            existing = list(Theme.objects.filter(agreement=a).order_by("order"))
            if not existing:
                existing = Theme.objects.bulk_create(
                    [Theme(agreement=a, code=f"T{k}", name_fi=f"Teema {k}", order=k) for k in range(1, 5)]
                )
                for t in existing:
                    t.eligible_funds.set([funds["ERDF"], funds["STATE"]])
            themes[a.pk] = existing
            city_parties = list(
                AgreementParty.objects.filter(agreement=a, role=PartyRole.CITY).select_related("organisation")
            )
            if not city_parties:
                made = Organisation.objects.bulk_create(
                    [
                        Organisation(
                            name=f"{a.region_fi} kaupunki {k}", name_key=f"{a.slug} city {k}", kind="city"
                        )
                        for k in range(3)
                    ]
                )
                AgreementParty.objects.bulk_create(
                    [AgreementParty(agreement=a, organisation=o, role=PartyRole.CITY) for o in made]
                )
                cities[a.pk] = made
            else:
                cities[a.pk] = [p.organisation for p in city_parties]
            if not AnnualFrame.objects.filter(agreement=a).exists():
                AnnualFrame.objects.bulk_create(
                    [
                        AnnualFrame(agreement=a, fund=funds[code], year=y, amount=amount)
                        for y in range(2022, 2028)
                        for code, amount in (("ERDF", D("2000000")), ("STATE", D("1000000")))
                    ]
                )
            ThemeTarget.objects.bulk_create(
                [
                    ThemeTarget(
                        agreement=a,
                        kind=TargetKind.INDICATOR,
                        indicator=i,
                        target=D(200),
                        start_year=2021,
                        target_year=2027,
                    )
                    for i in indicators
                ]
                + [
                    ThemeTarget(
                        agreement=a,
                        theme=t,
                        kind=TargetKind.MONEY_SHARE,
                        share_min=D("0.15"),
                        share_max=D("0.35"),
                        start_year=2021,
                        target_year=2027,
                    )
                    for t in themes[a.pk]
                ]
                + [
                    ThemeTarget(
                        agreement=a,
                        kind=TargetKind.SOLUTIONS,
                        target=D(30),
                        start_year=2021,
                        target_year=2027,
                    )
                ]
            )
        # Projects with their plans, reports and claims.
        projects: list[Project] = []
        owner: list[tuple[int, int]] = []  # (agreement index, size index)
        for ai, a in enumerate(agreements):
            for k in range(sizes[ai]):
                start = dt.date(rng.randint(2022, 2025), rng.choice([1, 4, 7, 9]), 1)
                months = rng.choice([18, 24, 30, 36])
                end_month = start.month - 1 + months
                end = dt.date(start.year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
                projects.append(
                    Project(
                        code=f"B{ai:02d}{k:05d}",
                        agreement=a,
                        name=f"Kehittämishanke {ai}-{k}",
                        lead=rng.choice(orgs),
                        theme=rng.choice(themes[a.pk]),
                        fund_code="ERDF",
                        start_date=start,
                        end_date=min(end, dt.date(2027, 12, 31)),
                        status=ProjectStatus.ACTIVE,
                    )
                )
                owner.append((ai, k))
        projects = Project.objects.bulk_create(projects, batch_size=2000)
        FundingDecision.objects.bulk_create(
            [FundingDecision(project=p, decided_on=p.start_date - dt.timedelta(days=30)) for p in projects],
            batch_size=2000,
        )
        budget, financing, targets = [], [], []
        plan: dict[int, dict[int, Decimal]] = {}
        for p in projects:
            years = range(p.start_date.year, p.end_date.year + 1)
            per_year = {y: _money(rng.uniform(40_000, 250_000)) for y in years}
            plan[p.pk] = per_year
            for y, amount in per_year.items():
                personnel = (amount * D("0.7")).quantize(CENT)
                budget.append(BudgetLine(project=p, year=y, category="personnel", amount=personnel))
                budget.append(BudgetLine(project=p, year=y, category="services", amount=amount - personnel))
            whole = sum(per_year.values(), D(0))
            erdf = (whole * D("0.4")).quantize(CENT)
            state = (whole * D("0.2")).quantize(CENT)
            financing += [
                FinancingLine(project=p, source="ERDF", amount=erdf),
                FinancingLine(project=p, source="STATE", amount=state),
                FinancingLine(project=p, source="OWN", organisation=p.lead, amount=whole - erdf - state),
            ]
            for i in rng.sample(indicators, 2):
                targets.append(IndicatorTarget(project=p, indicator=i, target=D(rng.randint(2, 20))))
        BudgetLine.objects.bulk_create(budget, batch_size=5000)
        FinancingLine.objects.bulk_create(financing, batch_size=5000)
        targets = IndicatorTarget.objects.bulk_create(targets, batch_size=5000)
        targets_of: dict[int, list[IndicatorTarget]] = {}
        for t in targets:
            targets_of.setdefault(t.project_id, []).append(t)

        reports: list[ProgressReport] = []
        for p in projects:
            ended = [q for q in report_periods(p.start_date, p.end_date) if q.end < AS_OF]
            late = rng.random() < 0.05
            for index, period in enumerate(ended):
                submitted: dt.date | None = period.due - dt.timedelta(days=rng.randint(0, 20))
                if late and index == len(ended) - 1 and period.due < AS_OF:
                    submitted = None  # the last report overdue: the project is late
                moment = (
                    timezone.make_aware(dt.datetime.combine(submitted, dt.time(10))) if submitted else None
                )
                reports.append(
                    ProgressReport(
                        project=p,
                        number=period.number,
                        period_start=period.start,
                        period_end=period.end,
                        due_on=period.due,
                        status="approved" if submitted else "draft",
                        narrative="Edistyttiin suunnitellusti.",
                        first_submitted_at=moment,
                        submitted_at=moment,
                        approved_at=moment,
                    )
                )
        reports = ProgressReport.objects.bulk_create(reports, batch_size=5000)
        spending, actuals, risks, solutions, claims = [], [], [], [], []
        filer = User.objects.create(username="bench-filer", password=password)
        rate: dict[int, Decimal] = {p.pk: D(str(round(rng.uniform(0.55, 1.05), 3))) for p in projects}
        count: dict[int, int] = {}
        by_pk = {p.pk: p for p in projects}
        for r in reports:
            if r.first_submitted_at is None:
                continue
            p = by_pk[r.project_id]
            n = count[p.pk] = count.get(p.pk, 0) + 1
            year = r.period_start.year
            planned = plan[p.pk].get(year, D(0)) / 2
            cost = (planned * rate[p.pk]).quantize(CENT)
            public = (cost * D("0.6")).quantize(CENT)
            spending += [
                ReportSpending(report=r, year=year, category="personnel", source="ERDF", amount=public),
                ReportSpending(report=r, year=year, category="personnel", source="OWN", amount=cost - public),
            ]
            for t in targets_of.get(p.pk, []):
                actuals.append(ReportIndicator(report=r, target=t, actual=min(t.target, D(n))))
            risks.append(
                ReportRisk(report=r, text="Rekrytointi", level=rng.choice(["low", "medium", "high"]))
            )
            if rng.random() < 0.1:
                solutions.append(
                    ReportSolution(
                        report=r,
                        organisation=rng.choice(cities[p.agreement_id]),
                        description="Otettu käyttöön.",
                    )
                )
            for fund, part in (("ERDF", D("0.4")), ("STATE", D("0.2"))):
                amount = (cost * part).quantize(CENT)
                if amount > 0:
                    claims.append(
                        PaymentClaim(
                            project=p,
                            fund=fund,
                            period_start=r.period_start,
                            period_end=r.period_end,
                            status="paid",
                            claimed=amount,
                            approved=amount,
                            paid=amount,
                            paid_on=r.due_on + dt.timedelta(days=45),
                            filed_by=filer,
                        )
                    )
        for model, rows in (
            (ReportSpending, spending),
            (ReportIndicator, actuals),
            (ReportRisk, risks),
            (ReportSolution, solutions),
            (PaymentClaim, claims),
        ):
            model.objects.bulk_create(rows, batch_size=5000)
        # Users: a steering-group member of the smallest and of the largest agreement, and the ministry.
        users = {}
        for name, role, agreement in (
            ("bench-small", Role.STEERING_GROUP, agreements[0]),
            ("bench-large", Role.STEERING_GROUP, agreements[-1]),
            ("bench-ministry", Role.MINISTRY, None),
        ):
            user = User.objects.create(username=name, password=password)
            RoleAssignment.objects.create(user=user, role=role, agreement=agreement)
            users[name] = user
    return {
        "agreements": agreements,
        "sizes": sizes,
        "users": users,
        "rows": {
            "projects": len(projects),
            "reports": len(reports),
            "spending rows": len(spending),
            "indicator actuals": len(actuals),
            "claims": len(claims),
        },
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed_gets(client, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        out.append(time.perf_counter() - t)
        assert response.status_code == 200, (url, response.status_code)
    return out


def signed_in(user):
    """A test client signed in as ``user`` with its agreement chosen (as the header's chooser does), so
    that every user takes the same path through the page."""
    from django.test import Client

    from programme.selectors import SESSION_KEY

    client = Client()
    client.force_login(user)
    assignment = user.role_assignments.first()
    if assignment is not None and assignment.agreement is not None:
        session = client.session
        session[SESSION_KEY] = assignment.agreement.slug
        session.save()
    return client


def measure_page(user, url: str, requests: int) -> tuple[list[float], list[float], list[float]]:
    """Cold (every request computes), warm (the stored page), and the first request after a change (the
    last figures shown, their recomputation queued)."""
    from django.core.cache import cache
    from django.test import override_settings

    from audit.services import Actor, audit_record
    from monitoring.models import MonitoringRules
    from programme.models import Agreement

    client = signed_in(user)
    with override_settings(SALKKU_MONITORING_CACHE=False):
        client.get(url)  # templates, translations and the like loaded once
        cold = timed_gets(client, url, requests)
    cache.clear()
    with override_settings(SALKKU_MONITORING_CACHE=True):
        client.get(url)  # computes and stores the page
        warm = timed_gets(client, url, requests)
        changed = []
        for n in range(max(3, requests // 5)):
            rules, _ = MonitoringRules.objects.get_or_create(
                agreement=Agreement.objects.order_by("-pk").first()
            )
            audit_record(actor=Actor(label="benchmark"), action="benchmark.change", obj=rules, note=str(n))
            changed += timed_gets(client, url, 1)
    return cold, warm, changed


def query_count(user, url: str) -> int:
    return len(queries(user, url))


def queries(user, url: str) -> list[str]:
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    client = signed_in(user)
    with override_settings(SALKKU_MONITORING_CACHE=False):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
    return [q["sql"] for q in ctx.captured_queries]


def annual_report_times(agreement, runs: int) -> list[tuple[str, float, int]]:
    """(format, median seconds, bytes) of the annual report, or [] when the reports app is absent."""
    try:
        from reports import render
        from reports.data import annual_data
    except ImportError:
        return []
    out = []
    for fmt in ("html", "pdf", "xlsx"):
        times, size = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            data = annual_data(agreement, AS_OF, "fi")
            content = render.render(data, fmt)
            times.append(time.perf_counter() - t)
            size = len(content)
        out.append((fmt, statistics.median(times), size))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=15)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30, help="requests per page and cache setting")
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    a = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salkku-reporting-") as tmp:
        t0 = time.perf_counter()
        setup(Path(tmp))
        from django.db import connection
        from django.utils import timezone

        world = generate(a.agreements, a.projects, a.seed)
        built = time.perf_counter() - t0
        agreements, sizes, users = world["agreements"], world["sizes"], world["users"]
        print(
            f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"SQLite {connection.Database.sqlite_version}; load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"Data: {len(agreements)} agreements, projects per agreement {min(sizes)}–{max(sizes)}; "
            + ", ".join(f"{k} {v:,}" for k, v in world["rows"].items())
            + f"; built in {built:.0f} s. Pages computed for today ({timezone.localdate()}).\n"
        )
        print(
            "| page | projects | requests | cold p50 | cold p95 | warm p50 | warm p95 | p95 warm/cold "
            "| first request after a change, max |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        pages = (
            ("dashboard, largest agreement", users["bench-large"], "/monitoring/", max(sizes)),
            ("national view, all agreements", users["bench-ministry"], "/monitoring/national/", sum(sizes)),
        )
        for label, user, url, n in pages:
            n_req = a.requests if "dashboard" in label else max(5, a.requests // 6)
            cold, warm, changed = measure_page(user, url, n_req)
            print(
                f"| {label} | {n:,} | {n_req} | {statistics.median(cold) * 1000:.0f} ms | "
                f"{pct(cold, 0.95) * 1000:.0f} ms | {statistics.median(warm) * 1000:.0f} ms | "
                f"{pct(warm, 0.95) * 1000:.0f} ms | {pct(warm, 0.95) / pct(cold, 0.95):.3f} | "
                f"{max(changed) * 1000:.0f} ms |",
                flush=True,
            )
        print()
        print("| queries of the dashboard (cache off) | projects | queries |")
        print("|---|---:|---:|")
        for label, user, n in (
            ("smallest agreement", users["bench-small"], min(sizes)),
            ("largest agreement", users["bench-large"], max(sizes)),
        ):
            print(f"| {label} | {n:,} | {query_count(user, '/monitoring/')} |", flush=True)
        if os.environ.get("BENCH_QUERY_DIFF"):
            import difflib

            small = [q[:160] for q in queries(users["bench-small"], "/monitoring/")]
            large = [q[:160] for q in queries(users["bench-large"], "/monitoring/")]
            print("\n".join(difflib.unified_diff(small, large, lineterm="")))
        times = annual_report_times(agreements[-1], a.report_runs)
        if times:
            html = next(t for f, t, _ in times if f == "html")
            print()
            print("| annual report, largest agreement | median | bytes | against HTML |")
            print("|---|---:|---:|---:|")
            for fmt, seconds, size in times:
                print(f"| {fmt.upper()} | {seconds:.2f} s | {size:,} | {seconds / html:.2f}× |")
        else:
            print("\n(the reports app is not installed: no annual report figures)")


if __name__ == "__main__":
    main()
