"""The pipeline's pages as people use them: a call, an idea, an invitation, the proposal edit page with
its validation messages linked to the fields, submitting, versions and their changes, and refusals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pipeline import services
from pipeline.models import Call, Idea, IdeaStatus, Proposal, ProposalStatus
from tests.pipeline_world import BUDGET, build_world, fill_valid, invited_draft, submit_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def as_user(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def edit_data(response) -> dict[str, Any]:
    """The edit page's form as the browser would post it, unchanged."""
    data: dict[str, Any] = {}
    for form_or_set in response.context["forms"].values():
        forms = getattr(form_or_set, "forms", None)
        if forms is not None:
            management = form_or_set.management_form
            for name in management.fields:
                data[management[name].html_name] = management[name].value()
        for form in forms if forms is not None else [form_or_set]:
            for field in form:
                value = field.value()
                if value is None:
                    continue
                if isinstance(value, list):
                    data[field.html_name] = [str(v) for v in value]
                else:
                    data[field.html_name] = str(value)
    return data


def test_call_pages__coordinator_creates_and_opens__applicant_sees_it(client, w) -> None:
    # given the coordinator; when they create a call on the page and open it
    c = as_user(client, w.coordinator)
    today = timezone.localdate()
    response = c.post(
        reverse("pipeline:call_create"),
        {
            "title": "Terveysteknologian ideahaku",
            "themes": [w.p.themes["T1"].pk],
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(),
            "instructions": "Lyhyesti.",
        },
    )
    call = Call.objects.get(title="Terveysteknologian ideahaku")
    assert response.status_code == 302 and call.status == "draft"
    # then an applicant does not see the draft
    a = as_user(client, w.applicant)
    assert a.get(reverse("pipeline:call_detail", args=[call.pk])).status_code == 404
    # when the coordinator opens it; then the applicant sees it with a button to submit an idea
    as_user(client, w.coordinator).post(reverse("pipeline:call_transition", args=[call.pk]), {"to": "open"})
    page = as_user(client, w.applicant).get(reverse("pipeline:call_detail", args=[call.pk]))
    assert (
        page.status_code == 200 and reverse("pipeline:idea_create", args=[call.pk]) in page.content.decode()
    )


def test_call_create__applicant__is_forbidden(client, w) -> None:
    assert as_user(client, w.applicant).get(reverse("pipeline:call_create")).status_code == 403
    response = client.post(reverse("pipeline:call_transition", args=[w.call.pk]), {"to": "closed"})
    assert response.status_code == 403 and Call.objects.get(pk=w.call.pk).status == "open"


def test_idea_pages__submit_invite_and_create_proposal(client, w) -> None:
    # given an applicant on the open call's idea form
    a = as_user(client, w.applicant)
    response = a.post(
        reverse("pipeline:idea_create", args=[w.call.pk]),
        {
            "organisation": w.p.university.pk,
            "theme": w.p.themes["T1"].pk,
            "title": "Betoni",
            "summary": "Kokeilu",
        },
    )
    idea = Idea.objects.get(title="Betoni")
    assert response.status_code == 302 and idea.submitted_by == w.applicant
    # when the coordinator comments and invites it on the idea's page
    c = as_user(client, w.coordinator)
    c.post(reverse("pipeline:idea_action", args=[idea.pk, "comment"]), {"body": "Hyvä idea."})
    c.post(reverse("pipeline:idea_action", args=[idea.pk, "invite"]), {"invite-note": "Tervetuloa."})
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.INVITED
    # then the applicant sees the comment and creates the proposal, landing on its edit page
    a = as_user(client, w.applicant)
    page = text(a.get(reverse("pipeline:idea_detail", args=[idea.pk])))
    assert "Hyvä idea." in page
    response = a.post(reverse("pipeline:idea_action", args=[idea.pk, "propose"]))
    proposal = Proposal.objects.get(idea=idea)
    assert response.status_code == 302 and response["Location"] == reverse(
        "pipeline:proposal_edit", args=[proposal.pk]
    )


def test_idea_create__closed_call__shows_the_reason(client, w) -> None:
    services.call_transition(call=w.call, to_status="closed", actor=w.coordinator)
    response = as_user(client, w.applicant).post(
        reverse("pipeline:idea_create", args=[w.call.pk]),
        {"organisation": w.p.university.pk, "theme": w.p.themes["T1"].pk, "title": "x", "summary": "y"},
    )
    assert response.status_code == 400 and "ei ole avoinna ideoille" in text(response)


