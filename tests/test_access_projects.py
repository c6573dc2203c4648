"""Who sees which projects and their money plans; the public page of funded projects (no sign-in)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.access import can_see_project_plan, project_plan_visibility, project_visibility
from accounts.models import Role
from pipeline.models import PartnerRole, ProposalPartner
from projects.models import Project
from projects.public import public_projects
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from tests.pages_data import Portfolio, add_funded_projects, add_historical_projects, build_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio() -> Portfolio:
    p = build_portfolio(proposals=0, funded=1, historical=1)
    # the funded project's consortium: the city leads, the university is a partner
    ProposalPartner.objects.create(
        proposal=p.funded[0].proposal, organisation=p.cities[0], role=PartnerRole.LEAD
    )
    ProposalPartner.objects.create(
        proposal=p.funded[0].proposal, organisation=p.university, role=PartnerRole.PARTNER
    )
    return p


def users(p: Portfolio) -> dict[str, object]:
    other = AgreementFactory()
    return {
        "coordinator": p.coordinator,
        "steering group": UserFactory.with_role(
            Role.STEERING_GROUP, agreement=p.agreement, organisation=p.cities[1]
        ),
        "funding authority": UserFactory.with_role(
            Role.FUNDING_AUTHORITY, agreement=p.agreement, organisation=p.authority
        ),
        "ministry": UserFactory.with_role(Role.MINISTRY),
        "partner applicant": UserFactory.applicant(p.university, agreement=p.agreement),
        "other applicant": UserFactory.applicant(p.company, agreement=p.agreement),
        "reviewer": UserFactory.with_role(Role.REVIEWER, agreement=p.agreement),
        "other agreement's coordinator": UserFactory.coordinator(other),
    }


def test_project_visibility__anyone_signed_in__sees_all_projects_public_fields(portfolio: Portfolio) -> None:
    for name, user in users(portfolio).items():
        assert project_visibility(Project.objects.all(), user).count() == 2, name


def test_project_visibility__anonymous__sees_none(portfolio: Portfolio) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not project_visibility(Project.objects.all(), AnonymousUser()).exists()


def test_project_plan__staff_ministry_and_consortium_see_it__others_do_not(portfolio: Portfolio) -> None:
    # given a funded project and a historical one
    funded, historical = portfolio.funded[0], portfolio.historical[0]
    expected = {
        "coordinator": True,
        "steering group": True,
        "funding authority": True,
        "ministry": True,
        "partner applicant": True,
        "other applicant": False,
        "reviewer": False,
        "other agreement's coordinator": False,
    }
    for name, user in users(portfolio).items():
        # then the object check and the queryset agree, and historical figures are public to all
        assert can_see_project_plan(user, funded) is expected[name], name
        visible = set(project_plan_visibility(Project.objects.all(), user).values_list("pk", flat=True))
        assert (funded.pk in visible) is expected[name], name
        assert historical.pk in visible and can_see_project_plan(user, historical), name


def test_project_plan__lead_applicant_without_proposal__sees_it(portfolio: Portfolio) -> None:
    project = portfolio.funded[0]
    Project.objects.filter(pk=project.pk).update(proposal=None)
    project.refresh_from_db()
    lead = UserFactory.applicant(portfolio.cities[0])
    assert can_see_project_plan(lead, project)


# --- the public page ---------------------------------------------------------------------------------


def test_public_projects__anonymous__sees_funded_projects_public_fields_only(
    client: Client, portfolio: Portfolio
) -> None:
    # given a funded project, a historical one and a proposal
    response = client.get(reverse("public_projects"), HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    funded = portfolio.funded[0]
    # then the page opens without sign-in and shows the funded project's public fields
    assert response.status_code == 200
    assert funded.name in html and funded.lead.name in html and "1.1.2025" in html and "31.12.2026" in html
    assert "115\u202f500,00\u00a0€" in html  # ERDF 77 000 + STATE 38 500
    assert funded.theme.code in html and funded.get_status_display() in html
    # and nothing else: no historical project, no draft, no own financing, no link to signed-in pages
    assert portfolio.historical[0].name not in html
    assert "77\u202f000,00" not in html
    assert reverse("projects:project_detail", args=[funded.pk]) not in html


def test_public_projects__search__narrows(client: Client, portfolio: Portfolio) -> None:
    add_funded_projects(portfolio, 1)
    Project.objects.filter(pk=portfolio.funded[1].pk).update(name="Vetytalouden testialusta")
    html = client.get(reverse("public_projects"), {"q": "vety"}).content.decode()
    assert "Vetytalouden testialusta" in html and portfolio.funded[0].name not in html


def test_public_projects__query_count__is_fixed(client: Client, portfolio: Portfolio) -> None:
    # given one funded project, when the page is read: count the queries
    client.get(reverse("public_projects"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("public_projects"))
    # when there are twenty (and historical projects besides), then the count is the same
    add_funded_projects(portfolio, 19)
    add_historical_projects(portfolio, 5)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("public_projects"))
    assert len(response.context["object_list"]) == 20
    assert len(twenty.captured_queries) == len(one.captured_queries) == 2, [
        q["sql"] for q in twenty.captured_queries
    ]


def test_public_projects__money__is_exact_sum_of_frame_sources(portfolio: Portfolio) -> None:
    project = public_projects().get(pk=portfolio.funded[0].pk)
    assert project.eu_state == Decimal("115500.00")
    assert project.start_date == dt.date(2025, 1, 1)


def test_public_projects__unknown_filter_value__is_ignored_not_an_error(
    client: Client, portfolio: Portfolio
) -> None:
    assert client.get(reverse("public_projects"), {"q": "x" * 200}).status_code == 200


def test_public_projects__other_organisation_sign_in__same_public_view(
    client: Client, portfolio: Portfolio
) -> None:
    client.force_login(UserFactory.applicant(OrganisationFactory()))
    assert client.get(reverse("public_projects")).status_code == 200


# --- the project page's money plan -------------------------------------------------------------------


def test_project_page__money_plan__only_for_staff_ministry_and_consortium(
    client: Client, portfolio: Portfolio
) -> None:
    # given a funded project whose budget includes 100 000 € of personnel costs in 2025
    project = portfolio.funded[0]
    url = reverse("projects:project_detail", args=[project.pk])
    for name, user in users(portfolio).items():
        client.force_login(user)
        response = client.get(url)
        # then everyone sees the page, and only those the rules allow see the plan
        assert response.status_code == 200, name
        assert ("plan" in response.context) is can_see_project_plan(user, project), name
