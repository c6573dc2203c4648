"""/api/v1/ for calls, ideas and proposals: the same rules and messages as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from audit.models import AuditEntry
from pipeline import services
from pipeline.models import Idea, IdeaStatus, Proposal, ProposalStatus
from tests.pipeline_world import build_world, fill_valid, invited_draft, submit_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def api(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_api_calls__coordinator_creates_and_opens__applicant_is_refused(client, w) -> None:
    body = {
        "agreement": w.agreement.slug, "title": "Haku", "themes": ["T1"],
        "opens_on": "2026-01-01", "closes_on": "2026-12-31",
    }  # fmt: skip
    assert post(api(client, w.applicant), "/api/v1/calls/", body).status_code == 403
    created = post(api(client, w.coordinator), "/api/v1/calls/", body)
    assert created.status_code == 201 and created.json()["status"] == "draft"
    call_id = created.json()["id"]
    opened = post(client, f"/api/v1/calls/{call_id}/transition/", {"to_status": "open"})
    assert opened.json()["status"] == "open"
    assert patch(client, f"/api/v1/calls/{call_id}/", {"title": "Uusi"}).json()["title"] == "Uusi"
    bad = post(client, "/api/v1/calls/", {**body, "themes": ["NOPE"]})
    assert bad.status_code == 400 and "NOPE" in str(bad.json())


def test_api_ideas__submit_comment_merge_invite(client, w) -> None:
    # given an applicant; when they submit two ideas through the API
    a = api(client, w.applicant)
    body = {"call": w.call.pk, "organisation": w.p.university.pk, "theme": "T1", "title": "A", "summary": "S"}
    first = post(a, "/api/v1/ideas/", body).json()
    second = post(a, "/api/v1/ideas/", {**body, "title": "B"}).json()
    # then the applicant cannot act as the coordinator
    assert post(a, f"/api/v1/ideas/{first['id']}/invite/").status_code == 403
    # when the coordinator comments, merges the second into the first and invites the first
    c = api(client, w.coordinator)
    assert (
        post(c, f"/api/v1/ideas/{first['id']}/comment/", {"body": "Hyvä"}).json()["comments"][0]["body"]
        == "Hyvä"
    )
    merged = post(c, f"/api/v1/ideas/{second['id']}/merge/", {"other": first["id"]}).json()
    assert (merged["status"], merged["merged_into"]) == ("merged", first["id"])
    assert post(c, f"/api/v1/ideas/{first['id']}/invite/").json()["status"] == "invited"
    # and the invited applicant creates the proposal from it
    created = post(api(client, w.applicant), "/api/v1/proposals/", {"idea": first["id"]})
    assert created.status_code == 201 and created.json()["title"] == "A"


def test_api_ideas__closed_call_or_other_organisation__is_refused(client, w) -> None:
    body = {"call": w.call.pk, "organisation": w.p.university.pk, "theme": "T1", "title": "A", "summary": "S"}
    assert post(api(client, w.outsider), "/api/v1/ideas/", body).status_code == 403
    services.call_transition(call=w.call, to_status="closed", actor=w.coordinator)
    refused = post(api(client, w.applicant), "/api/v1/ideas/", body)
    assert refused.status_code == 400 and "ei ole avoinna ideoille" in str(refused.json())


def test_api_ideas__list__applicant_sees_own_only(client, w) -> None:
    own = submit_idea(w)
    services.idea_submit(
        call=w.call,
        organisation=w.p.company,
        theme=w.p.themes["T1"],
        title="x",
        summary="y",
        actor=w.company_applicant,
    )
    assert [i["id"] for i in api(client, w.applicant).get("/api/v1/ideas/").json()["results"]] == [own.pk]
    assert api(client, w.coordinator).get("/api/v1/ideas/").json()["count"] == 2


def test_api_proposal__draft_to_submission_with_messages(client, w) -> None:
    # given an invited draft
    proposal = invited_draft(w)
    url = f"/api/v1/proposals/{proposal.pk}/"
    a = api(client, w.applicant)
    # when the applicant sends the whole plan in one PATCH, with 36 % own financing and a year 2031
    body = {
        "objectives": "Tavoite",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "partners": [
            {"organisation": w.p.university.pk, "role": "lead"},
            {"organisation": w.p.company.pk, "role": "partner", "tasks": "Betoni"},
            {"organisation": w.city.pk, "role": "partner"},
        ],
        "budget_lines": [
            {"year": 2026, "category": "personnel", "amount": "100000.00"},
            {"year": 2026, "category": "services", "amount": "20000.00"},
            {"year": 2027, "category": "personnel", "amount": "50000.00"},
        ],
        "financing_lines": [
            {"source": "ESF+", "amount": "77000.00"},
            {"source": "STATE", "amount": "38500.00"},
            {"source": "OWN", "organisation": w.p.university.pk, "amount": "32300.00"},
            {"source": "OWN", "organisation": w.p.company.pk, "amount": "20000.00"},
            {"source": "CITY", "organisation": w.city.pk, "amount": "17000.00"},
        ],
        "indicator_targets": [{"indicator": "RCO01", "target": "12"}],
    }
    saved = patch(a, url, body)
    assert saved.status_code == 200, saved.json()
    assert len(saved.json()["partners"]) == 3 and len(saved.json()["financing_lines"]) == 5
    # then validate lists the problems by field, and submitting is refused with the same list
    # (the API speaks the default language, Finnish: the figures are checked, in Finnish format)
    problems = {p["code"]: p for p in a.get(url + "validate/").json()["problems"]}
    assert problems["fund_not_eligible"]["field"] == "financing.ESF+"
    assert (
        "ESF+" in problems["fund_not_eligible"]["message"]
        and "T1" in problems["fund_not_eligible"]["message"]
    )
    assert problems["own_share_too_low"]["field"] == "financing"
    assert "36,0" in problems["own_share_too_low"]["message"]
    assert "7\u202f700,00" in problems["own_share_too_low"]["message"]
    # and costs in 2031 are refused naming the year
    with_2031 = [*body["budget_lines"], {"year": 2031, "category": "travel", "amount": "500.00"}]
    patch(a, url, {"budget_lines": with_2031})
    problems = {p["field"]: p for p in a.get(url + "validate/").json()["problems"]}
    assert problems["budget.2031"]["code"] == "year_outside_period"
    assert "2031" in problems["budget.2031"]["message"] and "2021–2027" in problems["budget.2031"]["message"]
    refused = post(a, url + "submit/")
    assert refused.status_code == 400 and refused.json()["valid"] is False
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
    # when the applicant fixes the plan and submits
    body["financing_lines"][0]["source"] = "ERDF"
    body["financing_lines"][2]["amount"] = "40000.00"
    patch(a, url, {"financing_lines": body["financing_lines"], "budget_lines": body["budget_lines"]})
    assert a.get(url + "validate/").json() == {"valid": True, "problems": []}
    submitted = post(a, url + "submit/")
    # then version 1 is frozen and the draft can no longer be changed
    assert submitted.status_code == 200 and (submitted.json()["status"], submitted.json()["version"]) == (
        "submitted",
        1,
    )
    assert [v["number"] for v in a.get(url + "versions/").json()["results"]] == [1]
    assert patch(a, url, {"title": "Muutos"}).status_code == 403
    # and each money edit is audited
    assert AuditEntry.objects.for_object(proposal).filter(action="proposal.financing_changed").count() == 2


def test_api_proposal__patch_is_all_or_nothing(client, w) -> None:
    proposal = invited_draft(w)
    response = patch(
        api(client, w.applicant),
        f"/api/v1/proposals/{proposal.pk}/",
        {"title": "Uusi", "budget_lines": [{"year": 2026, "category": "travel", "amount": "1.005"}]},
    )
    assert response.status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).title != "Uusi"


def test_api_proposal__diff_after_return_and_resubmit(client, w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    services.proposal_transition(proposal=proposal, to_status="in_review", actor=w.coordinator)
    services.proposal_transition(proposal=proposal, to_status="returned", actor=w.steering)
    a = api(client, w.applicant)
    url = f"/api/v1/proposals/{proposal.pk}/"
    assert patch(a, url, {"acronym": "BETONI"}).status_code == 200
    assert post(a, url + "submit/").status_code == 200
    changes = a.get(url + "diff/?version=2").json()
    assert changes["before"] == 1 and changes["after"] == 2
    assert [(c["section"], c["before"], c["after"]) for c in changes["changes"]] == [("fields", "", "BETONI")]
    assert a.get(url + "diff/?version=5").status_code == 400


def test_api_proposal__other_organisations_applicant__sees_and_edits_nothing(client, w) -> None:
    proposal = invited_draft(w)
    o = api(client, w.outsider)
    url = f"/api/v1/proposals/{proposal.pk}/"
    assert o.get(url).status_code == 404
    assert patch(o, url, {"title": "x"}).status_code == 404
    assert post(o, url + "submit/").status_code == 404
    # and the coordinator may read but not edit
    c = api(client, w.coordinator)
    assert c.get(url).status_code == 200
    assert patch(c, url, {"title": "x"}).status_code == 403


def test_api_proposal__create_for_organisation_not_acted_for__is_refused(client, w) -> None:
    body = {"agreement": w.agreement.slug, "theme": "T1", "title": "Oma", "lead": w.p.company.pk}
    assert post(api(client, w.applicant), "/api/v1/proposals/", body).status_code == 403
    made = post(client, "/api/v1/proposals/", {**body, "lead": w.p.university.pk})
    assert made.status_code == 201 and made.json()["lead"] == w.p.university.name


@pytest.mark.parametrize("path", ["/api/v1/calls/", "/api/v1/ideas/", "/api/v1/proposals/"])
def test_api_lists__query_count__is_fixed(client, w, path) -> None:
    # given the coordinator with one call, idea and proposal, then twenty of each
    c = api(client, w.coordinator)
    fill_valid(w, invited_draft(w))
    c.get(path)
    with CaptureQueriesContext(connection) as one:
        assert c.get(path).status_code == 200
    for n in range(19):
        idea = submit_idea(w, title=f"Idea {n}")
        services.idea_comment(idea=idea, body="kommentti", actor=w.coordinator)
        services.idea_invite(idea=idea, actor=w.coordinator)
        services.proposal_create_from_idea(idea=idea, actor=w.applicant)
        services.call_create(
            agreement=w.agreement,
            title=f"Call {n}",
            themes=[w.p.themes["T1"]],
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
            actor=w.coordinator,
        )
    with CaptureQueriesContext(connection) as many:
        response = c.get(path)
    # then the list runs the same number of queries
    assert response.json()["count"] == 20
    assert len(many) == len(one)
    assert Idea.objects.filter(status=IdeaStatus.INVITED).count() == 20


def test_api_proposal_submit__not_a_draft__400_in_the_documented_problems_shape(client, w) -> None:
    # given a proposal already submitted
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    # when it is submitted again through the API
    answer = post(api(client, w.applicant), f"/api/v1/proposals/{proposal.pk}/submit/")
    # then 400 in the schema's ValidationOut shape (schemathesis found a bare {"detail": [...]} here)
    body = answer.json()
    assert answer.status_code == 400 and body["valid"] is False
    assert [(p["field"], p["code"]) for p in body["problems"]] == [("status", "refused")]
    assert body["problems"][0]["message"]