def test_idea_detail__other_organisations_applicant__is_not_found(client, w) -> None:
    idea = submit_idea(w)
    assert as_user(client, w.outsider).get(reverse("pipeline:idea_detail", args=[idea.pk])).status_code == 404
    response = client.post(reverse("pipeline:idea_action", args=[idea.pk, "invite"]))
    assert response.status_code == 404 and Idea.objects.get(pk=idea.pk).status == "submitted"


def test_proposal_edit_page__breaking_rules__lists_each_message_linked_to_its_field(client, w) -> None:
    # given a valid draft on the edit page
    proposal = fill_valid(w, invited_draft(w))
    a = as_user(client, w.applicant)
    url = reverse("pipeline:proposal_edit", args=[proposal.pk])
    page = a.get(url)
    assert page.status_code == 200 and "sen voi jättää" in text(page)  # (Finnish, the default language)
    data = edit_data(page)
    # when the applicant moves ERDF to ESF+, lowers own financing to 36 % and adds costs in 2031, then submits
    rows = {data[f"financing-{i}-source"]: i for i in range(5)}
    data[f"financing-{rows['ERDF']}-source"] = "ESF+"
    university_row = next(
        i for i in range(5) if data.get(f"financing-{i}-organisation") == str(w.p.university.pk)
    )
    data[f"financing-{university_row}-amount"] = "32 300,00"
    data["basics-end_date"] = "2031-12-31"
    response = a.post(url, {**data, "action": "save"})
    assert response.status_code == 302
    page = a.get(url)
    # then the page lists what stops submitting (in Finnish, the default language)
    listed = text(page)
    assert "Omarahoitus on 36,0 % tukikelpoisista kustannuksista" in listed
    assert "ESF+ ei voi rahoittaa teeman T1 hanketta" in listed
    data = edit_data(page)
    data["budget-y2031_travel"] = "1 000,00"
    response = a.post(url, {**data, "action": "submit"})
    # then nothing is submitted and each rule's message is in the error summary, linked to its field
    assert response.status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
    html = response.content.decode()
    summary = text(response)
    assert "Hakemusta ei jätetty: korjaa ensin nämä" in summary
    assert "ESF+ ei voi rahoittaa teeman T1 hanketta" in summary
    assert "Budjettivuosi 2031 on ohjelmakauden 2021–2027 ulkopuolella" in summary
    esf_row = next(i for i in range(6) if data.get(f"financing-{i}-source") == "ESF+")
    assert f'href="#id_financing-{esf_row}-amount"' in html
    assert 'href="#id_budget-y2031_personnel"' in html
    assert 'href="#id_basics-end_date"' in html
    # when the applicant fixes them and submits
    data = edit_data(response)
    esf_row = next(i for i in range(6) if data.get(f"financing-{i}-source") == "ESF+")
    university_row = next(
        i for i in range(6) if data.get(f"financing-{i}-organisation") == str(w.p.university.pk)
    )
    data[f"financing-{esf_row}-source"] = "ERDF"
    data[f"financing-{university_row}-amount"] = "40000"
    data["budget-y2031_travel"] = ""
    data["basics-end_date"] = "2027-12-31"
    response = a.post(url, {**data, "action": "submit"})
    # then it is submitted as version 1 and the edit page is closed to them
    proposal.refresh_from_db()
    assert response.status_code == 302, text(response)[:2000]
    assert (proposal.status, proposal.version) == (ProposalStatus.SUBMITTED, 1)
    assert a.get(url).status_code == 403


def test_proposal_edit_page__bad_amount__is_shown_and_nothing_saved(client, w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    a = as_user(client, w.applicant)
    url = reverse("pipeline:proposal_edit", args=[proposal.pk])
    data = edit_data(a.get(url))
    data["budget-y2026_travel"] = "paljon"
    data["basics-title"] = "Uusi nimi"
    response = a.post(url, {**data, "action": "save"})
    assert response.status_code == 400
    assert 'href="#id_budget-y2026_travel"' in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).title != "Uusi nimi"


