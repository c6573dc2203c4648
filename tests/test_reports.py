"""The annual report to the ministry (reports/): its figures reconcile with the database as of a date,
the three formats are reproducible byte for byte, versions, the command, the languages, the pages and who
may use them.

The world: an agreement (``build_agreement``) with four funded projects (``add_funded_projects``: ERDF
77 000,00, STATE 38 500,00 and own 77 000,00 € each). Three were decided by 31.12.2025, one after it;
progress reports and payment claims sit on both sides of the date, in Helsinki time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEntry
from cores.cofinancing import FRAME_SOURCES
from cores.money import total
from pipeline.models import BudgetLine, FinancingLine, IndicatorTarget
from programme.models import Agreement, Indicator
from progress.models import (
    PaymentClaim,
    ProgressReport,
    ReportIndicator,
    ReportRisk,
    ReportSolution,
    ReportSpending,
    ReportStatus,
)
from progress.services import ensure_reports
from projects.models import FundingDecision, Project
from reports import services
from reports.data import AnnualReportData, Table, annual_data, data_digest
from reports.models import AnnualReport
from reports.models import ReportStatus as RunStatus
from reports.render import column_widths, render
from tests.factories import AgreementFactory, UserFactory
from tests.pages_data import Portfolio, add_funded_projects, build_agreement

pytestmark = pytest.mark.django_db

D = Decimal
AS_OF = dt.date(2025, 12, 31)


def helsinki(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


class World:
    def __init__(self) -> None:
        self.p: Portfolio = build_agreement()
        self.agreement = self.p.agreement
        helsinki_city, espoo = self.p.cities
        self.user = self.p.coordinator
        projects = add_funded_projects(self.p, 4)
        self.decided, self.late = projects[:3], projects[3]
        for project, day in zip(
            projects,
            (dt.date(2025, 3, 1), dt.date(2025, 6, 15), AS_OF, dt.date(2026, 1, 15)),
            strict=True,
        ):
            FundingDecision.objects.create(project=project, decided_on=day, recorded_by=self.user)
        p0, p1, p2 = self.decided
        p0.proposal.adopting_cities.set([helsinki_city, espoo])
        p1.proposal.adopting_cities.set([helsinki_city])
        self.late.proposal.adopting_cities.set([helsinki_city, espoo])
        # odd cents (split between two cities), an ESF+ line, and a project with no yearly budget
        FinancingLine.objects.create(project=p0, source="ERDF", amount=D("0.03"))
        FinancingLine.objects.create(project=p1, source="ESF+", amount=D("1234.56"))
        BudgetLine.objects.filter(project=p2).delete()

        indicator = Indicator.objects.create(code="RCO01", kind="output", name_en="Enterprises", unit="kpl")
        t0 = IndicatorTarget.objects.create(project=p0, indicator=indicator, target=D("10"))
        IndicatorTarget.objects.create(project=p1, indicator=indicator, target=D("4"))

        r0 = ensure_reports(p0)
        self.report(
            r0[0],
            ReportStatus.APPROVED,
            helsinki(2025, 7, 20, 10),
            {"ERDF": "10000.10", "STATE": "5000.00", "OWN": "7000.00"},
        )
        ReportRisk.objects.create(report=r0[0], text="Rekrytointi viivästyy", level="high")
        ReportRisk.objects.create(report=r0[0], text="Pieni riski", level="low")
        ReportSolution.objects.create(
            report=r0[0], organisation=helsinki_city, description="Katuvalot ohjaukseen."
        )
        ReportIndicator.objects.create(report=r0[0], target=t0, actual=D("3"))
        # submitted in the last half hour of the day in Helsinki: counts
        self.report(r0[1], ReportStatus.SUBMITTED, helsinki(2025, 12, 31, 23, 30), {"ERDF": "2000.05"})
        ReportRisk.objects.create(report=r0[1], text="Toimittaja myöhässä", level="medium")
        ReportIndicator.objects.create(report=r0[1], target=t0, actual=D("5"))
        r1 = ensure_reports(p1)
        # half an hour into 1.1.2026 in Helsinki (still 31.12.2025 in UTC): does not count
        self.report(r1[0], ReportStatus.SUBMITTED, helsinki(2026, 1, 1, 0, 30), {"ERDF": "999.00"})
        ReportSolution.objects.create(report=r1[0], organisation=espoo, description="Myöhässä.")
        # returned for changes: does not count
        self.report(r1[1], ReportStatus.RETURNED, helsinki(2025, 8, 1, 12), {"STATE": "555.00"})
        r3 = ensure_reports(self.late)
        # a project decided after the date does not count, whatever its reports
        self.report(r3[0], ReportStatus.APPROVED, helsinki(2025, 7, 1, 12), {"ERDF": "777.00"})

        self.claim(p0, "ERDF", "4000.00", dt.date(2025, 12, 31))
        self.claim(p0, "STATE", "1000.00", dt.date(2026, 1, 2))  # after the date
        self.claim(p1, "STATE", "250.50", dt.date(2025, 3, 1))
        self.claim(p1, "ERDF", None, None)  # approved, not paid
        self.claim(self.late, "ERDF", "300.00", dt.date(2025, 12, 1))  # a project decided later

    def report(self, report: ProgressReport, status: str, at: dt.datetime, spending: dict[str, str]) -> None:
        report.status, report.first_submitted_at, report.submitted_at = status, at, at
        report.narrative = "Edistyttiin."
        report.save()
        for source, amount in spending.items():
            ReportSpending.objects.create(
                report=report,
                year=report.period_start.year,
                category="personnel",
                source=source,
                amount=D(amount),
            )

    def claim(self, project: Project, fund: str, paid: str | None, on: dt.date | None) -> None:
        start = dt.date(2025, 1, 1) if fund != "ERDF" or paid else dt.date(2025, 7, 1)
        PaymentClaim.objects.create(
            project=project,
            fund=fund,
            period_start=start,
            period_end=start + dt.timedelta(days=180),
            status="paid" if paid else "approved",
            claimed=D("5000.00"),
            approved=D("5000.00"),
            paid=D(paid) if paid else None,
            paid_on=on,
            filed_by=self.user,
        )


@pytest.fixture
def w() -> World:
    return World()


def table(data: AnnualReportData, key: str) -> Table:
    return next(t for s in data.sections for t in s.tables if t.key == key)


def column(t: Table, label: str) -> list[Decimal]:
    i = [c.label for c in t.columns].index(label)
    return [row[i] for row in t.rows if row[i] is not None]


def db_committed(agreement: Agreement, as_of: dt.date) -> Decimal:
    return total(
        FinancingLine.objects.filter(
            project__agreement=agreement,
            project__is_historical=False,
            project__funding_decision__decided_on__lte=as_of,
            source__in=FRAME_SOURCES,
        ).values_list("amount", flat=True)
    )


# --- figures reconcile with the database ----------------------------------------------------------


def test_committed_money__theme_city_and_fund_year_tables_each_sum_to_the_database(w: World) -> None:
    # given the frame-source financing of the projects decided by the date, summed in the database
    in_db = db_committed(w.agreement, AS_OF)
    assert in_db == 3 * (D("77000.00") + D("38500.00")) + D("0.03") + D("1234.56")
    # when the report's data is made
    data = annual_data(w.agreement, AS_OF, "fi")
    # then the theme table's rows and its total row are that sum, to the cent
    themes = table(data, "themes")
    assert total(column(themes, "Yhteensä")) == in_db
    assert themes.total is not None and themes.total[4] == in_db
    # and so are the city table's (a project's money split between its adopting cities)
    cities = table(data, "cities")
    assert total(column(cities, "Yhteensä")) == in_db
    # and the fund × year table's committed money, the project without a yearly budget included
    by_year = table(data, "frames-by-year")
    assert total(column(by_year, "Sidottu")) == in_db
    assert any(row[0] == "ei vuosibudjettia" for row in by_year.rows)
    assert total(column(table(data, "frames-by-fund"), "Sidottu")) == in_db
    # and the project list and the key figures
    assert table(data, "projects").total[6] == in_db
    assert data.facts.committed == in_db


def test_city_split__equal_parts_with_the_odd_cent_to_the_first_city(w: World) -> None:
    # when the report's data is made
    data = annual_data(w.agreement, AS_OF, "fi")
    # then the project of both cities gives each half of its money, the odd cent to Espoo (first by name)
    by_city = {r.label: r for r in data.facts.by_city}
    helsinki_city, espoo = w.p.cities
    p0 = D("77000.03") + D("38500.00")
    p1 = D("77000.00") + D("38500.00") + D("1234.56")
    assert by_city[espoo.name].total == D("57750.02")
    assert by_city[helsinki_city.name].total == p0 - D("57750.02") + p1
    assert by_city["Ei sopimuksen kaupunkia käyttöönottajana"].projects == 1


def test_project_decided_after_the_date__is_absent_and_appears_later(w: World) -> None:
    # when the report is made as of 31.12.2025 and as of 31.1.2026
    before = annual_data(w.agreement, AS_OF, "fi")
    after = annual_data(w.agreement, dt.date(2026, 1, 31), "fi")
    # then the project decided on 15.1.2026 is only in the later one, with its money
    names = [row[0] for row in table(before, "projects").rows]
    assert not any(w.late.name in str(n) for n in names)
    assert len(names) == 3
    assert any(w.late.name in str(row[0]) for row in table(after, "projects").rows)
    assert after.facts.committed - before.facts.committed == D("115500.00")
    assert after.facts.committed == db_committed(w.agreement, dt.date(2026, 1, 31))


def test_spending_and_paid__equal_the_database_sums_with_the_date_rules(w: World) -> None:
    # given the database's spending of reports first submitted by the date (Helsinki) and now submitted
    # or approved, and the claims paid by the date, of the projects decided by then
    decided = [p.pk for p in w.decided]
    reports = [
        r
        for r in ProgressReport.objects.filter(project_id__in=decided, status__in=["submitted", "approved"])
        if r.first_submitted_at and timezone.localdate(r.first_submitted_at) <= AS_OF
    ]
    spent = total(ReportSpending.objects.filter(report__in=reports).values_list("amount", flat=True))
    paid = total(
        PaymentClaim.objects.filter(
            project_id__in=decided, paid__isnull=False, paid_on__lte=AS_OF
        ).values_list("paid", flat=True)
    )
    assert spent == D("10000.10") + D("5000.00") + D("7000.00") + D("2000.05")
    assert paid == D("4000.00") + D("250.50")
    # when the report's data is made
    data = annual_data(w.agreement, AS_OF, "fi")
    # then the spending and payment tables add up to those sums, by year and fund as well
    spending, payments = table(data, "spending"), table(data, "paid")
    assert total(column(spending, "Yhteensä")) == spent == spending.total[-1]
    assert total(column(payments, "Yhteensä")) == paid == payments.total[-1]
    assert payments.rows == (("2025", D("4000.00"), D("250.50"), D("4250.50")),)
    assert data.facts.reports_counted == 2


def test_solutions_risks_and_indicators__from_the_reports_submitted_by_the_date(w: World) -> None:
    # when the report's data is made
    data = annual_data(w.agreement, AS_OF, "fi")
    # then the solution of the report submitted on 1.1.2026 is left out
    assert [(s.organisation, s.description) for s in data.facts.solutions] == [
        (w.p.cities[0].name, "Katuvalot ohjaukseen.")
    ]
    # and the risks are the high and medium ones of each project's latest report only
    assert [(r.level, r.text) for r in data.facts.risks] == [("medium", "Toimittaja myöhässä")]
    # and the indicator's target is both projects', its value the latest report's
    (line,) = data.facts.indicators
    assert (line.projects, line.target, line.reporting, line.reported) == (2, D("14"), 1, D("5"))


def test_steering_sections__targets_statuses_and_outlook_as_of_the_date(w: World) -> None:
    # given the steering group's target of one adopted solution by 2027
    from monitoring.models import TargetKind, ThemeTarget

    ThemeTarget.objects.create(
        agreement=w.agreement, kind=TargetKind.SOLUTIONS, target=D("1"), start_year=2025, target_year=2027
    )
    data = annual_data(w.agreement, AS_OF, "en")
    # then the target is reached by the date (Helsinki's solution; Espoo's came after it)
    targets = table(data, "targets")
    assert [row[3] for row in targets.rows] == ["Reached"]
    # and the project whose first report was due on 30.7.2025 and came only on 1.1.2026 was late then
    attention = table(data, "attention")
    late = [row for row in attention.rows if str(row[0]).startswith(w.decided[1].code)]
    assert late and late[0][1] == "Late" and "Progress report 1 was due on" in str(late[0][2])
    # and the outlook's payments reconcile with the payments section (both: paid by the date)
    forecast = table(data, "forecast")
    paid_column = [c.label for c in forecast.columns].index("Paid")
    assert forecast.total is not None and forecast.total[paid_column] == data.facts.paid_total
    # and the status counts add up to the projects decided by the date
    counts = table(data, "status-counts")
    assert counts.total is not None and counts.total[1] == len(data.facts.projects)


def test_annual_data__a_fixed_number_of_queries(w: World) -> None:
    # given the count for the world
    with CaptureQueriesContext(connection) as small:
        annual_data(w.agreement, AS_OF, "fi")
    # when more projects, with reports, are decided
    for project in add_funded_projects(w.p, 5):
        FundingDecision.objects.create(project=project, decided_on=dt.date(2025, 5, 5))
        w.report(ensure_reports(project)[0], ReportStatus.APPROVED, helsinki(2025, 7, 1, 9), {"ERDF": "1.00"})
    with CaptureQueriesContext(connection) as large:
        data = annual_data(w.agreement, AS_OF, "fi")
    # then the number of queries is the same
    assert len(data.facts.projects) == 8
    assert len(large) == len(small)


# --- reproducible files and versions ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "html"])
def test_render__same_data_give_identical_bytes_and_a_change_other_bytes(w: World, fmt: str) -> None:
    # when the report is rendered twice from data loaded twice
    first = render(annual_data(w.agreement, AS_OF, "fi"), fmt, version=1)
    second = render(annual_data(w.agreement, AS_OF, "fi"), fmt, version=1)
    # then the bytes are identical
    assert first == second
    assert first[:4] in (b"%PDF", b"PK\x03\x04", b"<!DO")
    if fmt == "pdf":  # invariant mode, and the as-of date as its creation date: never the clock
        assert b"/CreationDate (D:20251231000000" in first
    # and a change of the data changes them
    FinancingLine.objects.create(project=w.decided[0], source="STATE", amount=D("1.00"))
    assert render(annual_data(w.agreement, AS_OF, "fi"), fmt, version=1) != first


def test_generate__same_data_is_unchanged__a_change_makes_a_new_version(w: World) -> None:
    # given a stored PDF report
    first = services.generate(w.agreement, AS_OF, "fi", "pdf", user=w.user)
    assert (first.status, first.version) == (RunStatus.DONE, 1)
    assert bytes(first.content)[:4] == b"%PDF"
    # when it is made again from the same data
    again = services.generate(w.agreement, AS_OF, "fi", "pdf", user=w.user)
    # then nothing new is stored: the run names version 1, with its digest
    assert again.status == RunStatus.DONE and again.version is None and again.same_as_id == first.pk
    assert again.content_digest == first.content_digest and not again.content
    # when the data change
    FinancingLine.objects.create(project=w.decided[0], source="ERDF", amount=D("10.00"))
    changed = services.generate(w.agreement, AS_OF, "fi", "pdf", user=w.user)
    # then a new version is stored with another digest
    assert changed.version == 2 and changed.content_digest != first.content_digest
    assert changed.data_digest != first.data_digest
    # and another format or language of the same data counts its own versions
    assert services.generate(w.agreement, AS_OF, "sv", "pdf").version == 1
    # and each run is audited
    actions = list(
        AuditEntry.objects.filter(action__startswith="annual_report.").values_list("action", flat=True)
    )
    assert actions.count("annual_report.created") == 4
    assert actions.count("annual_report.stored") == 3 and actions.count("annual_report.unchanged") == 1


def test_generate__a_failure_is_recorded_without_a_version(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a renderer that breaks
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("vl-convert broke")

    monkeypatch.setattr(services, "render", broken)
    # when a report is made
    report = services.generate(w.agreement, AS_OF, "fi", "html")
    # then it failed, saying why, and holds no version number
    assert report.status == RunStatus.FAILED and report.version is None
    assert "vl-convert broke" in report.error


# --- the command -----------------------------------------------------------------------------------


def test_command__writes_a_pdf_and_says_where_version_and_digest(w: World, tmp_path: Path) -> None:
    # when the command makes the PDF
    out = StringIO()
    target = tmp_path / "vuosiraportti.pdf"
    args = ["report", "annual", "--agreement", w.agreement.slug, "--as-of", "2025-12-31"]
    call_command(*args, "--lang", "fi", "--format", "pdf", "--output", str(target), stdout=out)
    # then the file is a PDF, stored as version 1, and the output says so
    content = target.read_bytes()
    assert content.startswith(b"%PDF")
    stored = AnnualReport.objects.get(version=1, format="pdf")
    assert bytes(stored.content) == content
    text = out.getvalue()
    assert "stored as version 1" in text and stored.content_digest in text and str(target) in text
    # when it is run again with the same data
    out = StringIO()
    call_command(*args, "--format", "pdf", "--output", str(target), stdout=out)
    # then it says nothing changed and writes the same bytes
    assert "unchanged" in out.getvalue() and target.read_bytes() == content


def test_command__xlsx_reads_back_with_the_figures(w: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    # when the command makes the workbook
    target = tmp_path / "raportti.xlsx"
    call_command(
        "report",
        "annual",
        "--as-of",
        "2025-12-31",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=StringIO(),
    )
    # then openpyxl reads it: a sheet per section, money as exact numbers in euros
    book = load_workbook(target)
    assert len(book.sheetnames) == 1 + len(annual_data(w.agreement, AS_OF, "fi").sections)
    sheet = book[next(n for n in book.sheetnames if n.startswith("3 "))]  # projects by theme
    rows = list(sheet.iter_rows(values_only=True))
    total_row = next(r for r in rows if r[0] == "Yhteensä")
    assert D(str(total_row[4])) == db_committed(w.agreement, AS_OF)
    money_cell = next(c for row in sheet.iter_rows() for c in row if c.value == total_row[4])
    assert "€" in money_cell.number_format
    # and the zip's entries carry the as-of date, not the clock
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2025, 12, 31, 0, 0, 0)}
    assert book.properties.created == dt.datetime(2025, 12, 31)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agreement", "ei-ole"], "no agreement 'ei-ole'"),
        (["--as-of", "31.12.2025"], "is not a date"),
        (["--lang", "de"], "--lang 'de' is not one of fi, sv, en"),
        (["--format", "docx"], "--format 'docx' is not one of pdf, xlsx, html"),
        (["--as-of", "2999-01-01"], "is in the future"),
    ],
)
def test_command__clear_errors(w: World, args: list[str], message: str) -> None:
    # when the command is given a wrong agreement, date, language or format
    options = {"--as-of": "2025-12-31", "--lang": "fi", "--format": "pdf"}
    for i in range(0, len(args), 2):
        options[args[i]] = args[i + 1]
    argv = [part for pair in options.items() for part in pair]
    # then it stops with a message that names the problem
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("report", "annual", *argv, stdout=StringIO())
    assert not AnnualReport.objects.exists()


# --- languages and formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "headings", "money"),
    [
        (
            "fi",
            ["Tiivistelmä", "Kehys ja sidottu rahoitus", "Hankkeet teemoittain"],
            "347\u202f734,59\u00a0€",
        ),
        (
            "sv",
            ["Sammanfattning", "Ram och bunden finansiering", "Projekt per tema"],
            "347\u202f734,59\u00a0€",
        ),
        ("en", ["Summary", "Frame and commitments", "Projects by theme"], "€347,734.59"),
    ],
)
def test_languages__each_renders_with_its_own_headings_and_numbers(
    w: World, lang: str, headings: list[str], money: str
) -> None:
    # when the report is made in the language
    data = annual_data(w.agreement, AS_OF, lang)
    html = render(data, "html", version=1).decode()
    # then its headings are in that language, and its money in that language's format
    assert [s.title for s in data.sections][:3] == headings
    assert f'<html lang="{lang}">' in html
    for heading in headings:
        assert heading in html
    assert money in html  # the committed total: three projects, the odd cents and ESF+
    # and the Finnish headings are not in the Swedish or English report
    if lang != "fi":
        assert "Tiivistelmä" not in html and "Sidottu yhteensä" not in html


def test_html__standalone_with_inline_charts_and_a_table_for_every_chart(w: World) -> None:
    # when the HTML is made
    data = annual_data(w.agreement, AS_OF, "fi")
    html = render(data, "html", version=3).decode()
    # then it fetches nothing (no external script, style sheet or image)
    assert "<script" not in html and "<link" not in html and 'src="http' not in html
    # and every chart is an inline PNG with its description, with its section's table
    charted = [s for s in data.sections if s.chart and s.has_rows]
    assert len(charted) >= 4
    assert html.count('<img src="data:image/png;base64,') == len(charted)
    assert 'alt="Bars of the committed EU and state money of each theme."' not in html  # translated
    assert 'alt="Pylväät' in html
    for section in charted:
        assert f'id="{section.key}"' in html and section.tables[0].title in html
    # and the version and the data digest are named
    assert data_digest(data)[:8] in html


def test_empty_agreement__every_section_explains_why_it_is_empty() -> None:
    # given an agreement with no project
    agreement = build_agreement().agreement
    # when the report is made
    data = annual_data(agreement, AS_OF, "fi")
    # then each section without rows says why, and every format is made
    empty = [s for s in data.sections if not s.has_rows]
    assert {s.key for s in empty} >= {"themes", "projects", "spending", "paid", "solutions", "risks"}
    assert all(s.empty for s in empty)
    html = render(data, "html", version=1).decode()
    for section in empty:
        assert section.empty in html
    assert render(data, "pdf", version=1).startswith(b"%PDF")
    assert render(data, "xlsx", version=1).startswith(b"PK")


def test_pdf__wide_tables_get_landscape_pages_and_figures_never_wrap(w: World) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    # given the report's tables
    data = annual_data(w.agreement, AS_OF, "fi")
    projects = table(data, "projects")
    # then the project list is too wide for a portrait page at the normal size, not for a landscape one
    assert column_widths(projects, A4[0] - 40 * mm, 8.5) is None
    widths = column_widths(projects, A4[1] - 40 * mm, 8.5)
    assert widths is not None and sum(widths) <= A4[1] - 40 * mm + 0.01
    # and the PDF has a landscape page
    pdf = render(data, "pdf", version=1)
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in pdf
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf


# --- pages ---------------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages__coordinator_starts_a_report_in_the_background_follows_it_and_downloads(
    w: World, django_capture_on_commit_callbacks
) -> None:
    client = _client(w.user)
    # when the coordinator asks for an XLSX report in Swedish (tasks run at once in tests)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:agreement", args=[w.agreement.slug]),
            {"as_of": "2025-12-31", "lang": "sv", "format": "xlsx"},
        )
    # then it is made, stored as version 1 and audited as theirs
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert (report.status, report.version, report.lang, report.progress) == (RunStatus.DONE, 1, "sv", 100)
    assert report.task_id
    created = AuditEntry.objects.get(action="annual_report.created")
    assert (created.actor, created.agreement_id, created.after["lang"]) == (w.user, w.agreement.pk, "sv")
    # and its page shows it ready, with the download
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Tallennettu versiona 1" in page and reverse("reports:download", args=[report.pk]) in page
    # and the status box tells htmx to reload the page once finished
    status = client.get(reverse("reports:status", args=[report.pk]), headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true"
    # and the download is the stored workbook
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200 and download.content == bytes(report.content)
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{w.agreement.slug}-annual-report-2025-12-31-sv-v1.xlsx" in download["Content-Disposition"]
    # and the list shows it
    listing = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:detail", args=[report.pk]) in listing


def test_pages__a_queued_report_shows_its_progress_and_polls(w: World) -> None:
    # given a report waiting for a worker (on-commit callbacks not run)
    client = _client(w.user)
    client.post(
        reverse("reports:index"),
        {"agreement": w.agreement.slug, "as_of": "2025-12-31", "lang": "fi", "format": "pdf"},
    )
    report = AnnualReport.objects.get()
    assert report.status == RunStatus.QUEUED
    # when its page is opened
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    # then the status box polls its own URL
    assert f'hx-get="{reverse("reports:status", args=[report.pk])}"' in page
    # and the download is not there yet
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_pages__a_future_date_is_refused_with_the_field_named(w: World) -> None:
    # when the coordinator asks for a report of a date in the future
    response = _client(w.user).post(
        reverse("reports:index"),
        {"agreement": w.agreement.slug, "as_of": "2999-01-01", "lang": "fi", "format": "pdf"},
    )
    # then the form says what is wrong and nothing is made
    assert response.status_code == 400
    assert "Päivä ei voi olla tulevaisuudessa." in response.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.FUNDING_AUTHORITY])
def test_pages__other_roles_get_403(w: World, role: str) -> None:
    # given a stored report and a user of another role in the agreement
    report = services.generate(w.agreement, AS_OF, "fi", "html")
    user = UserFactory.with_role(
        role, agreement=w.agreement, organisation=w.p.university, username=f"r-{role}"
    )
    client = _client(user)
    # when they open the pages, download or ask for a report
    # then every answer is 403 and nothing is made
    for url in (
        reverse("reports:index"),
        reverse("reports:agreement", args=[w.agreement.slug]),
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:status", args=[report.pk]),
        reverse("reports:download", args=[report.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("reports:index"),
        {"agreement": w.agreement.slug, "as_of": "2025-12-31", "lang": "fi", "format": "pdf"},
    )
    assert response.status_code == 403
    assert AnnualReport.objects.count() == 1


def test_pages__steering_group_of_another_agreement_is_refused(w: World) -> None:
    # given a steering-group member of another agreement
    other = AgreementFactory(slug="other-region")
    member = UserFactory.with_role(Role.STEERING_GROUP, agreement=other, username="other-steering")
    report = services.generate(w.agreement, AS_OF, "fi", "html")
    client = _client(member)
    # when they open this agreement's report or post a report of it on their own list
    # then another agreement's report is not found (404, docs/access.md), and their list does not show it
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:agreement", args=[w.agreement.slug])).status_code == 404
    assert (
        reverse("reports:detail", args=[report.pk])
        not in client.get(reverse("reports:index")).content.decode()
    )
    response = client.post(
        reverse("reports:index"),
        {"agreement": w.agreement.slug, "as_of": "2025-12-31", "lang": "fi", "format": "pdf"},
    )
    assert response.status_code == 400  # not a choice for them
    assert AnnualReport.objects.count() == 1
