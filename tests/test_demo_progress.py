"""The demo's progress reports and payment claims (demo/progress.py), made by `salkku demo-data`.

The demo portfolio is generated once for the module (inside a transaction that is rolled back at the end);
each test runs in its own savepoint on top of it, as in tests/test_demo_data.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import load_command_class
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor
from cores.money import ZERO, total
from demo.generator import DEFAULT_SEED, DEMO_TODAY
from demo.progress import demo_progress_create, demo_progress_reset, progress_summary
from demo.services import demo_data_create, demo_data_reset
from demo.users import COORDINATOR_USERNAME
from programme.models import Agreement, PartyRole
from programme.services import agreement_load
from progress.models import (
    ClaimFund,
    ClaimStatus,
    PaymentClaim,
    ProgressReport,
    ReportStatus,
    RiskLevel,
)
from progress.services import ensure_reports, fund_budget, project_periods, remaining_of, report_content
from projects.models import Project

ACTOR = Actor(label="tests")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def agreement(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        agreement_load(slug="capital-region", actor=ACTOR)
        agreement = Agreement.objects.get(slug="capital-region")
        demo_data_create(agreement=agreement, seed=DEFAULT_SEED, actor=ACTOR)
        yield agreement
        transaction.set_rollback(True)


def projects_of(agreement: Agreement) -> list[Project]:
    return list(
        Project.objects.funded()
        .filter(agreement=agreement)
        .prefetch_related("budget_lines", "financing_lines", "progress_reports__spending", "payment_claims")
        .order_by("code")
    )


def reports_of(agreement: Agreement) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(project__agreement=agreement)
        .select_related("project", "submitted_by", "decided_by")
        .order_by("project__code", "number")
    )


def digest(agreement: Agreement) -> str:
    """Everything of the reports and claims except primary keys (they differ from build to build)."""

    def moment(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    def without_keys(snapshot: dict[str, Any]) -> dict[str, Any]:
        content = dict(snapshot)
        for part, key in (("indicators", "target"), ("solutions", "organisation")):
            content[part] = [{k: v for k, v in row.items() if k != key} for row in snapshot.get(part, [])]
        return content

    reports = [
        (
            r.project.code,
            r.number,
            r.period_start.isoformat(),
            r.due_on.isoformat(),
            r.status,
            r.narrative,
            r.return_reason,
            without_keys(r.snapshot),
            without_keys(report_content(r)),
            [moment(m) for m in (r.first_submitted_at, r.submitted_at, r.returned_at, r.approved_at)],
            moment(r.updated_at),
            r.submitted_by.username if r.submitted_by else None,
            r.decided_by.username if r.decided_by else None,
        )
        for r in reports_of(agreement)
    ]
    claims = [
        (
            c.project.code,
            c.fund,
            c.period_start.isoformat(),
            c.status,
            str(c.claimed),
            str(c.approved),
            str(c.paid),
            str(c.paid_on),
            moment(c.filed_at),
            moment(c.approved_at),
            c.filed_by.username,
        )
        for c in PaymentClaim.objects.filter(project__agreement=agreement)
        .select_related("project", "filed_by")
        .order_by("project__code", "period_start", "fund")
    ]
    text = json.dumps({"reports": reports, "claims": claims}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def spending_ratio(project: Project) -> Decimal | None:
    """Reported spending of the submitted and approved reports against the budget up to their last period,
    the plan of a year spread over the project's days in it."""
    counted = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    reports = [r for r in project.progress_reports.all() if r.status in counted]
    if not reports:
        return None
    start, end = project.start_date, project.end_date
    assert start is not None and end is not None
    through = max(r.period_end for r in reports)

    def days(last: dt.date, year: int) -> int:
        return max(0, (min(last, dt.date(year, 12, 31)) - max(start, dt.date(year, 1, 1))).days + 1)

    planned = total(
        line.amount * days(through, line.year) / days(end, line.year)
        for line in project.budget_lines.all()
        if days(end, line.year)
    )
    spent = total(s.amount for r in reports for s in r.spending.all())
    return spent / planned


# -- reports ---------------------------------------------------------------------------------------------


