"""Review pages and the funding pages: who may open what, the forms' errors, and pinned query counts."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pipeline.models import Proposal, ProposalStatus
from projects.services import funding_decision_record
from review.models import Review
from review.services import review_assign, review_submit
from tests.pages_data import add_proposals
from tests.review_scenario import all_scores, build_scenario

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def s():
    scenario = build_scenario(proposals=2)
    review = review_assign(proposal=scenario.proposal, reviewer=scenario.reviewer, actor=scenario.coordinator)
    review_submit(review=review, scores=all_scores(scenario, 4), actor=scenario.reviewer)
    return scenario


def test_review_pages__by_role(s) -> None:
    # given the pages of the review
    review = Review.objects.get()
    pages = {
        "summary": reverse("review:summary", args=[s.call.pk]),
        "criteria": reverse("review:criteria", args=[s.call.pk]),
        "proposal": reverse("review:proposal_reviews", args=[s.proposal.pk]),
        "score": reverse("review:review_score", args=[review.pk]),
    }
    allowed = {
        "coordinator": {"summary", "criteria", "proposal"},
        "sg_helsinki": {"summary", "criteria", "proposal"},
        "reviewer": {"criteria", "proposal", "score"},
        "reviewer_from_lead": {"criteria", "proposal"},
        "applicant": set(),
        "officer": set(),
        "outsider": set(),
    }
    # when each role opens each page; then exactly the allowed ones open (403 or 404 otherwise)
    for role, pages_allowed in allowed.items():
        client = as_user(getattr(s, role))
        for name, url in pages.items():
            code = client.get(url).status_code
            assert (code == 200) == (name in pages_allowed), (role, name, code)
            assert code in {200, 403, 404}, (role, name, code)


def test_review_pages__scores_of_others__hidden_from_a_reviewer(s) -> None:
    review_assign(proposal=s.proposal, reviewer=s.sg_espoo, actor=s.coordinator)
    page = as_user(s.sg_espoo).get(reverse("review:proposal_reviews", args=[s.proposal.pk])).content.decode()
    # the steering-group member sees the scores (staff), the expert reviewer only their own
    assert "Arttu" in page
    page = as_user(s.reviewer).get(reverse("review:proposal_reviews", args=[s.proposal.pk])).content.decode()
    assert "jr-espoo" not in page


def test_score_page__missing_scores__shows_error_per_criterion(s) -> None:
    review = Review.objects.get()
    response = as_user(s.reviewer).post(reverse("review:review_score", args=[review.pk]), {})
    assert response.status_code == 400
    assert response.content.decode().count("govuk-error-message") >= len(s.criteria)


def test_criteria_page__steering_group_adds__reviewer_cannot_post(s) -> None:
    url = reverse("review:criteria", args=[s.call.pk])
    data = {"criterion-name": "Alueellinen vaikuttavuus", "criterion-weight": "1,5", "criterion-order": "7"}
    assert as_user(s.sg_espoo).post(url, data).status_code == 302
    assert s.call.criteria.filter(name="Alueellinen vaikuttavuus").exists()
    assert as_user(s.reviewer).post(url, {**data, "criterion-name": "Toinen"}).status_code == 403


def test_summary_page__explains_the_method(s) -> None:
    text = as_user(s.coordinator).get(reverse("review:summary", args=[s.call.pk])).content.decode()
    assert "Miten pisteet lasketaan" in text and "keskihajonta" in text.lower()


def test_my_reviews__query_count__same_for_1_and_8(s, django_assert_num_queries) -> None:
    client = as_user(s.reviewer)
    client.get(reverse("review:my_reviews"))
    # 7: the filter form adds its calls and whether I have any review at all
    with django_assert_num_queries(7):
        client.get(reverse("review:my_reviews"))
    add_proposals(s.p, 6)
    Proposal.objects.filter(call__isnull=True).update(call=s.call)
    for proposal in Proposal.objects.exclude(reviews__reviewer=s.reviewer):
        review_assign(proposal=proposal, reviewer=s.reviewer, actor=s.coordinator)
    with django_assert_num_queries(7):
        response = client.get(reverse("review:my_reviews"))
    assert response.content.decode().count("/score/") == 8


def test_summary_page__query_count__same_for_2_and_8_proposals(s, django_assert_num_queries) -> None:
    client = as_user(s.coordinator)
    url = reverse("review:summary", args=[s.call.pk])
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
    add_proposals(s.p, 6)
    Proposal.objects.filter(call__isnull=True).update(call=s.call)
    for proposal in Proposal.objects.filter(status=ProposalStatus.SUBMITTED):
        review = review_assign(proposal=proposal, reviewer=s.sg_espoo, actor=s.coordinator)
        review_submit(review=review, scores=all_scores(s, 3), actor=s.sg_espoo)
    with django_assert_num_queries(8):
        client.get(url)


# --- funding pages ------------------------------------------------------------------------------------


def test_funding_pages__by_role() -> None:
    s = build_scenario(status=ProposalStatus.PRESENTED)
    decision_url = reverse("projects:funding_decision", args=[s.proposal.pk])
    assert as_user(s.officer).get(decision_url).status_code == 200
    for user in (s.coordinator, s.sg_helsinki, s.applicant, s.reviewer, s.outsider):
        assert as_user(user).get(decision_url).status_code == 403
        assert as_user(user).post(decision_url, {}).status_code == 403
    assert as_user(s.coordinator).get(reverse("projects:funding_queue")).status_code == 200
    for user in (s.applicant, s.reviewer, s.outsider):
        assert as_user(user).get(reverse("projects:funding_queue")).status_code == 403
    # the project's change requests: its implementers and staff
    project = funding_decision_record(
        proposal=s.proposal,
        decided_on=s.call.closes_on,
        eura_code="",
        actor=s.officer,
        granted={
            "ERDF": s.proposal.financing_lines.get(source="ERDF").amount,
            "STATE": s.proposal.financing_lines.get(source="STATE").amount,
        },
    )
    changes = reverse("projects:change_requests", args=[project.pk])
    for user in (s.applicant, s.officer, s.coordinator):
        assert as_user(user).get(changes).status_code == 200
    for user in (s.reviewer, s.outsider):
        assert as_user(user).get(changes).status_code == 403
    assert as_user(s.officer).post(changes, {"reason": "x"}).status_code == 403


def test_funding_decision_page__too_much_granted__error_on_the_field() -> None:
    s = build_scenario(status=ProposalStatus.PRESENTED)
    response = as_user(s.officer).post(
        reverse("projects:funding_decision", args=[s.proposal.pk]),
        {"decided_on": "2025-03-03", "granted_ERDF": "99 000", "granted_STATE": "38 500"},
    )
    assert response.status_code == 400
    assert "on enemmän kuin haettu" in response.content.decode()


def test_change_request_page__move_and_approve() -> None:
    s = build_scenario(status=ProposalStatus.PRESENTED)
    project = funding_decision_record(
        proposal=s.proposal,
        decided_on=s.call.closes_on,
        eura_code="A1",
        actor=s.officer,
        granted={
            "ERDF": s.proposal.financing_lines.get(source="ERDF").amount,
            "STATE": s.proposal.financing_lines.get(source="STATE").amount,
        },
    )
    url = reverse("projects:change_requests", args=[project.pk])
    data = {
        "reason": "Hankinta siirtyy",
        "budget_2025_personnel": "100000",
        "budget_2025_services": "5000",
        "budget_2026_personnel": "50000",
        "budget_2026_services": "15000",
    }
    response = as_user(s.applicant).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    detail = response["Location"]
    # and both pages are a project's pages: the menu marks "Projects", as on its reports and claims
    for page in (url, detail):
        html = as_user(s.officer).get(page).content.decode()
        active = re.findall(
            r'govuk-service-navigation__link" href="[^"]*" aria-current="true">([^<]+)<', html
        )
        assert active == ["Hankkeet"], (page, active)
    assert as_user(s.officer).post(detail, {"decision": "approve"}).status_code == 302
    assert project.budget_lines.get(year=2026, category="services").amount == 15000


def test_score_page__shows_the_proposal_and_a_link_the_reviewer_can_open(s) -> None:
    # given the reviewer's review; when they open the scoring page
    review = Review.objects.get()
    client = as_user(s.reviewer)
    response = client.get(reverse("review:review_score", args=[review.pk]))
    html = response.content.decode()
    # then the proposal's content is on the page: its summary, theme and consortium
    assert s.proposal.summary.strip()[:40] in html
    assert s.proposal.theme.name in html and "Testiyliopisto" in html
    # and a link to the whole proposal, which the reviewer may open
    link = reverse("pipeline:proposal_detail", args=[s.proposal.pk])
    assert f'href="{link}"' in html
    assert client.get(link).status_code == 200
    # and the page's title is the verb, not a column heading
    assert "<title>Pisteytä hakemus" in html


def test_score_column_heading__reads_scores_not_score_the(s) -> None:
    with translation.override("fi"):
        assert translation.gettext("Score") == "Pisteet"
    with translation.override("sv"):
        assert translation.gettext("Score") == "Poäng"


# --- no lost update (audit.locking) -------------------------------------------------------------------


def _scores_form(s, value: int, version: str) -> dict[str, str]:
    data = {f"criterion_{c.pk}": str(value) for c in s.criteria}
    return data | {f"comment_{c.pk}": f"arvio {value}" for c in s.criteria} | {"version": version}


def test_score_page__two_saves_from_the_same_read__the_second_is_told_what_changed(s) -> None:
    # given the reviewer's scoring page open in two windows
    import re

    review = Review.objects.get()
    url = reverse("review:review_score", args=[review.pk])
    client = as_user(s.reviewer)
    found = re.search(r'name="version" value="([^"]+)"', client.get(url).content.decode())
    assert found
    version = found.group(1).replace("&quot;", '"')
    # when both are saved, the second on the version both were opened with
    assert client.post(url, _scores_form(s, 2, version)).status_code == 302
    response = client.post(url, _scores_form(s, 5, version))
    # then the second is refused (409) naming the change; the first scores stand
    assert response.status_code == 409 and "review.changed" in response.content.decode()
    assert set(review.scores.values_list("value", flat=True)) == {2}


def test_api_scores__two_posts_from_the_same_read__the_second_is_412(s) -> None:
    review = Review.objects.get()
    client = as_user(s.reviewer)
    read = client.get(f"/api/v1/reviews/{review.pk}/")
    tag = read["ETag"]

    def post(value: int, tag: str):
        body = {"scores": [{"criterion": c.pk, "value": value, "comment": "x"} for c in s.criteria]}
        return client.post(
            f"/api/v1/reviews/{review.pk}/scores/",
            body,
            content_type="application/json",
            headers={"If-Match": tag},
        )

    first = post(3, tag)
    assert first.status_code == 200 and first["ETag"] != tag
    second = post(1, tag)
    assert second.status_code == 412 and second.json()["etag"] == first["ETag"] == second["ETag"]
    assert set(review.scores.values_list("value", flat=True)) == {3}
    assert post(1, first["ETag"]).status_code == 200


def test_api_criteria__two_puts_from_the_same_read__the_second_is_412(s) -> None:
    criterion = s.criteria[0]
    client = as_user(s.coordinator)
    url = f"/api/v1/review-criteria/{criterion.pk}/"
    tag = client.get(url)["ETag"]

    def put(name: str, tag: str):
        body = {"call": s.call.pk, "name": name, "weight": "2.00"}
        return client.put(url, body, content_type="application/json", headers={"If-Match": tag})

    assert put("Ensimmäinen", tag).status_code == 200
    assert put("Toinen", tag).status_code == 412
    criterion.refresh_from_db()
    assert criterion.name == "Ensimmäinen"
