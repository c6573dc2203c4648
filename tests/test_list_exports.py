"""Every list page's filters and its CSV/XLSX export of exactly the filtered rows (web.exports)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accessibility.services import feedback_receive
from accounts.models import Role
from audit.services import Actor, audit_record
from decisions.services import meeting_create
from pipeline.models import Call, CallStatus, Idea, ProposalStatus
from portfolio.models import Scenario, ScenarioStatus
from progress.models import PaymentClaim, ProgressReport
from reports.models import AnnualReport, ReportStatus
from review.models import Review
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from tests.pages_data import Portfolio, add_funded_projects, add_proposals, build_agreement
from web.exports import cell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def p() -> Portfolio:
    return build_agreement()


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-12.50", "-12.50"),
        ("@x", "'@x"),
        (None, ""),
        (Decimal("-3.10"), Decimal("-3.10")),
    ],
)
def test_cell__formula_guard_of_cores_cells(value: object, expected: object) -> None:
    assert cell(value) == expected


def test_cell__an_aware_datetime__is_local_time_without_zone() -> None:
    value = dt.datetime(2024, 11, 29, 12, tzinfo=dt.UTC)
    assert cell(value) == dt.datetime(2024, 11, 29, 14)  # Europe/Helsinki, winter


def test_proposals__filtered_export__only_the_rows_the_filter_and_the_user_allow(p: Portfolio) -> None:
    # given two submitted proposals and a draft
    submitted = add_proposals(p, 2)
    draft = add_proposals(p, 1, status=ProposalStatus.DRAFT)[0]
    url = reverse("pipeline:proposal_list")
    # when the coordinator exports the list filtered to drafts
    rows = _csv(_client(p.coordinator).get(url, {"status": "draft", "export": "csv"}).content)
    # then exactly the draft is there, under the header
    assert rows[0][:2] == ["Acronym", "Title"]
    assert [r[1] for r in rows[1:]] == [draft.title]
    # and a reviewer's export (no filter) never has the draft
    reviewer = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    response = _client(reviewer).get(url, {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    titles = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert titles == {s.title for s in submitted}
    assert _client(p.coordinator).get(url, {"export": "pdf"}).status_code == 404


def test_proposals__page__has_export_links_with_the_filters(p: Portfolio) -> None:
    body = _client(p.coordinator).get(reverse("pipeline:proposal_list"), {"status": "draft"}).content.decode()
    assert "status=draft&amp;export=csv" in body and "export=xlsx" in body


def test_ideas__theme_filter_and_export(p: Portfolio) -> None:
    for theme, title in (("T1", "Kierrätysbetoni"), ("K", "Älyliikenne")):
        Idea.objects.create(
            agreement=p.agreement,
            organisation=p.company,
            theme=p.themes[theme],
            title=title,
            summary="x",
            submitted_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
        )
    url = reverse("pipeline:idea_list")
    rows = _csv(_client(p.coordinator).get(url, {"theme": p.themes["K"].pk, "export": "csv"}).content)
    assert [r[0] for r in rows[1:]] == ["Älyliikenne"]
    assert rows[1][5] == "2024-10-01 03:00:00"  # submitted, local time


def test_organisations__export__hostile_name_is_text(p: Portfolio) -> None:
    OrganisationFactory(name="=HYPERLINK(1) Oy")
    rows = _csv(
        _client(p.coordinator)
        .get(reverse("partners:organisation_list"), {"q": "HYPERLINK", "export": "csv"})
        .content
    )
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1) Oy"]


def test_meetings__year_filter_and_export__staff_only(p: Portfolio) -> None:
    meeting_create(agreement=p.agreement, date=dt.date(2024, 3, 1), actor=p.coordinator)
    meeting_create(agreement=p.agreement, date=dt.date(2025, 3, 1), actor=p.coordinator)
    url = reverse("decisions:meeting_list")
    rows = _csv(_client(p.coordinator).get(url, {"year": 2025, "export": "csv"}).content)
    assert [r[0] for r in rows[1:]] == ["2025-03-01"]
    page = _client(p.coordinator).get(url, {"year": 2024}).content.decode()
    assert "1 result" in page
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(url, {"export": "csv"}).status_code == 403


def _call(p: Portfolio, title: str, status: str, theme: str, opens: dt.date) -> Call:
    call = Call.objects.create(
        agreement=p.agreement,
        title=title,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=30),
        status=status,
    )
    call.themes.add(p.themes[theme])
    return call


def test_calls__status_and_theme_filters_and_export__applicants_never_get_drafts(p: Portfolio) -> None:
    # given an open call on T1, a closed one on K and a draft on K
    _call(p, "Kiertotalous 2025", CallStatus.OPEN, "T1", dt.date(2025, 3, 1))
    _call(p, "Liikenne 2024", CallStatus.CLOSED, "K", dt.date(2024, 3, 1))
    _call(p, "Luonnos", CallStatus.DRAFT, "K", dt.date(2025, 9, 1))
    url = reverse("pipeline:call_list")
    coordinator = _client(p.coordinator)
    # when the coordinator exports the calls on theme K
    rows = _csv(coordinator.get(url, {"theme": p.themes["K"].pk, "export": "csv"}).content)
    # then the header and exactly the two K calls, newest first, with their dates and status
    assert rows[0] == ["Call", "Agreement", "Themes", "Opens", "Closes", "Status"]
    assert [(r[0], r[2], r[3], r[5]) for r in rows[1:]] == [
        ("Luonnos", "K", "2025-09-01", "Draft"),
        ("Liikenne 2024", "K", "2024-03-01", "Closed"),
    ]
    # and the page filtered by status says how many match and links the export with the filter
    page = coordinator.get(url, {"status": "open"}).content.decode()
    assert "1 result" in page and "status=open&amp;export=xlsx" in page
    # and an applicant's unfiltered export has the opened calls only, never the draft
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    book = load_workbook(io.BytesIO(_client(applicant).get(url, {"export": "xlsx"}).content))
    titles = {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert titles == {"Kiertotalous 2025", "Liikenne 2024"}


def test_audit_log__filtered_export__the_entries_the_page_shows(p: Portfolio) -> None:
    # given two recorded changes to different organisations
    audit_record(
        actor=Actor(p.coordinator),
        action="organisation.update",
        obj=p.company,
        before={"name": "A"},
        after={"name": "B"},
    )
    audit_record(actor=Actor(p.coordinator), action="organisation.update", obj=p.university, note="=1+1")
    url = reverse("audit_log")
    coordinator = _client(p.coordinator)
    # when the coordinator exports the log filtered to the university
    q = p.university.name
    rows = _csv(coordinator.get(url, {"q": q, "export": "csv"}).content)
    # then the one entry, its note made plain text
    assert rows[0][:4] == ["Time", "Who", "Action", "Object"]
    assert [r[3] for r in rows[1:]] == [str(p.university)]
    assert rows[1][6] == "'=1+1"
    # and the page shows the same count and the export links
    page = coordinator.get(url, {"q": q}).content.decode()
    assert "1 result" in page and "export=csv" in page
    # and the company's entry says what changed
    rows = _csv(coordinator.get(url, {"q": p.company.name, "export": "csv"}).content)
    assert len(rows) == 2 and rows[1][6].endswith("A → B")
    # and an applicant gets no log at all, exported or not
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(url, {"export": "csv"}).status_code == 403


def test_accessibility_feedback__language_filter_and_export__coordination_only(p: Portfolio) -> None:
    feedback_receive(message="Kontrasti on heikko", page="/fi/", email="", language="fi", user=None)
    feedback_receive(message="@Fokus saknas", page="/sv/", email="a@example.org", language="sv", user=None)
    url = reverse("accessibility:feedback_list")
    coordinator = _client(p.coordinator)
    rows = _csv(coordinator.get(url, {"language": "sv", "export": "csv"}).content)
    assert rows[0][:3] == ["Received", "Answer by", "Feedback"]
    assert [(r[2], r[3], r[4]) for r in rows[1:]] == [("'@Fokus saknas", "/sv/", "a@example.org")]
    rows = _csv(coordinator.get(url, {"q": "kontrasti", "export": "csv"}).content)
    assert [r[2] for r in rows[1:]] == ["Kontrasti on heikko"]
    assert "1 result" in coordinator.get(url, {"language": "fi"}).content.decode()
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(url, {"export": "csv"}).status_code == 403


def test_scenarios__status_and_call_filters_and_export__own_agreement_only(p: Portfolio) -> None:
    # given a ready and a failed scenario on a call of the agreement, and one of another agreement
    call = _call(p, "Kiertotalous 2025", CallStatus.CLOSED, "T1", dt.date(2025, 3, 1))
    other = AgreementFactory()
    for agreement, name, status in (
        (p.agreement, "Perusvaihtoehto", ScenarioStatus.DONE),
        (p.agreement, "-Kehys 10 %", ScenarioStatus.FAILED),
        (other, "Toisen sopimuksen", ScenarioStatus.DONE),
    ):
        Scenario.objects.create(
            agreement=agreement,
            call=call if agreement == p.agreement else None,
            name=name,
            problem={},
            status=status,
            created_by=p.coordinator,
        )
    url = reverse("portfolio:scenario_list")
    coordinator = _client(p.coordinator)
    # when the coordinator exports the list unfiltered, then filtered to ready ones
    everything = _csv(coordinator.get(url, {"call": call.pk, "export": "csv"}).content)
    ready = _csv(coordinator.get(url, {"status": ScenarioStatus.DONE, "export": "csv"}).content)
    # then only the agreement's own scenarios, the hostile-looking name as text, and the filter narrows
    assert everything[0][:4] == ["Scenario", "Agreement", "Call", "Status"]
    assert sorted(r[0] for r in everything[1:]) == ["'-Kehys 10 %", "Perusvaihtoehto"]
    assert [(r[0], r[2], r[3]) for r in ready[1:]] == [("Perusvaihtoehto", "Kiertotalous 2025", "Ready")]
    page = coordinator.get(url, {"status": ScenarioStatus.FAILED}).content.decode()
    assert "1 result" in page and "status=failed&amp;export=csv" in page
    # and an applicant sees no scenario list and no export
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(url, {"export": "csv"}).status_code == 403


def test_funding_queue__export__the_presented_proposals_only(p: Portfolio) -> None:
    # given two proposals presented by the steering group and one still submitted
    presented = add_proposals(p, 2, status=ProposalStatus.PRESENTED)
    add_proposals(p, 1)
    url = reverse("projects:funding_queue")
    # when the coordinator downloads the queue
    rows = _csv(_client(p.coordinator).get(url, {"export": "csv"}).content)
    # then the header and exactly the presented proposals with their lead partner
    assert rows[0][:4] == ["Proposal", "Acronym", "Agreement", "Lead partner"]
    assert sorted((r[0], r[3]) for r in rows[1:]) == sorted((x.title, p.university.name) for x in presented)
    assert "export=xlsx" in _client(p.coordinator).get(url).content.decode()
    # and a role without funding.read gets neither the page nor the download
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(url, {"export": "csv"}).status_code == 403


def test_progress_reports__export__the_projects_reports_for_who_may_see_them(p: Portfolio) -> None:
    project = add_funded_projects(p, 1)[0]
    url = reverse("progress:report_list", args=[project.pk])
    page = _client(p.coordinator).get(url)
    assert page.status_code == 200 and "export=csv" in page.content.decode()
    reports = list(ProgressReport.objects.filter(project=project).order_by("number"))
    book = load_workbook(io.BytesIO(_client(p.coordinator).get(url, {"export": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Number", "Period start", "Period end")
    assert [(r[0], r[1].date()) for r in rows[1:]] == [(x.number, x.period_start) for x in reports]
    outsider = UserFactory.applicant(OrganisationFactory(), agreement=p.agreement)
    assert _client(outsider).get(url, {"export": "csv"}).status_code in (403, 404)


def test_my_reviews__export__only_my_assignments(p: Portfolio) -> None:
    # given two proposals, one assigned to me and one to another reviewer
    mine, theirs = add_proposals(p, 2)
    me = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    other = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    Review.objects.create(proposal=mine, reviewer=me, assigned_by=p.coordinator)
    Review.objects.create(proposal=theirs, reviewer=other, assigned_by=p.coordinator)
    url = reverse("review:my_reviews")
    # when I download my reviews
    rows = _csv(_client(me).get(url, {"export": "csv"}).content)
    # then only mine, as the page lists it
    assert rows[0] == ["Proposal", "Call for ideas", "Assigned", "Status"]
    assert [r[0] for r in rows[1:]] == [mine.title]
    assert "export=csv" in _client(me).get(url).content.decode()


def test_annual_reports__export__the_agreements_reports_the_user_may_read(p: Portfolio) -> None:
    other = AgreementFactory()
    for agreement in (p.agreement, other):
        AnnualReport.objects.create(
            agreement=agreement,
            as_of=dt.date(2025, 12, 31),
            lang="fi",
            format="html",
            version=1,
            status=ReportStatus.DONE,
            progress=100,
        )
    rows = _csv(_client(p.coordinator).get(reverse("reports:index"), {"export": "csv"}).content)
    assert rows[0][:2] == ["Agreement", "Situation as of"]
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [(p.agreement.name, "2025-12-31", "1")]
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(reverse("reports:index"), {"export": "csv"}).status_code == 403


def test_payment_claims__export__the_projects_claims_with_their_amounts(p: Portfolio) -> None:
    # given a funded project with two claims, one approved
    project = add_funded_projects(p, 1)[0]
    PaymentClaim.objects.create(
        project=project,
        fund="ERDF",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        claimed=Decimal("1000.50"),
        approved=Decimal("900.00"),
        approval_reason="Osa kuluista ei ollut tukikelpoisia.",
        status="approved",
        filed_by=p.coordinator,
    )
    PaymentClaim.objects.create(
        project=project,
        fund="STATE",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        claimed=Decimal("500"),
        filed_by=p.coordinator,
    )
    url = reverse("progress:claims", args=[project.pk])
    # when the coordinator downloads them as XLSX
    book = load_workbook(io.BytesIO(_client(p.coordinator).get(url, {"export": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    # then the claims with their amounts as numbers (not text), in the page's order
    assert rows[0][:6] == ("Period start", "Period end", "Fund", "Status", "Claimed", "Approved")
    assert [(r[4], r[5]) for r in rows[1:]] == [(1000.5, 900), (500, None)]
    assert "export=csv" in _client(p.coordinator).get(url).content.decode()
    # and an organisation outside the project gets no download
    outsider = UserFactory.applicant(OrganisationFactory(), agreement=p.agreement)
    assert _client(outsider).get(url, {"export": "csv"}).status_code in (403, 404)


def test_my_reviews__status_and_call_filters_and_the_export_follows(p: Portfolio) -> None:
    # given three proposals assigned to me, one of them already scored, two in one call and one in another
    first, second, third = add_proposals(p, 3)
    other_call = _call(p, "Toinen haku", CallStatus.CLOSED, "T1", dt.date(2025, 9, 1))
    third.call = other_call
    third.save(update_fields=["call"])
    me = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    for proposal in (first, second, third):
        Review.objects.create(proposal=proposal, reviewer=me, assigned_by=p.coordinator)
    Review.objects.filter(proposal=second).update(status="submitted")
    url = reverse("review:my_reviews")
    client = _client(me)
    # when I filter by status, and by call
    assigned = client.get(url, {"status": "assigned"}).content.decode()
    in_other = _csv(client.get(url, {"call": other_call.pk, "export": "csv"}).content)
    # then the page lists only those, and the export holds exactly the filtered rows
    assert first.title in assigned and third.title in assigned and second.title not in assigned
    assert 'role="search"' in assigned
    assert [r[0] for r in in_other[1:]] == [third.title]
    # and a filter that matches nothing says so; a value that does not validate lists everything
    assert (
        "None of your reviews matches the filters."
        in client.get(url, {"call": other_call.pk, "status": "submitted"}).content.decode()
    )
    assert len(_csv(client.get(url, {"status": "bogus", "export": "csv"}).content)) == 4


def test_funding_queue__theme_and_call_filters_and_the_export_follows(p: Portfolio) -> None:
    # given presented proposals in two themes
    t1 = add_proposals(p, 2, status=ProposalStatus.PRESENTED)
    t2 = add_proposals(p, 1, status=ProposalStatus.PRESENTED)
    theme = next(t for code, t in p.themes.items() if t.pk != t1[0].theme_id)
    t2[0].theme = theme
    t2[0].save(update_fields=["theme"])
    url = reverse("projects:funding_queue")
    client = _client(p.coordinator)
    # when the queue is filtered by the second theme
    page = client.get(url, {"theme": theme.pk}).content.decode()
    rows = _csv(client.get(url, {"theme": theme.pk, "export": "csv"}).content)
    # then only its proposal is listed and exported
    assert t2[0].title in page and all(x.title not in page for x in t1)
    assert [r[0] for r in rows[1:]] == [t2[0].title]
    assert 'role="search"' in page


def test_annual_reports__language_format_and_status_filters_and_the_export_follows(p: Portfolio) -> None:
    # given stored reports in two languages and formats, one failed
    for lang, fmt, status in (
        ("fi", "pdf", ReportStatus.DONE),
        ("sv", "html", ReportStatus.DONE),
        ("fi", "xlsx", ReportStatus.FAILED),
    ):
        AnnualReport.objects.create(
            agreement=p.agreement,
            as_of=dt.date(2025, 12, 31),
            lang=lang,
            format=fmt,
            status=status,
            progress=100,
        )
    url = reverse("reports:index")
    client = _client(p.coordinator)
    # when they are filtered (the filter's fields are prefixed: the form that makes a report has the same names)
    finnish = _csv(client.get(url, {"filter-lang": "fi", "export": "csv"}).content)
    done_fi = _csv(client.get(url, {"filter-lang": "fi", "filter-status": "done", "export": "csv"}).content)
    # then exactly those rows
    assert len(finnish) == 1 + 2 and len(done_fi) == 1 + 1
    page = client.get(url, {"filter-format": "html"}).content.decode()
    assert 'role="search"' in page and "No stored report matches the filters." not in page
    assert (
        "No stored report matches the filters."
        in client.get(url, {"filter-format": "html", "filter-lang": "fi"}).content.decode()
    )


def test_payment_claims__status_and_fund_filters__rows_and_export_follow_the_totals_do_not(
    p: Portfolio,
) -> None:
    # given a funded project with an approved ERDF claim and a claimed state one
    project = add_funded_projects(p, 1)[0]
    for fund, status, claimed in (("ERDF", "approved", "1000.00"), ("STATE", "claimed", "500.00")):
        PaymentClaim.objects.create(
            project=project,
            fund=fund,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
            claimed=Decimal(claimed),
            approved=Decimal(claimed) if status == "approved" else None,
            status=status,
            filed_by=p.coordinator,
        )
    url = reverse("progress:claims", args=[project.pk])
    client = _client(p.coordinator)
    # when the claims are filtered by fund, and by status (the filter's fields are prefixed: the form that
    # files a claim has a fund of its own)
    state = _csv(client.get(url, {"filter-fund": "STATE", "export": "csv"}).content)
    approved = client.get(url, {"filter-status": "approved"})
    # then the table and the export hold the chosen claims only
    assert [r[2] for r in state[1:]] == ["State co-funding"]
    assert approved.context["claims"] == [c for c in PaymentClaim.objects.filter(status="approved")]
    # but the totals per fund still count every claim
    assert approved.context["sum"] == client.get(url).context["sum"]
    assert "No payment claim matches the filters." in client.get(url, {"filter-fund": "JTF"}).content.decode()


def test_progress_reports__status_filter__rows_and_export_follow(p: Portfolio) -> None:
    # given a funded project's reports, the first submitted
    project = add_funded_projects(p, 1)[0]
    url = reverse("progress:report_list", args=[project.pk])
    client = _client(p.coordinator)
    client.get(url)  # the page makes the project's reporting periods
    first = ProgressReport.objects.filter(project=project).order_by("number").first()
    ProgressReport.objects.filter(pk=first.pk).update(status="submitted")
    # when the reports are filtered by status
    rows = _csv(client.get(url, {"filter-status": "submitted", "export": "csv"}).content)
    page = client.get(url, {"filter-status": "approved"}).content.decode()
    # then only the submitted one is exported, and a filter matching nothing says so
    assert [r[0] for r in rows[1:]] == [str(first.number)]
    assert "No progress report matches the filters." in page and 'role="search"' in page