def test_demo_progress__every_project__has_the_reports_of_its_schedule_and_ensure_reports_adds_none(
    agreement: Agreement,
) -> None:
    projects = projects_of(agreement)
    before = ProgressReport.objects.count()
    for project in projects:
        periods = project_periods(project)
        reports = sorted(project.progress_reports.all(), key=lambda r: r.period_start)
        assert [(r.number, r.period_start, r.period_end, r.due_on) for r in reports] == [
            (p.number, p.start, p.end, p.due) for p in periods
        ]
        # reports of periods still running or to come are empty drafts
        for report in reports:
            if report.period_end >= DEMO_TODAY:
                assert report.status == ReportStatus.DRAFT and not report.narrative
                assert not report.spending.all() and report.snapshot == {}
        ensure_reports(project)
    assert ProgressReport.objects.count() == before
    assert sum(1 for p in projects if any(r.period_end < DEMO_TODAY for r in p.progress_reports.all())) >= 30


def test_demo_progress__submitted_reports__carry_the_snapshot_of_their_content(agreement: Agreement) -> None:
    reports = reports_of(agreement)
    submitted = [r for r in reports if r.first_submitted_at is not None]
    assert sum(1 for r in reports if r.status == ReportStatus.APPROVED) >= 100
    for report in submitted:
        # the snapshot is what report_submit stores, and nothing has changed since
        assert report.snapshot and report.snapshot == report_content(report)
        assert report.snapshot["narrative"] and report.snapshot["spending"] and report.snapshot["indicators"]
        assert report.submitted_at == report.first_submitted_at
    for report in reports:
        if report.status == ReportStatus.APPROVED:
            assert report.snapshot and report.approved_at and report.decided_by
            assert report.decided_by.username == COORDINATOR_USERNAME
            assert report.first_submitted_at and report.first_submitted_at < report.approved_at
        if report.status == ReportStatus.DRAFT:
            assert report.snapshot == {} and report.first_submitted_at is None and not report.narrative
    # the implementer is recorded where the lead organisation has one (the demo's applicants)
    assert any(r.submitted_by is not None for r in submitted)


def test_demo_progress__statuses__older_approved_latest_awaiting_two_or_more_late_one_returned(
    agreement: Agreement,
) -> None:
    by_project: dict[str, list[ProgressReport]] = defaultdict(list)
    for report in reports_of(agreement):
        if report.period_end < DEMO_TODAY:
            by_project[report.project.code or ""].append(report)
    late = []
    for code, reports in by_project.items():
        # every report but the latest ended one is approved
        assert all(r.status == ReportStatus.APPROVED for r in reports[:-1]), code
        last = reports[-1]
        if last.status == ReportStatus.DRAFT:
            assert last.first_submitted_at is None
            if last.is_late_on(DEMO_TODAY):
                late.append(code)
                assert 0 < (DEMO_TODAY - last.due_on).days <= 90  # days to weeks overdue
    assert 2 <= len(late) <= 3
    summary = progress_summary(agreement)
    assert summary.late_projects == sorted(late) and summary.overdue == len(late)
    assert summary.reports.get(ReportStatus.SUBMITTED, 0) >= 1
    returned = ProgressReport.objects.filter(project__agreement=agreement, status=ReportStatus.RETURNED)
    assert returned.count() == 1
    report = returned.get()
    assert report.return_reason and report.returned_at and report.first_submitted_at
    assert report.first_submitted_at < report.returned_at
    assert report.decided_by and report.decided_by.username == COORDINATOR_USERNAME


def test_demo_progress__moments__are_office_hours_in_helsinki_before_the_demo_date(
    agreement: Agreement,
) -> None:
    for report in reports_of(agreement):
        moments = [report.first_submitted_at, report.returned_at, report.approved_at, report.updated_at]
        for moment in filter(None, moments):
            local = timezone.localtime(moment)
            assert local.date() < DEMO_TODAY, report
        for moment in filter(None, moments[:3]):
            local = timezone.localtime(moment)
            assert 8 <= local.hour <= 16 and local.weekday() < 5, report
            assert local.date() > report.period_end
    for claim in PaymentClaim.objects.filter(project__agreement=agreement):
        assert timezone.localdate(claim.filed_at) < DEMO_TODAY
        if claim.approved_at:
            assert claim.filed_at < claim.approved_at and timezone.localdate(claim.approved_at) < DEMO_TODAY
        if claim.paid_on:
            assert timezone.localdate(claim.approved_at) < claim.paid_on < DEMO_TODAY


# -- spending and indicators -----------------------------------------------------------------------------


