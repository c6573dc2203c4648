"""Computed project status, forecasts, decommitment and targets on the monitoring pages (monitoring/).

The project of ``add_funded_projects``: 1.1.2025–31.12.2026, direct costs 120 000 € in 2025 and 50 000 € in
2026; ERDF 77 000 €, state 38 500 €. Reports every six months, due 30 days after each period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEntry
from monitoring.health import agreement_health, project_health
from monitoring.models import MonitoringRules, Refresh, Snapshot, TargetKind, ThemeTarget
from programme.models import AnnualFrame, Fund, NationalFrame
from progress import services
from progress.models import PaymentClaim, ProgressReport
from tests.pages_data import add_funded_projects
from tests.test_progress import World

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def w() -> World:
    return World()


def submit(w: World, report: ProgressReport, on: dt.date, **content: object) -> ProgressReport:
    """The implementer fills and submits the report; its submission is dated ``on``."""
    w.fill(report, **content)
    services.report_submit(report=report, actor=w.implementer)
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    ProgressReport.objects.filter(pk=report.pk).update(first_submitted_at=moment, submitted_at=moment)
    report.refresh_from_db()
    return report


def spending(amount: str, year: int = 2025) -> list[dict[str, object]]:
    return [{"year": year, "category": "personnel", "source": "ERDF", "amount": D(amount)}]


def test_status__report_not_submitted_after_due__late_with_the_reason(w: World) -> None:
    # given the first report submitted on time, with spending on plan
    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    # when it is 15.2.2026 and the second report (due 30.1.2026) is not submitted
    health = project_health(w.project, dt.date(2026, 2, 15))
    # then the project is late, and the reason names the report, its due date and the days
    assert health is not None
    assert health.status == "late"
    assert any("Progress report 2" in r and "16 days late" in r for r in health.reasons), health.reasons
    # and on 25.1.2026 (before the due date) it is on track
    assert project_health(w.project, dt.date(2026, 1, 25)).status == "on_track"


def test_status__grace_days_in_the_rules__not_late_within_them(w: World) -> None:
    # given the second report is 16 days overdue, and the rules allow 20 days of grace
    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    MonitoringRules.objects.create(agreement=w.p.agreement, late_after_days=20)
    # then the project is not late on 15.2.2026, and is on 20.2.2026
    assert project_health(w.project, dt.date(2026, 2, 15)).status == "on_track"
    assert project_health(w.project, dt.date(2026, 2, 20)).status == "late"


def test_status__spending_far_behind_plan__at_risk_with_figures(w: World) -> None:
    # given a first report (1–6/2025, plan 59 506,85 € pro rata by days) that reports 20 000 €
    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("20000.00"))
    # when it is 1.8.2025
    health = project_health(w.project, dt.date(2025, 8, 1))
    # then the project is at risk because its spending is behind the plan
    assert health is not None and health.status == "at_risk"
    reason = " ".join(health.reasons)
    assert "Spending is" in reason and "20,000.00" in reason
    # and the forecast range holds the point, within the approved costs
    f = health.forecast
    assert f.total_low <= f.total_point <= f.total_high <= D("170000.00")
    assert f.total_point < D("170000.00")


def test_status__returned_report__its_figures_not_counted(w: World) -> None:
    # given the first report submitted and then returned for changes
    report = submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    services.report_return(report=report, reason="Korjaa kulut", actor=w.coordinator)
    # then on 1.8.2025 no costs count, and the report does not make the project late (it was submitted)
    health = project_health(w.project, dt.date(2025, 8, 1))
    assert health is not None
    assert health.assessment.spent == D("0.00")
    assert health.status != "late"


def test_agreement_health__paid_claims_and_decommitment(w: World) -> None:
    # given an EU frame of 100 000 € for 2025 and a paid claim of 30 000 € of ERDF on 1.9.2025
    erdf = Fund.objects.get(code="ERDF")
    AnnualFrame.objects.filter(agreement=w.p.agreement).delete()
    AnnualFrame.objects.create(agreement=w.p.agreement, fund=erdf, year=2025, amount=D("100000.00"))
    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    PaymentClaim.objects.create(
        project=w.project,
        fund="ERDF",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        status="paid",
        claimed=D("30000.00"),
        approved=D("30000.00"),
        paid=D("30000.00"),
        paid_on=dt.date(2025, 9, 1),
        filed_by=w.implementer,
    )
    # when the health is computed on 1.10.2025 and on 1.1.2029 (after the 2025 deadline, 31.12.2028)
    autumn = agreement_health(w.p.agreement, dt.date(2025, 10, 1))
    later = agreement_health(w.p.agreement, dt.date(2029, 1, 1))
    # then the paid money is summed by year
    assert autumn.paid == D("30000.00")
    assert [y.paid for y in autumn.years if y.year == 2025] == [D("30000.00")]
    # and by fund and year
    (fund, cells), *others = autumn.paid_by_fund
    assert fund == "ERDF" and not others
    assert dict(zip((y.year for y in autumn.years), cells, strict=True))[2025] == D("30000.00")
    # and the 2025 EU frame is covered in autumn only by the forecast; after the deadline the
    # shortfall is what was not paid: 100 000 − 30 000
    row = next(r for r in later.decommitment if r.risk.year == 2025)
    assert row.risk.deadline == dt.date(2028, 12, 31)
    assert row.risk.state == "decommitted"
    assert row.risk.shortfall == D("70000.00")
    assert later.at_risk_of_decommitment >= D("70000.00")


def test_targets__indicator_and_share__followed_with_status(w: World) -> None:
    # given an indicator target of 10 enterprises by 2026 and a share target of 10–20 % for theme T1
    a = w.p.agreement
    ThemeTarget.objects.create(
        agreement=a,
        kind=TargetKind.INDICATOR,
        indicator=w.target.indicator,
        target=D("10"),
        start_year=2025,
        target_year=2026,
    )
    ThemeTarget.objects.create(
        agreement=a,
        theme=w.p.themes["T1"],
        kind=TargetKind.MONEY_SHARE,
        share_min=D("0.10"),
        share_max=D("0.20"),
        start_year=2025,
        target_year=2027,
    )
    ThemeTarget.objects.create(
        agreement=a, kind=TargetKind.SOLUTIONS, target=D("1"), start_year=2025, target_year=2026
    )
    # and a report with 3 enterprises and one adopted solution
    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    # when the targets are followed on 1.8.2025
    targets = {t.target.kind: t for t in agreement_health(a, dt.date(2025, 8, 1)).targets}
    # then the indicator has 3 of 10 (a single value: projected along the line from the baseline)
    assert targets["indicator"].actual == D("3")
    assert targets["indicator"].status in {"on_track", "behind", "off_track"}
    assert "3 of 10" in targets["indicator"].sentence
    # and the only funded project is in T1, so its share is 100 %: above the range
    assert targets["share"].status == "above"
    # and one solution has been adopted: reached
    assert targets["solutions"].status == "achieved"


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_dashboard__late_project_listed_with_reason(w: World) -> None:
    # given the project's first report is overdue today (its period ended long ago) and never submitted
    # when the steering group opens the dashboard
    response = _client(w.steering).get(reverse("monitoring:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    # then the project is listed as late with the report named
    assert response.status_code == 200
    body = response.content.decode()
    assert "Projects that need attention" in body
    assert w.project.name in body
    assert "Progress report 1 was due on" in body


@override_settings(SALKKU_MONITORING_CACHE=False)
def test_dashboard__query_count_fixed_whatever_the_number_of_projects(w: World) -> None:
    # given one funded project, the dashboard (computed on every request) takes some number of queries
    client = _client(w.steering)
    client.get(reverse("monitoring:dashboard"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("monitoring:dashboard")).status_code == 200
    # when four more projects are funded (with their reports made)
    for project in add_funded_projects(w.p, 4):
        services.ensure_reports(project)
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("monitoring:dashboard")).status_code == 200
    # then the page takes the same number of queries
    assert len(five.captured_queries) == len(one.captured_queries)


def test_targets_page__steering_group_adds_a_target__audited_and_shown(w: World) -> None:
    client = _client(w.steering)
    # when a steering-group member adds an indicator target
    response = client.post(
        reverse("monitoring:targets"),
        {
            "kind": "indicator",
            "indicator": str(w.target.indicator.pk),
            "target": "25",
            "start_year": "2025",
            "target_year": "2027",
        },
    )
    # then it is saved and written to the audit log, and the page lists it
    assert response.status_code == 302
    target = ThemeTarget.objects.get()
    assert target.target == D("25") and target.theme is None
    assert AuditEntry.objects.filter(action="target.added").count() == 1
    assert "RCO01" in client.get(reverse("monitoring:targets")).content.decode()


def test_targets_page__bad_input__refused_naming_the_field(w: World) -> None:
    # when a share target has no theme and an upside-down range
    response = _client(w.coordinator).post(
        reverse("monitoring:targets"),
        {"kind": "share", "share_min": "30", "share_max": "20", "start_year": "2025", "target_year": "2027"},
    )
    # then nothing is saved and the errors name the fields
    assert response.status_code == 400
    assert ThemeTarget.objects.count() == 0
    form = response.context["form"]
    assert "theme" in form.errors and "share_max" in form.errors


def test_targets_page__ministry_reads_but_cannot_add(w: World) -> None:
    client = _client(w.ministry)
    assert client.get(reverse("monitoring:targets")).status_code == 200
    response = client.post(reverse("monitoring:targets"), {"kind": "solutions", "target": "3"})
    assert response.status_code == 403
    assert ThemeTarget.objects.count() == 0


def test_rules_page__coordinator_changes_rules__audited_and_status_follows(w: World) -> None:
    # given the project whose second report is 16 days overdue on 15.2.2026
    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    assert project_health(w.project, dt.date(2026, 2, 15)).status == "late"
    # when the coordinator allows 30 days of grace
    response = _client(w.coordinator).post(
        reverse("monitoring:rules"),
        {
            "late_after_days": "30",
            "spending_behind_percent": "25",
            "indicator_lag_percent": "50",
            "min_elapsed_percent": "50",
            "high_risks_at_risk": "on",
            "decommitment_lag_years": "3",
            "decommitment_lag_2027": "2",
        },
    )
    # then the rules are saved and audited, and the project is no longer late on that day
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="monitoring_rules.changed").count() == 1
    assert project_health(w.project, dt.date(2026, 2, 15)).status == "on_track"


def test_rules_page__shows_the_rules_as_a_person_types_them(w: World) -> None:
    # given the default rules, when the coordinator opens the page
    body = _client(w.coordinator).get(reverse("monitoring:rules")).content.decode()
    # then the shares are whole percentages and the switch is a checkbox, ticked
    assert 'name="spending_behind_percent" value="25"' in body
    assert re.search(
        r'<input class="govuk-checkboxes__input"[^>]*name="high_risks_at_risk" type="checkbox" checked', body
    )


def _rules_post(**overrides: str) -> dict[str, str]:
    data = {
        "late_after_days": "0",
        "spending_behind_percent": "25",
        "indicator_lag_percent": "50",
        "min_elapsed_percent": "50",
        "decommitment_lag_years": "3",
    }
    data.update(overrides)
    return data


def test_rules_page__one_number_input_per_programme_year__with_the_stored_deadlines(w: World) -> None:
    # given saved rules whose 2027 commitments have two years and 2024 ones four
    MonitoringRules.objects.create(agreement=w.p.agreement, decommitment_lag_overrides={"2027": 2, "2024": 4})
    # when the coordinator opens the rules page
    body = _client(w.coordinator).get(reverse("monitoring:rules")).content.decode()
    # then each programme year has its own small number input labelled with the year, no JSON anywhere
    years = list(w.p.agreement.period.years)
    assert years[0] == 2021 and years[-1] == 2027
    for year in years:
        assert f'for="id_decommitment_lag_{year}">{year}</label>' in body
    inputs = dict(
        re.findall(
            r'<input class="govuk-input[^"]*" id="[^"]*" name="decommitment_lag_(\d+)"[^>]*value="(\d*)"',
            body,
        )
    )
    assert inputs == {"2021": "", "2022": "", "2023": "", "2024": "4", "2025": "", "2026": "", "2027": "2"}
    assert "{&quot;" not in body and '{"2027"' not in body
    assert 'name="decommitment_lag_overrides"' not in body


def test_rules_page__year_values_posted__stored_as_the_year_dict(w: World) -> None:
    response = _client(w.coordinator).post(
        reverse("monitoring:rules"), _rules_post(decommitment_lag_2026="4", decommitment_lag_2027="2")
    )
    assert response.status_code == 302
    assert MonitoringRules.objects.get().decommitment_lag_overrides == {"2026": 4, "2027": 2}


def test_rules_page__blank_year__clears_its_override(w: World) -> None:
    # given 2027 with its own deadline
    MonitoringRules.objects.create(agreement=w.p.agreement, decommitment_lag_overrides={"2027": 2})
    # when the coordinator empties the 2027 input
    response = _client(w.coordinator).post(reverse("monitoring:rules"), _rules_post(decommitment_lag_2027=""))
    # then 2027 follows the default deadline again
    assert response.status_code == 302
    assert MonitoringRules.objects.get().decommitment_lag_overrides == {}


def test_rules_page__bad_year_value__refused_on_that_years_input(w: World) -> None:
    response = _client(w.coordinator).post(
        reverse("monitoring:rules"), _rules_post(decommitment_lag_2027="9")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["decommitment_lag_2027"]
    assert "2027" in str(errors["decommitment_lag_2027"])
    body = response.content.decode()
    assert 'href="#id_decommitment_lag_2027"' in body
    assert not MonitoringRules.objects.exists()


def test_national_view__ministry_sees_every_agreement_and_the_pool(w: World) -> None:
    # given a national pool of 10 300 000 € in 2025
    NationalFrame.objects.update_or_create(
        period=w.p.agreement.period, year=2025, defaults={"amount": D("10300000.00")}
    )
    # when the ministry opens the national view
    response = _client(w.ministry).get(reverse("monitoring:national"))
    # then it lists the agreement with its committed money, and the pool split
    assert response.status_code == 200
    data = response.context["data"]
    figures = next(a for a in data.agreements if a.agreement == w.p.agreement)
    assert figures.committed == D("115500.00")  # ERDF 77 000 + state 38 500
    assert figures.projects == 1
    assert data.unallocated is not None
    year = data.years.index(2025)
    framed = sum((row.cells[year] for row in data.pool_rows), D(0))
    assert data.unallocated.cells[year] == D("10300000.00") - framed
    # and the steering group may not see it
    assert _client(w.steering).get(reverse("monitoring:national")).status_code == 403


@override_settings(SALKKU_MONITORING_CACHE=True)
def test_dashboard__served_from_its_snapshot__after_a_change_recomputed_in_the_background(
    w: World, django_capture_on_commit_callbacks
) -> None:
    client = _client(w.steering)
    url = reverse("monitoring:dashboard")
    # given the dashboard computed once (a page never computed before is computed at once)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    assert Snapshot.objects.count() == 1
    # when it is asked for again, nothing having changed
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    # then it comes from the stored page, with far fewer queries
    assert len(second.captured_queries) < len(first.captured_queries) - 5
    # when the coordinator adds a target (an audited change)
    _client(w.coordinator).post(
        reverse("monitoring:targets"),
        {"kind": "solutions", "target": "7", "start_year": "2025", "target_year": "2027"},
    )
    # then the next request shows the figures computed before, says new ones are coming, and sends
    # their computation to the task queue (run here when the request's transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        stale = client.get(url).content.decode()
    assert "New figures are being computed" in stale
    assert "Solutions adopted by the cities" not in stale
    refresh = Refresh.objects.get()
    assert (refresh.status, refresh.progress) == ("done", 100)
    # and the progress box says they are ready and makes the page reload
    status = client.get(reverse("monitoring:refresh_status", args=[refresh.pk]), HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"
    # and the page now shows the new target, for every reader of it
    fresh = client.get(url).content.decode()
    assert "Solutions adopted by the cities" in fresh and "New figures are being computed" not in fresh
    assert Snapshot.objects.count() == 2  # the steering group's and the readers' variant


@override_settings(SALKKU_MONITORING_CACHE=True)
def test_refresh_status__another_agreements_reader_is_refused(w: World) -> None:
    refresh = Refresh.objects.create(
        page=f"dashboard:{w.p.agreement.pk}:fi", agreement=w.p.agreement, version=1, day=dt.date(2026, 1, 1)
    )
    assert (
        _client(w.implementer).get(reverse("monitoring:refresh_status", args=[refresh.pk])).status_code == 403
    )
    assert _client(w.ministry).get(reverse("monitoring:refresh_status", args=[refresh.pk])).status_code == 200


def test_breakdowns__earned_and_paid_by_theme_and_city_add_up(w: World) -> None:
    # given a report of 60 000 € of costs and 30 000 € of ERDF paid, and the project adopted by two cities
    from monitoring.selectors import dashboard
    from monitoring.views import build_charts

    submit(w, w.reports[0], dt.date(2025, 7, 20), spending=spending("60000.00"))
    w.project.proposal.adopting_cities.set(w.p.cities[:2])
    PaymentClaim.objects.create(
        project=w.project,
        fund="ERDF",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        status="paid",
        claimed=D("30000.01"),
        approved=D("30000.01"),
        paid=D("30000.01"),
        paid_on=dt.date(2025, 9, 1),
        filed_by=w.implementer,
    )
    health = agreement_health(w.p.agreement, dt.date(2025, 10, 1))
    charts = build_charts(dashboard(w.p.agreement), health)
    (project,) = health.projects
    # then the theme table's totals are the project's earned and paid money
    themes = charts["themes"][1]
    assert themes is not None
    *_, earned, paid = themes["rows"][-1]
    assert (earned, paid) == (project.earned, D("30000.01"))
    # and each city has half, the odd cent to the first
    cities = [row for row in charts["cities"][1]["rows"] if row[1]]
    assert sorted(row[-1] for row in cities) == [D("15000.00"), D("15000.01")]
    # and the money earned is the costs times the commitment per planned euro: 60 000 × 115 500 / 170 000
    assert project.earned == D("40764.71")


@override_settings(SALKKU_MONITORING_CACHE=True)
def test_snapshot_drawn_by_older_code__shown_once_then_drawn_anew(
    w: World, django_capture_on_commit_callbacks
) -> None:
    from django.core.cache import cache

    client = _client(w.steering)
    url = reverse("monitoring:dashboard")
    client.get(url)
    # given the stored page was drawn by an earlier release (other templates), the data unchanged
    Snapshot.objects.update(layout="an-older-release", body="<p>old layout</p>")
    cache.clear()  # a new release starts new processes
    # then it is shown while the page is drawn anew in the background, and then no more
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url).content.decode()
    assert "old layout" in first and "New figures are being computed" in first
    assert "old layout" not in client.get(url).content.decode()


def test_committed_by_year__the_same_as_the_frame_table(w: World) -> None:
    # given the project with flat-rate indirect costs on personnel (eligible costs differ from direct ones)
    from monitoring.selectors import dashboard

    data = dashboard(w.p.agreement)
    health = agreement_health(w.p.agreement, dt.date(2025, 10, 1))
    # then the yearly committed money of the spending chart is the frame table's, to the cent
    frames = data.overview.frames
    table = {y: cell.committed for y, cell in zip(frames.years, frames.year_totals, strict=True)}
    assert {y.year: y.committed for y in health.years} == table


def test_project_page__money_figures_named_and_explained(w: World) -> None:
    # given the project: direct costs 170 000 €, eligible costs more (the flat-rate indirect costs)
    # when the coordinator opens the project page (in English)
    response = _client(w.coordinator).get(reverse("projects:project_detail", args=[w.project.pk]))
    body = re.sub(r"\s+", " ", response.content.decode())
    eligible = response.context["plan"].eligible_total
    assert eligible > D("170000.00")
    # then each amount has its own name: eligible costs, planned direct costs, granted and paid funding,
    # and no amount is only called "approved"
    assert re.search(
        r"Approved eligible costs</dt> ?<dd[^>]*>€?\s?" + re.escape(f"{eligible:,.2f}"[:3]), body
    )
    assert re.search(r"Planned direct costs</dt> ?<dd[^>]*>€?\s?170", body)
    assert "Granted EU and state funding" in body and "EU and state funding paid" in body
    assert "What do these figures mean?" in body
    assert "; approved " not in body


@pytest.mark.parametrize("target", ["abc", "", "1.5", "-1", "99999999999999999999"])
def test_targets_page__remove_with_a_bad_target_id__not_found_not_an_error(w: World, target: str) -> None:
    # given one target
    ThemeTarget.objects.create(
        agreement=w.p.agreement, kind=TargetKind.SOLUTIONS, target=D("3"), start_year=2025, target_year=2027
    )
    # when the coordinator asks to remove a target named by something that is no id
    response = _client(w.coordinator).post(
        reverse("monitoring:targets"), {"action": "remove", "target": target}
    )
    # then the answer is "not found", nothing is removed and nothing breaks
    assert response.status_code == 404
    assert ThemeTarget.objects.count() == 1
