"""The monitoring dashboard: its figures reconcile with the database, the funnel counts, who sees it, the
PNG downloads and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from cores.cofinancing import FRAME_SOURCES
from cores.money import total
from monitoring.selectors import dashboard
from partners.models import OrganisationKind
from pipeline.models import FinancingLine, Idea, ProposalStatus
from programme.models import Agreement
from tests.factories import AgreementFactory, UserFactory
from tests.pages_data import Portfolio, add_funded_projects, add_proposals, build_agreement

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/monitoring/"


def _frame_money_in_db(agreement: Agreement) -> Decimal:
    return total(
        FinancingLine.objects.filter(
            project__agreement=agreement, project__is_historical=False, source__in=FRAME_SOURCES
        ).values_list("amount", flat=True)
    )


@pytest.fixture
def world() -> Portfolio:
    # given an agreement with three funded projects: two adopted by both cities, one by Helsinki only,
    # one led by a university
    portfolio = build_agreement()
    projects = add_funded_projects(portfolio, 3)
    helsinki, espoo = portfolio.cities
    projects[0].proposal.adopting_cities.set([helsinki, espoo])
    projects[1].proposal.adopting_cities.set([helsinki, espoo])
    projects[2].proposal.adopting_cities.set([helsinki])
    projects[2].lead = portfolio.university
    projects[2].save(update_fields=["lead"])
    # an odd cent, so that the equal split between two cities has a remainder
    FinancingLine.objects.create(project=projects[0], source="ERDF", amount=D("0.01"))
    return portfolio


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_committed_total__equals_the_projects_frame_money_and_every_breakdown(world: Portfolio) -> None:
    # when the dashboard is read
    data = dashboard(world.agreement)
    # then the committed total is the projects' frame money in the database, to the cent
    in_db = _frame_money_in_db(world.agreement)
    assert in_db == D("3") * (D("77000.00") + D("38500.00")) + D("0.01")
    assert data.committed == in_db
    assert data.eu + data.state == in_db
    assert total(p.total for p in data.projects) == in_db
    # and by theme, by city and by organisation kind add up to the same total
    for breakdown in (data.by_theme, data.by_city, data.by_kind):
        assert breakdown.total == in_db
        assert total(r.total for r in breakdown.rows) == in_db
    # and the frame table's by-year commitments plus the unallocated money are the same money
    frames = data.overview.frames
    assert total(c.committed for c in frames.year_totals) + frames.unallocated_total == in_db


def test_breakdowns__split_by_theme_city_and_lead_kind(world: Portfolio) -> None:
    # when the dashboard is read
    data = dashboard(world.agreement)
    project_money = D("77000.00") + D("38500.00")
    # then every project is in theme T1
    assert [(r.key, r.total, r.projects) for r in data.by_theme.rows] == [
        ("T1", 3 * project_money + D("0.01"), 3)
    ]
    # and a project's money is split equally between its adopting cities, the odd cent to the first by
    # name (Espoo)
    helsinki, espoo = world.cities
    by_city = {r.label: r for r in data.by_city.rows}
    assert by_city[helsinki.name].total == project_money / 2 * 2 + project_money
    assert by_city[espoo.name].total == project_money / 2 * 2 + D("0.01")
    assert by_city[helsinki.name].projects == 3 and by_city[espoo.name].projects == 2
    # and the kind of organisation is the lead's
    by_kind = {r.key: r for r in data.by_kind.rows}
    assert by_kind[OrganisationKind.CITY].total == 2 * project_money + D("0.01")
    assert by_kind[OrganisationKind.UNIVERSITY].total == project_money
    assert data.by_kind.rows[0].of_total + data.by_kind.rows[1].of_total == 1


def test_project_without_an_adopting_city__is_on_a_row_of_its_own(world: Portfolio) -> None:
    # given a funded project that names no adopting city
    add_funded_projects(world, 1)
    # when the dashboard is read
    data = dashboard(world.agreement)
    # then its money is on the "no adopting city" row and the cities still reconcile
    none = [r for r in data.by_city.rows if r.key == ""]
    assert len(none) == 1 and none[0].total == D("115500.00")
    assert data.by_city.total == _frame_money_in_db(world.agreement)


def test_funnel__counts_each_stage(world: Portfolio) -> None:
    # given two ideas, three submitted proposals, a draft, a presented one and two rejected ones, only
    # one of which the audit log shows was presented first
    for title in ("Idea 1", "Idea 2"):
        Idea.objects.create(
            agreement=world.agreement,
            organisation=world.company,
            theme=world.themes["T1"],
            title=title,
            summary="Idea",
            submitted_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
        )
    add_proposals(world, 3)
    add_proposals(world, 1, status=ProposalStatus.DRAFT)
    add_proposals(world, 1, status=ProposalStatus.PRESENTED)
    rejected = add_proposals(world, 2, status=ProposalStatus.REJECTED)
    AuditEntry.objects.create(
        action="proposal.presented",
        content_type=ContentType.objects.get_for_model(rejected[0]),
        object_id=str(rejected[0].pk),
        object_repr=str(rejected[0]),
        agreement=world.agreement,
    )
    # when the dashboard is read
    funnel = {s.key: s.count for s in dashboard(world.agreement).funnel}
    # then: ideas 2; submitted 3 + 1 presented + 2 rejected + 3 funded; presented 1 + 1 + 3 funded; funded 3
    assert funnel == {"ideas": 2, "submitted": 9, "presented": 5, "funded": 3}


@pytest.mark.parametrize("role", ["applicant", "reviewer", "funding_authority", "none"])
def test_dashboard__others__are_refused(world: Portfolio, role: str) -> None:
    # given a user who is not of the steering group, the coordination team or the ministry
    if role == "applicant":
        user = UserFactory.applicant(world.company, world.agreement)
    elif role == "none":
        user = UserFactory()
    else:
        user = UserFactory.with_role(role, agreement=world.agreement)
    client = _client(user)
    # when they open the dashboard or a chart, then they are refused
    assert client.get(URL).status_code == 403
    assert client.get(reverse("monitoring:chart_png", args=["money"])).status_code == 403


def test_dashboard__anonymous__is_sent_to_sign_in(world: Portfolio) -> None:
    assert Client().get(URL).status_code == 302


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STEERING_GROUP, Role.MINISTRY, "ministry_all"])
def test_dashboard__readers__see_it_in_finnish(world: Portfolio, role: str) -> None:
    # given a coordinator, a steering-group member or the ministry (of this agreement, or of every one)
    if role == "ministry_all":
        user = UserFactory.with_role(Role.MINISTRY, agreement=None)
    else:
        user = UserFactory.with_role(role, agreement=world.agreement)
    # when they open the dashboard
    response = _client(user).get(URL)
    # then it is shown, in Finnish by default, with the committed total and links to the projects
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fi"' in html
    assert "Seurantanäkymä" in html
    assert "346\u202f500,01\u00a0€" in html
    for project in world.funded:
        assert reverse("projects:project_detail", args=[project.pk]) in html
    assert reverse("monitoring:chart_png", args=["themes"]) in html


def test_dashboard__role_in_another_agreement_only__shows_that_agreement(world: Portfolio) -> None:
    # given a coordinator of another agreement only (the current agreement is not theirs)
    other = AgreementFactory(slug="tampere", period=world.agreement.period, name_fi="Tampereen sopimus")
    user = UserFactory.coordinator(other)
    # when they open the dashboard, then they see their own agreement's
    response = _client(user).get(URL)
    assert response.status_code == 200
    assert response.context["agreement"] == other


@pytest.mark.parametrize("name", ["money", "themes", "cities", "kinds", "funnel"])
def test_chart_png__is_a_png(world: Portfolio, name: str) -> None:
    # when a reader downloads a chart
    response = _client(world.coordinator).get(reverse("monitoring:chart_png", args=[name]))
    # then it is a PNG image
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_png__unknown_chart__is_404(world: Portfolio) -> None:
    assert _client(world.coordinator).get("/monitoring/charts/nothing.png").status_code == 404


def test_dashboard__queries__do_not_grow_with_the_projects(django_assert_max_num_queries) -> None:
    # given an agreement with 2 funded projects, then with 20
    portfolio = build_agreement()
    add_funded_projects(portfolio, 2)
    client = _client(portfolio.coordinator)
    client.get(URL)  # warm caches (content types, session)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    with_two = count()
    add_funded_projects(portfolio, 18)
    # when the dashboard is read, then the number of queries is the same
    with django_assert_max_num_queries(with_two):
        assert client.get(URL).status_code == 200
    assert count() == with_two