def test_demo_progress__spending__never_exceeds_the_budget_and_follows_the_financing_plan(
    agreement: Agreement,
) -> None:
    for project in projects_of(agreement):
        budget = total(line.amount for line in project.budget_lines.all())
        rows = [s for r in project.progress_reports.all() for s in r.spending.all()]
        assert total(s.amount for s in rows) <= budget, project.code
        for report in project.progress_reports.all():
            for row in report.spending.all():
                assert report.period_start.year <= row.year <= report.period_end.year
                assert row.amount > 0 and row.amount == row.amount.quantize(Decimal("0.01"))
        if not rows:
            continue
        # the sources in the proportions of the financing plan (to a cent per row)
        financing: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in project.financing_lines.all():
            financing[line.source] += line.amount
        spent = total(s.amount for s in rows)
        whole = total(financing.values())
        for source, amount in financing.items():
            reported = total(s.amount for s in rows if s.source == source)
            assert abs(reported - spent * amount / whole) <= Decimal("0.01") * len(rows), (
                project.code,
                source,
            )


def test_demo_progress__run_rates__mostly_on_plan_some_clearly_behind_a_few_ahead(
    agreement: Agreement,
) -> None:
    ratios = [r for p in projects_of(agreement) if (r := spending_ratio(p)) is not None]
    assert len(ratios) >= 30
    on_plan = [r for r in ratios if Decimal("0.8") <= r <= Decimal("1.05")]
    behind = [r for r in ratios if Decimal("0.45") <= r <= Decimal("0.72")]
    assert len(on_plan) >= 0.7 * len(ratios)
    assert 0.1 * len(ratios) <= len(behind) <= 0.2 * len(ratios)
    assert any(r > Decimal("1.02") for r in ratios)
    assert not [r for r in ratios if Decimal("0.72") < r < Decimal("0.78")]  # a clear gap


def test_demo_progress__indicators__cumulative_never_falling_and_lagging_when_behind(
    agreement: Agreement,
) -> None:
    lagging = on_track = 0
    for project in projects_of(agreement):
        ratio = spending_ratio(project)
        actuals: dict[int, Decimal] = {}
        for report in sorted(project.progress_reports.all(), key=lambda r: r.period_start):
            for row in report.indicators.all():
                assert row.actual >= actuals.get(row.target_id, ZERO), project.code
                actuals[row.target_id] = row.actual
        if project.status == "closed" and ratio is not None and actuals:
            targets = {t.pk: t.target for t in project.indicator_targets.all() if t.target > 0}
            shares = [min(a / targets[pk], Decimal(2)) for pk, a in actuals.items() if pk in targets]
            reached = total(shares) / len(shares)
            if ratio < Decimal("0.75"):
                lagging += reached < Decimal("0.85")
            else:
                on_track += reached >= Decimal("0.8")
    assert lagging >= 1 and on_track >= 10


def test_demo_progress__milestones_risks_solutions__plausible_and_high_risks_only_when_behind(
    agreement: Agreement,
) -> None:
    cities = set(agreement.parties.filter(role=PartyRole.CITY).values_list("organisation_id", flat=True))
    solutions = 0
    high_in = set()
    for project in projects_of(agreement):
        for report in project.progress_reports.all():
            if report.first_submitted_at is None:
                continue
            assert report.milestones.exists() or report.period_end >= project.end_date
            assert report.risks.exists()
            for risk in report.risks.all():
                if risk.level == RiskLevel.HIGH:
                    high_in.add(project.code)
            for solution in report.solutions.all():
                assert solution.organisation_id in cities and solution.description
                solutions += 1
        if project.code in high_in:
            ratio = spending_ratio(project)
            assert ratio is not None and ratio < Decimal("0.75"), project.code
    assert high_in and solutions >= 5
    statuses = set(
        ProgressReport.objects.filter(project__agreement=agreement).values_list(
            "milestones__status", flat=True
        )
    )
    assert {"done", "late", "planned"} <= statuses
    levels = set(
        ProgressReport.objects.filter(project__agreement=agreement).values_list("risks__level", flat=True)
    )
    assert {"low", "medium", "high"} <= levels


# -- claims ----------------------------------------------------------------------------------------------