def test_proposal_edit_page__refusals(client, w) -> None:
    # given a draft of the university, with the company as a partner
    proposal = fill_valid(w, invited_draft(w))
    url = reverse("pipeline:proposal_edit", args=[proposal.pk])
    # then another organisation's applicant does not even find it; the coordinator sees but cannot edit
    assert as_user(client, w.outsider).get(url).status_code == 404
    assert (
        as_user(client, w.outsider).get(reverse("pipeline:proposal_detail", args=[proposal.pk])).status_code
        == 404
    )
    assert (
        as_user(client, w.coordinator)
        .get(reverse("pipeline:proposal_detail", args=[proposal.pk]))
        .status_code
        == 200
    )
    assert as_user(client, w.coordinator).get(url).status_code == 403
    # and the partner's applicant may edit
    assert as_user(client, w.company_applicant).get(url).status_code == 200


def test_proposal_versions_and_changes__after_return_and_resubmit__show_before_and_after(client, w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    services.proposal_transition(proposal=proposal, to_status="in_review", actor=w.reviewer)
    services.proposal_transition(proposal=proposal, to_status="returned", actor=w.steering)
    services.proposal_update(proposal=proposal, actor=w.applicant, changes={"title": "Kierrätysbetoni 2.0"})
    services.proposal_set_budget(
        proposal=proposal,
        lines=[*BUDGET[:2], (2027, "personnel", "50000.00"), (2027, "travel", "0")],
        actor=w.applicant,
    )
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    c = as_user(client, w.coordinator)
    versions = c.get(reverse("pipeline:proposal_versions", args=[proposal.pk]))
    assert reverse("pipeline:proposal_diff", args=[proposal.pk, 2]) in versions.content.decode()
    page = text(c.get(reverse("pipeline:proposal_diff", args=[proposal.pk, 2])))
    assert "Kierrätysbetonin kokeilu" in page and "Kierrätysbetoni 2.0" in page
    assert c.get(reverse("pipeline:proposal_diff", args=[proposal.pk, 3])).status_code == 404
    assert (
        as_user(client, w.outsider).get(reverse("pipeline:proposal_diff", args=[proposal.pk, 2])).status_code
        == 404
    )


def test_activity_feed__proposal_page__shows_the_steps(client, w) -> None:
    proposal = fill_valid(w, invited_draft(w))
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    page = as_user(client, w.coordinator).get(reverse("pipeline:proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200 and f"activity-proposal-{proposal.pk}" in page.content.decode()


@pytest.mark.parametrize("name", ["pipeline:call_list", "pipeline:idea_list"])
def test_lists__query_count__is_fixed(client, w, django_assert_max_num_queries, name) -> None:
    # given the coordinator and one idea and call, then twenty of each
    c = as_user(client, w.coordinator)
    submit_idea(w)
    c.get(reverse(name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert c.get(reverse(name)).status_code == 200
    for n in range(19):
        submit_idea(w, title=f"Idea {n}")
        services.call_create(
            agreement=w.agreement,
            title=f"Call {n}",
            themes=[w.p.themes["T1"]],
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
            actor=w.coordinator,
        )
    with CaptureQueriesContext(connection) as many:
        assert c.get(reverse(name)).status_code == 200
    # then the page runs the same number of queries
    assert len(many) == len(one)


def test_proposal_edit_page__test_environments__checkboxes_not_a_clipped_multi_select(client, w) -> None:
    # given two test environments of the agreement's theme
    from partners.models import TestEnvironment

    proposal = fill_valid(w, invited_draft(w))
    theme = proposal.theme
    environments = []
    for name in ("Kalasataman testialusta", "Otaniemen 5G-alue"):
        environment = TestEnvironment.objects.create(name=name, owner=w.p.university)
        environment.themes.add(theme)
        environments.append(environment)
    a = as_user(client, w.applicant)
    url = reverse("pipeline:proposal_edit", args=[proposal.pk])
    page = a.get(url)
    html = page.content.decode()
    # then each is a checkbox, usable at any width and without Ctrl; no multi-select box
    assert not re.search(r"<select[^>]*multiple", html)
    for environment in environments:
        assert re.search(rf'name="[\w-]*test_environments" type="checkbox" value="{environment.pk}"', html)
    # and choosing both saves both
    data = edit_data(page)
    key = next(k for k in re.findall(r'name="([\w-]*test_environments)"', html))
    data[key] = [str(e.pk) for e in environments]
    assert a.post(url, data).status_code in (200, 302)
    assert set(proposal.test_environments.all()) == set(environments)
