"""The API of review, steering-group decisions, funding decisions and change requests: the scenario end to
end, refusals by role, and list query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role
from pipeline.models import ProposalStatus
from projects.models import Project
from review.models import Review
from tests.factories import UserFactory
from tests.pages_data import add_proposals
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict) -> object:
    return client.post(url, data, content_type="application/json")


def test_api__scenario_review_to_project() -> None:
    s = build_scenario()
    p = s.proposal
    coordinator = as_user(s.coordinator)
    # the reviewer from the lead organisation is refused with the reason; two others are assigned
    refused = post(
        coordinator, "/api/v1/reviews/", {"proposal": p.pk, "reviewer": s.reviewer_from_lead.username}
    )
    assert refused.status_code == 400 and "Testiyliopisto" in str(refused.json())
    for reviewer in (s.reviewer, s.sg_espoo):
        assert (
            post(
                coordinator, "/api/v1/reviews/", {"proposal": p.pk, "reviewer": reviewer.username}
            ).status_code
            == 201
        )
    # each scores every criterion
    for reviewer, value in ((s.reviewer, 3), (s.sg_espoo, 5)):
        review = Review.objects.get(reviewer=reviewer)
        scores = [{"criterion": c.pk, "value": value, "comment": "ok"} for c in s.criteria]
        response = post(as_user(reviewer), f"/api/v1/reviews/{review.pk}/scores/", {"scores": scores})
        assert response.status_code == 200 and response.json()["status"] == "submitted"
    summary = coordinator.get(f"/api/v1/call-summaries/{s.call.pk}/").json()
    assert summary["rows"][0]["weighted"] == "4.0000" and summary["rows"][0]["sd"] == "1.0000"
    # the steering group meets, the cities take positions, the chair presents
    chair = as_user(s.sg_helsinki)
    meeting = post(
        chair,
        "/api/v1/meetings/",
        {
            "agreement": s.p.agreement.slug,
            "date": "2025-02-12",
            "chair": s.sg_helsinki.username,
            "attendees": [s.sg_helsinki.username, s.sg_espoo.username],
        },
    )
    assert meeting.status_code == 201, meeting.json()
    item = post(chair, f"/api/v1/meetings/{meeting.json()['id']}/agenda/", {"proposal": p.pk}).json()
    for member in (s.sg_helsinki, s.sg_espoo):
        assert (
            post(
                as_user(member), f"/api/v1/agenda-items/{item['id']}/position/", {"position": "supports"}
            ).status_code
            == 200
        )
    assert (
        post(
            as_user(s.sg_espoo),
            f"/api/v1/agenda-items/{item['id']}/decide/",
            {"outcome": "present", "rationale": "x"},
        ).status_code
        == 403
    )
    decided = post(
        chair, f"/api/v1/agenda-items/{item['id']}/decide/", {"outcome": "present", "rationale": "Hyvä"}
    )
    assert decided.status_code == 200 and len(decided.json()["positions"]) == 2
    # the funding authority decides; less ERDF without cover is refused, then as applied
    officer = as_user(s.officer)
    body = {
        "proposal": p.pk,
        "decided_on": "2025-03-03",
        "eura_code": "A81234",
        "granted": [{"fund": "ERDF", "amount": "70000.00"}, {"fund": "STATE", "amount": "38500.00"}],
    }
    assert post(officer, "/api/v1/funding-decisions/", body).status_code == 400
    body["granted"][0]["amount"] = "77000.00"
    assert post(as_user(s.coordinator), "/api/v1/funding-decisions/", body).status_code == 403
    created = post(officer, "/api/v1/funding-decisions/", body)
    assert created.status_code == 201, created.json()
    project = Project.objects.get(pk=created.json()["project"])
    assert project.proposal.status == ProposalStatus.FUNDED
    # the implementer asks for an extension; the funding authority approves
    change = post(
        as_user(s.applicant),
        "/api/v1/change-requests/",
        {"project": project.pk, "reason": "Viive", "end_date": "2027-06-30"},
    )
    assert change.status_code == 201, change.json()
    assert (
        post(
            as_user(s.applicant), f"/api/v1/change-requests/{change.json()['id']}/decide/", {"approve": True}
        ).status_code
        == 403
    )
    approved = post(officer, f"/api/v1/change-requests/{change.json()['id']}/decide/", {"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_api_reviews__reviewer_sees_only_own__applicant_none() -> None:
    s = build_scenario(proposals=2)
    for proposal in s.p.proposals:
        post(
            as_user(s.coordinator),
            "/api/v1/reviews/",
            {"proposal": proposal.pk, "reviewer": s.reviewer.username},
        )
    post(
        as_user(s.coordinator),
        "/api/v1/reviews/",
        {"proposal": s.proposal.pk, "reviewer": s.sg_espoo.username},
    )
    assert as_user(s.coordinator).get("/api/v1/reviews/").json()["count"] == 3
    assert as_user(s.reviewer).get("/api/v1/reviews/").json()["count"] == 2
    assert as_user(s.applicant).get("/api/v1/reviews/").json()["count"] == 0
    assert as_user(s.applicant).get(f"/api/v1/call-summaries/{s.call.pk}/").status_code == 404
    assert as_user(s.reviewer).get(f"/api/v1/call-summaries/{s.call.pk}/").status_code == 404
    assert as_user(s.applicant).get("/api/v1/meetings/").json()["count"] == 0


def test_api_criteria__reviewer_cannot_change__steering_group_can() -> None:
    s = build_scenario()
    body = {"call": s.call.pk, "name": "Vaikuttavuus", "weight": "2.00"}
    assert post(as_user(s.reviewer), "/api/v1/review-criteria/", body).status_code == 403
    assert post(as_user(s.sg_espoo), "/api/v1/review-criteria/", body).status_code == 201
    assert as_user(s.reviewer).get(f"/api/v1/review-criteria/?call={s.call.pk}").json()["count"] == 7
    assert as_user(s.applicant).get("/api/v1/review-criteria/").json()["count"] == 0


def test_api_review_list__query_count__same_for_1_and_10(django_assert_num_queries) -> None:
    s = build_scenario(proposals=1)
    client = as_user(s.coordinator)
    post(client, "/api/v1/reviews/", {"proposal": s.proposal.pk, "reviewer": s.reviewer.username})
    client.get("/api/v1/reviews/")
    with django_assert_num_queries(6):
        client.get("/api/v1/reviews/")
    for proposal in add_proposals(s.p, 9):
        proposal.call = s.call
        proposal.save(update_fields=["call"])
        post(client, "/api/v1/reviews/", {"proposal": proposal.pk, "reviewer": s.reviewer.username})
    with django_assert_num_queries(6):
        assert client.get("/api/v1/reviews/").json()["count"] == 10


def test_api_meeting_list__query_count__same_for_1_and_10(django_assert_num_queries) -> None:
    s = build_scenario()
    client = as_user(s.coordinator)
    ministry = as_user(UserFactory.with_role(Role.MINISTRY, password="!"))

    def meeting(day: int) -> None:
        post(
            client,
            "/api/v1/meetings/",
            {
                "agreement": s.p.agreement.slug,
                "date": f"2025-04-{day:02d}",
                "attendees": [s.sg_helsinki.username],
            },
        )

    meeting(1)
    ministry.get("/api/v1/meetings/")
    with django_assert_num_queries(7):
        ministry.get("/api/v1/meetings/")
    for day in range(2, 11):
        meeting(day)
    with django_assert_num_queries(7):
        assert ministry.get("/api/v1/meetings/").json()["count"] == 10