def test_demo_progress__claims__within_claimed_approved_and_the_financing_of_each_fund(
    agreement: Agreement,
) -> None:
    claims = list(PaymentClaim.objects.filter(project__agreement=agreement).select_related("project"))
    assert len(claims) >= 200
    for claim in claims:
        assert claim.claimed > 0
        assert claim.approved is None or claim.approved <= claim.claimed
        assert claim.paid is None or (claim.approved is not None and claim.paid <= claim.approved)
        expected = (
            ClaimStatus.PAID
            if claim.paid is not None
            else ClaimStatus.APPROVED
            if claim.approved is not None
            else ClaimStatus.CLAIMED
        )
        assert claim.status == expected
        assert (claim.paid is None) == (claim.paid_on is None)
    for project in projects_of(agreement):
        budget = fund_budget(project)
        periods = {(p.start, p.end) for p in project_periods(project)}
        reports = {r.period_start: r for r in project.progress_reports.all()}
        for fund in ClaimFund.values:
            mine = [c for c in project.payment_claims.all() if c.fund == fund]
            if not mine:
                continue
            assert total(c.committed for c in mine) <= budget[fund]
            assert remaining_of(project, fund) >= 0
            for claim in mine:
                assert (claim.period_start, claim.period_end) in periods
                # the fund's part of the period's reported spending, claimed once the report was submitted
                report = reports[claim.period_start]
                assert report.first_submitted_at is not None and report.first_submitted_at <= claim.filed_at
                assert claim.claimed <= total(s.amount for s in report.spending.all() if s.source == fund)
                if claim.approved is not None:
                    assert report.status == ReportStatus.APPROVED
    statuses = {c.status for c in claims}
    assert statuses == {ClaimStatus.PAID, ClaimStatus.APPROVED, ClaimStatus.CLAIMED}
    assert {c.fund for c in claims} >= {"ERDF", "ESF+", "STATE"}
    # the older ones are paid
    old = [c for c in claims if c.period_end < DEMO_TODAY - dt.timedelta(days=180)]
    assert old and all(c.status == ClaimStatus.PAID for c in old)


def test_demo_progress__command_rows__count_reports_late_projects_and_claims(agreement: Agreement) -> None:
    command = load_command_class("demo", "demo-data")
    rows = dict(command._progress_rows(agreement))
    summary = progress_summary(agreement)
    assert f"{summary.report_total} of ended periods" in rows["progress reports"]
    assert all(code in rows["progress reports"] for code in summary.late_projects)
    assert rows["payment claims"].startswith(f"{summary.claim_total} (")
    entry = AuditEntry.objects.filter(action="demo_data.create").latest("pk")
    assert entry.after["payment_claims"] == summary.claim_total


# -- determinism -----------------------------------------------------------------------------------------


def test_demo_progress__same_seed_twice__same_reports_and_claims_another_seed__others(
    agreement: Agreement,
) -> None:
    first = digest(agreement)
    reports = ProgressReport.objects.filter(project__agreement=agreement).count()
    # when the whole demo is removed and built again with the same seed
    removed = demo_data_reset(agreement=agreement, actor=ACTOR)
    assert removed["progress reports"] == reports and removed["payment claims"] > 0
    assert not ProgressReport.objects.filter(project__agreement=agreement).exists()
    demo_data_create(agreement=agreement, seed=DEFAULT_SEED, actor=ACTOR)
    # then the reports and claims are the same
    assert digest(agreement) == first
    # and another seed gives others
    ids = list(Project.objects.filter(agreement=agreement).values_list("pk", flat=True))
    demo_progress_reset(ids)
    demo_progress_create(agreement=agreement, seed=DEFAULT_SEED + 1)
    assert digest(agreement) != first


def test_demo_monitoring__late_and_at_risk_projects_explained_and_targets_followed(
    agreement: Agreement,
) -> None:
    # given the demo on its own date
    from monitoring.health import agreement_health

    health = agreement_health(agreement, DEMO_TODAY)
    # then the projects with an overdue report are late, each with its reason
    late = {p.project.code for p in health.projects if p.status == "late"}
    assert late == set(progress_summary(agreement).late_projects)
    assert all(p.reasons for p in health.attention)
    # and the steering group's targets of the demo are all followed (none without data)
    assert len(health.targets) >= 6
    assert all(t.status != "no_data" for t in health.targets)
    # and the money earned by the reported costs never exceeds what was committed, year by year summed
    assert health.spent <= sum((y.committed for y in health.years), ZERO)
