"""Progress reports and payment claims of funded projects (progress/).

The project of ``add_funded_projects``: 1.1.2025–31.12.2026, led by Helsinki (cities[0]); financing ERDF
77 000,00, STATE 38 500,00 and own 77 000,00 €. One indicator target (RCO01, 10 enterprises) is added here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.models import Role
from audit.models import AuditEntry
from pipeline.models import IndicatorTarget
from programme.models import Indicator
from progress import services
from progress.models import ClaimStatus, PaymentClaim, ProgressReport, ReportStatus
from tests.factories import UserFactory
from tests.pages_data import add_funded_projects, build_agreement

pytestmark = pytest.mark.django_db
D = Decimal


class World:
    def __init__(self) -> None:
        p = build_agreement()
        a = p.agreement
        self.p = p
        self.project = add_funded_projects(p, 1)[0]
        indicator = Indicator.objects.create(code="RCO01", kind="output", name_en="Enterprises", unit="kpl")
        self.target = IndicatorTarget.objects.create(
            project=self.project, indicator=indicator, target=D("10")
        )
        self.implementer = UserFactory.applicant(p.cities[0], a, username="toteuttaja")
        self.stranger = UserFactory.applicant(p.company, a, username="muu-hakija")
        self.coordinator = p.coordinator
        self.steering = UserFactory.with_role(
            Role.STEERING_GROUP, agreement=a, organisation=p.cities[1], username="ohjaus"
        )
        self.authority = UserFactory.with_role(
            Role.FUNDING_AUTHORITY, agreement=a, organisation=p.authority, username="viranomainen"
        )
        self.ministry = UserFactory.with_role(Role.MINISTRY, username="ministerio")
        self.reports = services.ensure_reports(self.project)

    def fill(self, report: ProgressReport, **overrides: object) -> ProgressReport:
        content = {
            "narrative": "Pilotit käynnistyivät.",
            "spending": [{"year": 2025, "category": "personnel", "source": "ERDF", "amount": D("12000.50")}],
            "indicators": {self.target.pk: D("3")},
            "milestones": [{"text": "Pilotti 1", "status": "done"}],
            "risks": [{"text": "Rekrytointi viivästyy", "level": "medium"}],
            "solutions": [
                {"organisation": self.p.cities[0].pk, "description": "Katuvalojen ohjaus käyttöön."}
            ],
        } | overrides
        return services.report_save(report=report, actor=self.implementer, **content)


@pytest.fixture
def w() -> World:
    return World()


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- the schedule -----------------------------------------------------------------------------------


def test_schedule__default_six_months__four_reports_due_30_days_after_each_period(w: World) -> None:
    # given a two-year project with the default schedule (made when the reports are first listed)
    # then it has four half-year periods, each due 30 days after its end
    assert [(r.number, r.period_start, r.period_end, r.due_on) for r in w.reports] == [
        (1, dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 30)),
        (2, dt.date(2025, 7, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 30)),
        (3, dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 7, 30)),
        (4, dt.date(2026, 7, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 30)),
    ]
    # and listing again makes no more
    assert len(services.ensure_reports(w.project)) == 4
    assert ProgressReport.objects.filter(project=w.project).count() == 4


def test_report_periods__uneven_end_and_month_ends() -> None:
    # given a project that starts mid-month and ends before a full period
    periods = services.report_periods(dt.date(2025, 1, 31), dt.date(2025, 9, 15), months=3, due_days=10)
    # then the periods follow the start date (clamped to month ends) and the last ends with the project
    assert [(p.start, p.end, p.due) for p in periods] == [
        (dt.date(2025, 1, 31), dt.date(2025, 4, 29), dt.date(2025, 5, 9)),
        (dt.date(2025, 4, 30), dt.date(2025, 7, 30), dt.date(2025, 8, 9)),
        (dt.date(2025, 7, 31), dt.date(2025, 9, 15), dt.date(2025, 9, 25)),
    ]
    assert services.report_periods(None, dt.date(2025, 1, 1)) == []


def test_schedule_set__coordinator_changes_period__reports_remade_and_audited(w: World) -> None:
    # when the coordinator sets a quarterly schedule
    services.schedule_set(project=w.project, period_months=3, due_days=45, actor=w.coordinator)
    # then the project has eight quarterly reports due 45 days after each quarter
    reports = list(ProgressReport.objects.filter(project=w.project).order_by("period_start"))
    assert len(reports) == 8
    assert (reports[1].period_start, reports[1].period_end, reports[1].due_on) == (
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 30),
        dt.date(2025, 8, 14),
    )
    assert actions() == ["progress_schedule.set"]


def test_schedule_set__refused_for_implementer_and_after_content(w: World) -> None:
    # given an implementer, who may not set the schedule
    with pytest.raises(PermissionDenied):
        services.schedule_set(project=w.project, period_months=3, due_days=30, actor=w.implementer)
    # and a report with content
    w.fill(w.reports[0])
    # then the coordinator cannot change the schedule any more, and is told which field
    with pytest.raises(ValidationError) as error:
        services.schedule_set(project=w.project, period_months=3, due_days=30, actor=w.coordinator)
    assert "period_months" in error.value.message_dict


# --- the workflow -----------------------------------------------------------------------------------


def test_workflow__draft_submitted_returned_resubmitted_approved__each_step_audited(w: World) -> None:
    report = w.reports[0]
    # given a filled draft
    w.fill(report)
    # when the implementer submits
    report = services.report_submit(report=report, actor=w.implementer)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == w.implementer
    # and the coordinator returns it with a reason
    report = services.report_return(report=report, reason="Täydennä riskit.", actor=w.coordinator)
    assert report.status == ReportStatus.RETURNED and report.return_reason == "Täydennä riskit."
    # and the implementer edits and submits again
    w.fill(report, risks=[{"text": "Rekrytointi viivästyy", "level": "high"}])
    report = services.report_submit(report=report, actor=w.implementer)
    # and the coordinator approves
    report = services.report_approve(report=report, actor=w.coordinator)
    # then the report is approved and every change of state is in the audit log
    assert report.status == ReportStatus.APPROVED and report.decided_by == w.coordinator
    assert actions() == [
        "progress_report.saved",
        "progress_report.submitted",
        "progress_report.returned",
        "progress_report.saved",
        "progress_report.resubmitted",
        "progress_report.approved",
    ]
    entry = AuditEntry.objects.get(action="progress_report.returned")
    assert entry.agreement_id == w.project.agreement_id


def test_workflow__wrong_roles_are_refused(w: World) -> None:
    report = w.reports[0]
    # an applicant of another organisation, the coordinator and the steering group do not edit or submit
    for user in (w.stranger, w.coordinator, w.steering, w.ministry):
        with pytest.raises(PermissionDenied):
            services.report_save(report=report, actor=user, narrative="x")
        with pytest.raises(PermissionDenied):
            services.report_submit(report=report, actor=user)
    w.fill(report)
    report = services.report_submit(report=report, actor=w.implementer)
    # the implementer, the steering group, the funding authority and the ministry do not decide
    for user in (w.implementer, w.steering, w.authority, w.ministry):
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, actor=user)
        with pytest.raises(PermissionDenied):
            services.report_return(report=report, reason="x", actor=user)
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_workflow__approving_or_returning_a_draft_is_refused(w: World) -> None:
    # given a draft
    report = w.reports[0]
    # then the coordinator can neither approve nor return it
    with pytest.raises(ValidationError, match=r"Vain jätetyn|Only a submitted"):
        services.report_approve(report=report, actor=w.coordinator)
    with pytest.raises(ValidationError):
        services.report_return(report=report, reason="x", actor=w.coordinator)
    assert actions() == []


def test_return__without_reason__names_the_field(w: World) -> None:
    w.fill(w.reports[0])
    report = services.report_submit(report=w.reports[0], actor=w.implementer)
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, reason="  ", actor=w.coordinator)
    assert "reason" in error.value.message_dict


def test_submit__without_narrative_or_indicator__names_the_fields(w: World) -> None:
    # given a draft with no narrative and no indicator actual
    w.fill(w.reports[0], narrative="", indicators={})
    # when submitting, then both are named
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=w.reports[0], actor=w.implementer)
    assert set(error.value.message_dict) == {"narrative", "indicators"}
    assert "RCO01" in error.value.message_dict["indicators"][0]


def test_save__invalid_rows__name_the_part_and_row(w: World) -> None:
    with pytest.raises(ValidationError) as error:
        w.fill(
            w.reports[0],
            spending=[{"year": 2030, "category": "personnel", "source": "ERDF", "amount": D("1")}],
            risks=[{"text": "", "level": "high"}],
            solutions=[{"organisation": w.p.company.pk, "description": "x"}],
        )
    errors = error.value.message_dict
    assert set(errors) == {"spending", "risks", "solutions"}
    assert "rivi 1" in errors["spending"][0] or "row 1" in errors["spending"][0]
    assert actions() == []


def test_frozen__editing_a_submitted_or_approved_report_is_refused(w: World) -> None:
    report = w.fill(w.reports[0])
    report = services.report_submit(report=report, actor=w.implementer)
    # when the implementer tries to edit the submitted report, then it is refused and nothing changes
    with pytest.raises(ValidationError):
        w.fill(report, narrative="Muutettu")
    with pytest.raises(ValidationError):
        services.report_submit(report=report, actor=w.implementer)
    assert ProgressReport.objects.get(pk=report.pk).narrative == "Pilotit käynnistyivät."
    services.report_approve(report=report, actor=w.coordinator)
    with pytest.raises(ValidationError):
        w.fill(report, narrative="Muutettu")


def test_snapshot__holds_content_as_submitted_until_resubmitted(w: World) -> None:
    report = w.fill(w.reports[0])
    report = services.report_submit(report=report, actor=w.implementer)
    # then the snapshot holds the content at submission
    snap = report.snapshot
    assert snap["narrative"] == "Pilotit käynnistyivät."
    assert snap["spending"] == [
        {"year": 2025, "category": "personnel", "source": "ERDF", "amount": "12000.50"}
    ]
    assert snap["indicators"][0]["code"] == "RCO01" and snap["indicators"][0]["actual"] == "3.00"
    assert snap["solutions"][0]["organisation_name"] == w.p.cities[0].name
    # when returned and edited, the snapshot stays as submitted
    services.report_return(report=report, reason="Täydennä.", actor=w.coordinator)
    w.fill(report, narrative="Toinen versio")
    report.refresh_from_db()
    assert report.snapshot == snap
    # and a resubmission freezes the new content
    report = services.report_submit(report=report, actor=w.implementer)
    assert report.snapshot["narrative"] == "Toinen versio"


# --- late flag ---------------------------------------------------------------------------------------


def test_late__from_due_date_today_and_first_submission_in_helsinki_time(w: World) -> None:
    report = w.reports[0]  # due 30.7.2025
    # not submitted: late only after the due date
    assert not report.is_late_on(dt.date(2025, 7, 30))
    assert report.is_late_on(dt.date(2025, 7, 31))
    # submitted on the due date (23:30 UTC on the 29th is the 30th in Helsinki): not late
    report.first_submitted_at = dt.datetime(2025, 7, 29, 23, 30, tzinfo=dt.UTC)
    assert not report.is_late_on(dt.date(2026, 1, 1))
    # submitted at 22:30 UTC on the 30th = 01:30 on the 31st in Helsinki: late
    report.first_submitted_at = dt.datetime(2025, 7, 30, 22, 30, tzinfo=dt.UTC)
    assert report.is_late_on(dt.date(2026, 1, 1))


def test_late__submitted_now_after_the_due_date_stays_late_after_return(w: World) -> None:
    # given today is after the first report's due date (the project ran in 2025)
    report = w.fill(w.reports[0])
    assert report.due_on < timezone.localdate()
    report = services.report_submit(report=report, actor=w.implementer)
    assert report.is_late
    # a return and resubmission keep the first submission's lateness
    services.report_return(report=report, reason="x", actor=w.coordinator)
    report = services.report_submit(report=report, actor=w.implementer)
    assert report.is_late


# --- reminders ---------------------------------------------------------------------------------------


def _running_project(w: World) -> list[ProgressReport]:
    """The project, moved to run from 400 days ago to 400 days ahead, reporting monthly."""
    today = timezone.localdate()
    w.project.start_date = today - dt.timedelta(days=400)
    w.project.end_date = today + dt.timedelta(days=400)
    w.project.save()
    ProgressReport.objects.filter(project=w.project).delete()
    services.schedule_set(project=w.project, period_months=1, due_days=30, actor=w.coordinator)
    return list(ProgressReport.objects.filter(project=w.project).order_by("period_start"))


def test_remind__dry_run_lists_due_and_overdue_reports_and_sends_nothing(w: World) -> None:
    reports = _running_project(w)
    today = timezone.localdate()
    # given the oldest report was submitted
    w.fill(reports[0], spending=[])
    services.report_submit(report=reports[0], actor=w.implementer)
    expected = [r for r in reports[1:] if r.due_on <= today + dt.timedelta(days=14)]
    assert expected and any(r.due_on > today + dt.timedelta(days=14) for r in reports)
    entries = AuditEntry.objects.count()
    # when the reminders run as a dry run
    out = StringIO()
    call_command("progress", "remind", "--dry-run", stdout=out)
    # then every due or overdue unsubmitted report is listed, nothing else, and nothing is sent or recorded
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == len(expected) + 1
    assert lines[-1] == f"{len(expected)} report(s) due within 14 days or overdue (dry run: nothing sent)"
    assert "overdue by" in lines[0] and w.project.name in lines[0]
    assert f"#{reports[0].number} {reports[0].period_start.isoformat()}" not in out.getvalue()
    assert AuditEntry.objects.count() == entries and len(mail.outbox) == 0
    assert not ProgressReport.objects.filter(reminded_on__isnull=False).exists()


def test_remind__emails_implementers_and_records_once_a_day(
    w: World, django_capture_on_commit_callbacks
) -> None:
    reports = _running_project(w)
    today = timezone.localdate()
    due = [r for r in reports if r.due_on <= today + dt.timedelta(days=14)]
    # when the reminders run
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("progress", "remind", stdout=out)
    # then the implementer gets one e-mail per due report, and each reminder is recorded
    assert len(mail.outbox) == len(due)
    assert mail.outbox[0].to == [w.implementer.email]
    assert "→ toteuttaja" in out.getvalue()
    assert ProgressReport.objects.filter(reminded_on=today).count() == len(due)
    assert AuditEntry.objects.filter(action="progress_report.reminded").count() == len(due)
    # and a second run the same day does not remind again
    out = StringIO()
    call_command("progress", "remind", stdout=out)
    assert "already reminded today" in out.getvalue()
    assert AuditEntry.objects.filter(action="progress_report.reminded").count() == len(due)


# --- payment claims ----------------------------------------------------------------------------------

H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
H2 = (dt.date(2025, 7, 1), dt.date(2025, 12, 31))


def _file(w: World, fund: str, amount: str, period=H1) -> PaymentClaim:
    return services.claim_file(
        project=w.project,
        fund=fund,
        period_start=period[0],
        period_end=period[1],
        claimed=D(amount),
        actor=w.implementer,
    )


def test_claim__over_the_remaining_of_the_fund__names_fund_and_remaining(w: World) -> None:
    # given 50 000 of ERDF 77 000 claimed
    _file(w, "ERDF", "50000.00")
    # when claiming 30 000 more for the next period, then it is refused naming the fund and what remains
    with pytest.raises(ValidationError) as error:
        _file(w, "ERDF", "30000.00", H2)
    message = error.value.message_dict["claimed"][0]
    assert "ERDF" in message and "27\u202f000,00\u00a0€" in message and "77\u202f000,00\u00a0€" in message
    # and exactly the remaining is accepted
    _file(w, "ERDF", "27000.00", H2)


def test_claim__fund_without_budget_period_not_of_schedule_and_duplicates_are_refused(w: World) -> None:
    with pytest.raises(ValidationError) as error:
        _file(w, "ESF+", "10.00")
    assert "ESF+" in error.value.message_dict["fund"][0]
    with pytest.raises(ValidationError) as error:
        _file(w, "ERDF", "10.00", (dt.date(2025, 2, 1), dt.date(2025, 6, 30)))
    assert "period" in error.value.message_dict
    _file(w, "ERDF", "10.00")
    with pytest.raises(ValidationError) as error:
        _file(w, "ERDF", "10.00")
    assert "period" in error.value.message_dict


def test_claim__approve_and_pay_limits_and_roles(w: World) -> None:
    claim = _file(w, "STATE", "20000.00")
    # the implementer and the coordinator do not approve; an applicant of another organisation does not file
    for user in (w.implementer, w.coordinator):
        with pytest.raises(PermissionDenied):
            services.claim_approve(claim=claim, approved=D("1"), actor=user)
    with pytest.raises(PermissionDenied):
        services.claim_file(
            project=w.project,
            fund="STATE",
            period_start=H2[0],
            period_end=H2[1],
            claimed=D("1"),
            actor=w.stranger,
        )
    # the authority cannot approve more than claimed
    with pytest.raises(ValidationError) as error:
        services.claim_approve(claim=claim, approved=D("20000.01"), actor=w.authority)
    assert "20\u202f000,00\u00a0€" in error.value.message_dict["approved"][0]
    # nor pay before approving
    with pytest.raises(ValidationError):
        services.claim_pay(claim=claim, paid=D("1"), paid_on=timezone.localdate(), actor=w.authority)
    claim = services.claim_approve(
        claim=claim, approved=D("18000.00"), actor=w.authority, reason="Matkakulut ilman tositteita"
    )
    # nor pay more than approved, or without a date
    with pytest.raises(ValidationError) as error:
        services.claim_pay(claim=claim, paid=D("18000.01"), paid_on=None, actor=w.authority)
    assert set(error.value.message_dict) == {"paid", "paid_on"}
    claim = services.claim_pay(
        claim=claim, paid=D("18000.00"), paid_on=timezone.localdate(), actor=w.authority
    )
    assert claim.status == ClaimStatus.PAID
    assert actions() == ["payment_claim.filed", "payment_claim.approved", "payment_claim.paid"]


def test_claim_totals__reconcile_per_fund_against_budget(w: World) -> None:
    # given claims in two funds, one approved for less than claimed
    a = _file(w, "ERDF", "30000.00")
    _file(w, "ERDF", "10000.00", H2)
    s = _file(w, "STATE", "15000.00")
    services.claim_approve(
        claim=a, approved=D("25000.00"), actor=w.authority, reason="Hankinta ei tukikelpoinen"
    )
    services.claim_approve(claim=s, approved=D("15000.00"), actor=w.authority)
    services.claim_pay(claim=s, paid=D("15000.00"), paid_on=timezone.localdate(), actor=w.authority)
    # then the totals per fund add up from the claims, and the remaining counts approved amounts
    totals = {t.fund: t for t in services.claim_totals(w.project)}
    assert list(totals) == ["ERDF", "STATE"]
    erdf, state = totals["ERDF"], totals["STATE"]
    assert (erdf.budget, erdf.claimed, erdf.approved, erdf.paid, erdf.remaining) == (
        D("77000.00"),
        D("40000.00"),
        D("25000.00"),
        D("0.00"),
        D("42000.00"),
    )
    assert (state.budget, state.claimed, state.approved, state.paid, state.remaining) == (
        D("38500.00"),
        D("15000.00"),
        D("15000.00"),
        D("15000.00"),
        D("23500.00"),
    )
    for fund, row in totals.items():
        claims = PaymentClaim.objects.filter(project=w.project, fund=fund)
        assert row.claimed == sum((c.claimed for c in claims), D(0))
        assert row.remaining == services.remaining_of(w.project, fund)
    # and the freed 5 000 of ERDF may be claimed again
    _file(w, "ERDF", "42000.00", (dt.date(2026, 1, 1), dt.date(2026, 6, 30)))


def test_claim_approve__cut_without_reason__refused_nothing_written(w: World) -> None:
    # given a claim of 20 000; when the authority approves 18 000 without a reason
    claim = _file(w, "STATE", "20000.00")
    with pytest.raises(ValidationError) as error:
        services.claim_approve(claim=claim, approved=D("18000.00"), actor=w.authority, reason="  ")
    # then it is refused naming the claimed amount, and the claim is untouched
    assert "20\u202f000,00\u00a0€" in error.value.message_dict["approval_reason"][0]
    claim.refresh_from_db()
    assert (claim.status, claim.approved) == (ClaimStatus.CLAIMED, None)
    assert actions() == ["payment_claim.filed"]
    # the whole amount needs no reason
    services.claim_approve(claim=claim, approved=D("20000.00"), actor=w.authority)


def test_claim_approve__cut_with_reason__kept_and_audited(w: World) -> None:
    claim = _file(w, "STATE", "20000.00")
    claim = services.claim_approve(
        claim=claim, approved=D("18000.00"), actor=w.authority, reason="Matkakulut ilman tositteita"
    )
    assert claim.approval_reason == "Matkakulut ilman tositteita"
    entry = AuditEntry.objects.filter(action="payment_claim.approved").get()
    assert entry.after["approval_reason"] == "Matkakulut ilman tositteita"
    # and paying less than approved needs a reason too
    with pytest.raises(ValidationError) as error:
        services.claim_pay(claim=claim, paid=D("17000.00"), paid_on=timezone.localdate(), actor=w.authority)
    assert "payment_reason" in error.value.message_dict
    claim = services.claim_pay(
        claim=claim, paid=D("17000.00"), paid_on=timezone.localdate(), actor=w.authority, reason="Kuittaus"
    )
    assert claim.payment_reason == "Kuittaus"
    assert AuditEntry.objects.filter(action="payment_claim.paid").get().after["payment_reason"] == "Kuittaus"


# --- pages -------------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages__report_form_saves_and_submits_then_shows_the_snapshot(w: World) -> None:
    report = w.reports[0]
    url = reverse("progress:report_detail", args=[report.pk])
    client = _client(w.implementer)
    assert client.get(reverse("progress:report_list", args=[w.project.pk])).status_code == 200
    page = client.get(url)
    assert page.status_code == 200 and 'name="spending-TOTAL_FORMS"' in page.content.decode()
    data = {
        "narrative": "Edistys.",
        f"indicator_{w.target.pk}": "4",
        "spending-TOTAL_FORMS": "2",
        "spending-INITIAL_FORMS": "0",
        "spending-0-year": "2025",
        "spending-0-category": "travel",
        "spending-0-source": "STATE",
        "spending-0-amount": "1 500,50",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-text": "Kick-off",
        "milestones-0-status": "",
        "risks-TOTAL_FORMS": "0",
        "risks-INITIAL_FORMS": "0",
        "solutions-TOTAL_FORMS": "0",
        "solutions-INITIAL_FORMS": "0",
        "action": "submit",
    }
    # a half-filled milestone row is refused, naming the field
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Fill in this field" in response.content.decode() or "Täytä" in response.content.decode()
    data["milestones-0-status"] = "planned"
    response = client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.snapshot["spending"][0]["amount"] == "1500.50"
    # the coordinator sees the frozen content and approves from the page
    coordinator = _client(w.coordinator)
    page = coordinator.get(url).content.decode()
    assert "Edistys." in page and 'value="approve"' in page
    assert coordinator.post(url, {"action": "approve"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    # the queue is empty again
    assert "Edistys" not in coordinator.get(reverse("progress:queue")).content.decode()


def test_pages__claims_page_files_and_shows_the_error_naming_the_fund(w: World) -> None:
    url = reverse("progress:claims", args=[w.project.pk])
    client = _client(w.implementer)
    response = client.post(
        url, {"action": "file", "fund": "STATE", "period": "2025-01-01/2025-06-30", "claimed": "40000"}
    )
    assert response.status_code == 400
    assert "STATE" in response.content.decode() and "38\u202f500,00\u00a0€" in response.content.decode()
    response = client.post(
        url, {"action": "file", "fund": "STATE", "period": "2025-01-01/2025-06-30", "claimed": "1000"}
    )
    assert response.status_code == 302
    claim = PaymentClaim.objects.get()
    authority = _client(w.authority)
    # a cut without its reason is refused on the page, naming the reason's field
    response = authority.post(url, {"action": "approve", "claim": claim.pk, "approved": "800"})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.approved is None
    response = authority.post(
        url, {"action": "approve", "claim": claim.pk, "approved": "800", "approval_reason": "Ei tositetta"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.approved, claim.approval_reason) == (D("800.00"), "Ei tositetta")
    assert "Ei tositetta" in authority.get(url).content.decode()
    assert 'value="pay"' in authority.get(url).content.decode()
    page = _client(w.ministry).get(url)
    assert page.status_code == 200 and "37\u202f700,00\u00a0€" in page.content.decode()


# --- no lost update (audit.locking) -------------------------------------------------------------------


def _report_form(w: World, narrative: str, version: str) -> dict[str, str]:
    return {
        "narrative": narrative,
        f"indicator_{w.target.pk}": "4",
        "spending-TOTAL_FORMS": "0",
        "spending-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "risks-TOTAL_FORMS": "0",
        "risks-INITIAL_FORMS": "0",
        "solutions-TOTAL_FORMS": "0",
        "solutions-INITIAL_FORMS": "0",
        "action": "save",
        "version": version,
    }


def _version_in(html: str) -> str:
    import re

    found = re.search(r'name="version" value="([^"]+)"', html)
    assert found, "the form carries no version"
    return found.group(1).replace("&quot;", '"')


def test_pages__report__two_saves_from_the_same_read__the_second_is_told_what_changed(w: World) -> None:
    # given two implementers of the project who opened the same draft
    report = w.reports[0]
    url = reverse("progress:report_detail", args=[report.pk])
    other = UserFactory.applicant(w.p.cities[0], w.p.agreement, username="toinen-toteuttaja")
    first, second = _client(w.implementer), _client(other)
    version = _version_in(first.get(url).content.decode())
    assert _version_in(second.get(url).content.decode()) == version
    # when both save, the second on the version both read
    assert first.post(url, _report_form(w, "Ensimmäisen teksti.", version)).status_code == 302
    response = second.post(url, _report_form(w, "Toisen teksti.", version))
    # then the second is refused (409), sees who changed what and keeps their entries; nothing is lost
    page = response.content.decode()
    assert response.status_code == 409
    assert "progress_report.saved" in page and "Ensimmäisen teksti." in page and "Toisen teksti." in page
    report.refresh_from_db()
    assert report.narrative == "Ensimmäisen teksti."
    # saving again on the version the refusal showed replaces the first, knowingly
    response = second.post(url, _report_form(w, "Toisen teksti.", _version_in(page)))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Toisen teksti."


def test_pages__claim__two_approvals_from_the_same_read__the_second_is_refused(w: World) -> None:
    # given a claim that two officers of the funding authority opened
    claim = _file(w, "STATE", "1000.00")
    url = reverse("progress:claims", args=[w.project.pk])
    colleague = UserFactory.with_role(
        Role.FUNDING_AUTHORITY, agreement=w.p.agreement, organisation=w.p.authority, username="kollega"
    )
    version = _version_in(_client(w.authority).get(url).content.decode())
    # when both approve an amount on that version
    first = {
        "action": "approve",
        "claim": claim.pk,
        "approved": "800",
        "version": version,
        "approval_reason": "Osa kuluista ei ole tukikelpoisia",
    }
    assert _client(w.authority).post(url, first).status_code == 302
    response = _client(colleague).post(url, first | {"approved": "900"})
    # then the second is refused naming the change, and the first approval stands
    assert response.status_code == 409 and "payment_claim.approved" in response.content.decode()
    claim.refresh_from_db()
    assert claim.approved == D("800.00") and claim.approved_by == w.authority


@pytest.mark.parametrize(
    ("lang", "grouped"), [("fi", "12\u202f345,60"), ("sv", "12\u202f345,60"), ("en", "12,345.60")]
)
def test_pages__claim_payment__the_inputs_show_the_languages_format_and_post_back(
    w: World, lang: str, grouped: str
) -> None:
    import re

    # given an approved claim of 12 345,60 €
    claim = _file(w, "STATE", "12345.60")
    services.claim_approve(claim=claim, approved=D("12345.60"), actor=w.authority)
    with translation.override(lang):
        url = reverse("progress:claims", args=[w.project.pk])
        today = timezone.localdate()
        shown_today = formats.date_format(today, "SHORT_DATE_FORMAT")
    # when the funding authority opens the claims page in a language
    page = _client(w.authority).get(url).content.decode()
    paid = re.search(r'name="paid" value="([^"]*)"', page)
    paid_on = re.search(r'<input[^>]*name="paid_on" value="([^"]*)"[^>]*>', page)
    assert paid and paid_on
    # then the amount to pay is grouped and the date in the language's order, in a text input with a hint
    assert paid.group(1) == grouped
    assert paid_on.group(1) == shown_today and 'type="text"' in paid_on.group(0)
    assert 'type="date"' not in page
    # and when both are posted back as shown, the payment is the exact amount on that day
    response = _client(w.authority).post(
        url,
        {
            "action": "pay",
            "claim": claim.pk,
            "paid": paid.group(1),
            "paid_on": paid_on.group(1),
            "version": _version_in(page),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert (claim.paid, claim.paid_on) == (D("12345.60"), today)


def test_claim_totals_sum__the_page_total_row_adds_every_fund(w: World) -> None:
    # given claims in two funds, one approved and paid
    _file(w, "ERDF", "30000.00")
    s = _file(w, "STATE", "15000.00")
    services.claim_approve(claim=s, approved=D("15000.00"), actor=w.authority)
    services.claim_pay(claim=s, paid=D("15000.00"), paid_on=timezone.localdate(), actor=w.authority)
    # when the total row is made of the per-fund totals
    totals = services.claim_totals(w.project)
    row = services.claim_totals_sum(totals)
    # then each column is the sum over the funds
    assert row == {
        "budget": D("115500.00"),
        "claimed": D("45000.00"),
        "approved": D("15000.00"),
        "paid": D("15000.00"),
        "remaining": sum((t.remaining for t in totals), D(0)),
    }


@pytest.mark.parametrize(
    ("lang", "report_period", "claim_period", "project_period"),
    [
        ("sv", "Rapporteringsperiod", "Utbetalningsperiod", "Genomförandetid"),
        ("fi", "Raportointijakso", "Maksatuskausi", "Toteutusaika"),
    ],
)
def test_pages__a_report_and_a_claim_are_headed_by_their_own_period(
    w: World, lang: str, report_period: str, claim_period: str, project_period: str
) -> None:
    # given a project's progress report and its payment claims page (the review by eye read the project's
    # "Genomförandetid" / "Toteutusaika", implementation period, above a report's or a claim's six months)
    client = _client(w.coordinator)
    # when they are opened in the language
    with translation.override(lang):
        urls = [
            reverse("progress:report_detail", args=[w.reports[0].pk]),
            reverse("progress:report_list", args=[w.project.pk]),
            reverse("progress:claims", args=[w.project.pk]),
        ]
    report, reports, claims = (client.get(url).content.decode() for url in urls)
    # then each names its own period
    assert report_period in report and report_period in reports and claim_period in claims
    assert project_period not in report + reports + claims


def test_pages__a_submitted_report_without_risks_or_solutions__says_none_without_a_bullet(w: World) -> None:
    # given a report submitted with milestones but no risks and no solutions (the page showed "• –": a
    # bullet with a dash for each empty list, and a summary list row with a value and no key)
    report = w.fill(w.reports[0], risks=[], solutions=[])
    services.report_submit(report=report, actor=w.implementer)
    # when the coordinator opens it
    page = _client(w.coordinator).get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    # then each empty list reads "Ei yhtään." as a paragraph, and no list item holds a lone dash
    assert "<li>–</li>" not in page
    assert page.count('<p class="govuk-body">Ei yhtään.</p>') == 2
    assert '<dd class="govuk-summary-list__value">–</dd>' not in page
    # and the milestones given are still listed
    assert "<li>Pilotti 1 – " in page
