from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Role
from pipeline.models import PartnerRole, Proposal, ProposalPartner
from tests.factories import AgreementFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_proposal(agreement, lead):
    theme = ThemeFactory(agreement=agreement)
    proposal = Proposal.objects.create(
        agreement=agreement,
        title=f"Ehdotus {lead.name}",
        summary="…",
        theme=theme,
        start_date="2024-01-01",
        end_date="2025-12-31",
    )
    ProposalPartner.objects.create(proposal=proposal, organisation=lead, role=PartnerRole.LEAD)
    return proposal


def test_api__anonymous__is_denied(client) -> None:
    # given no signed-in user; when the API is asked for proposals; then access is denied
    assert client.get("/api/v1/proposals/").status_code in {401, 403}


def test_api_proposals__applicant__sees_only_own_organisations(client) -> None:
    # given two organisations' proposals and an applicant of the first
    agreement = AgreementFactory()
    own_org, other_org = OrganisationFactory(), OrganisationFactory()
    own = make_proposal(agreement, own_org)
    make_proposal(agreement, other_org)
    user = UserFactory.applicant(own_org, agreement=agreement)
    client.force_login(user)
    # when listing proposals
    data = client.get("/api/v1/proposals/").json()
    # then only the own proposal is there
    assert [p["id"] for p in data["results"]] == [own.pk]


def test_api_proposals__coordinator__sees_own_agreement_only(client) -> None:
    a1, a2 = AgreementFactory(), AgreementFactory()
    p1 = make_proposal(a1, OrganisationFactory())
    make_proposal(a2, OrganisationFactory())
    client.force_login(UserFactory.with_role(Role.COORDINATOR, agreement=a1))
    assert [p["id"] for p in client.get("/api/v1/proposals/").json()["results"]] == [p1.pk]


def test_api_proposals__user_without_role__sees_nothing(client) -> None:
    make_proposal(AgreementFactory(), OrganisationFactory())
    client.force_login(UserFactory())
    assert client.get("/api/v1/proposals/").json()["count"] == 0


def test_api_proposals__query_count__is_fixed(client, django_assert_num_queries) -> None:
    # given a ministry user and 1, then 20 proposals; when listed; then the query count does not grow
    agreement = AgreementFactory()
    client.force_login(UserFactory.with_role(Role.MINISTRY))
    make_proposal(agreement, OrganisationFactory())
    with django_assert_num_queries(6):
        client.get("/api/v1/proposals/")
    for _ in range(19):
        make_proposal(agreement, OrganisationFactory())
    with django_assert_num_queries(6):
        response = client.get("/api/v1/proposals/")
    assert response.json()["count"] == 20


def test_api_schema__is_valid_openapi(tmp_path) -> None:
    # given the API; when the schema is generated with validation and warnings as errors; then it succeeds
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "openapi: 3" in out.read_text()
