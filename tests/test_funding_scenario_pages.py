"""The issue's scenario from review on, through the pages as the users would click it: two reviewers score
(one from the lead organisation is refused), the steering group presents the proposal with the cities'
positions, the funding authority records the decision, and the project appears with its approved budget.
Every step leaves an entry on the proposal's activity feed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from audit.actions import action_label
from audit.models import AuditEntry
from decisions.models import AgendaItem, Meeting
from pipeline.models import ProposalStatus
from projects.models import Project
from review.models import Review
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def score_form(s, value: int) -> dict[str, str]:
    data = {}
    for c in s.criteria:
        data[f"criterion_{c.pk}"] = str(value)
        data[f"comment_{c.pk}"] = f"Perustelu {c.name}"
    return data


def test_scenario__review_to_project__through_the_pages(tmp_path) -> None:
    s = build_scenario()
    proposal = s.proposal
    coordinator = as_user(s.coordinator)
    reviews_url = reverse("review:proposal_reviews", args=[proposal.pk])

    # the coordinator assigns a reviewer from the lead organisation: refused, on the page
    response = coordinator.post(reviews_url, {"assign-reviewer": s.reviewer_from_lead.pk})
    assert response.status_code == 400
    assert "Testiyliopisto" in text_of(response)
    assert not Review.objects.exists()
    # two reviewers are assigned: an expert and the Espoo steering-group member
    for reviewer in (s.reviewer, s.sg_espoo):
        assert coordinator.post(reviews_url, {"assign-reviewer": reviewer.pk}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW

    # the refused reviewer cannot score either: there is no review of theirs to open
    assert as_user(s.reviewer_from_lead).get(reverse("review:review_score", args=[1])).status_code == 404
    # both reviewers score
    for reviewer, value in ((s.reviewer, 4), (s.sg_espoo, 5)):
        review = Review.objects.get(reviewer=reviewer)
        client = as_user(reviewer)
        page = client.get(reverse("review:review_score", args=[review.pk]))
        assert "TKI-vaikuttavuus" in text_of(page)
        assert (
            client.post(reverse("review:review_score", args=[review.pk]), score_form(s, value)).status_code
            == 302
        )

    # the summary shows the weighted score, the spread and the method
    summary = text_of(coordinator.get(reverse("review:summary", args=[s.call.pk])))
    assert "4,50" in summary and "4,00–5,00" in summary and "0,50" in summary
    assert "keskihajonta" in summary.lower() or "standard deviation" in summary.lower()

    # the steering group meets: the chair is the Helsinki member
    sg = as_user(s.sg_helsinki)
    response = sg.post(
        reverse("decisions:meeting_create"),
        {
            "date": "2025-02-12",
            "place": "Kaupungintalo",
            "chair": s.sg_helsinki.pk,
            "attendees": [s.sg_helsinki.pk, s.sg_espoo.pk, s.coordinator.pk],
        },
    )
    assert response.status_code == 302, text_of(response)
    meeting = Meeting.objects.get()
    meeting_url = reverse("decisions:meeting_detail", args=[meeting.pk])
    assert coordinator.post(meeting_url, {"action": "agenda", "proposal": proposal.pk}).status_code == 302
    item = AgendaItem.objects.get()
    for member, comment in (
        (s.sg_helsinki, "Tukee Helsingin tavoitteita"),
        (s.sg_espoo, "Espoo tarjoaa alustan"),
    ):
        response = as_user(member).post(
            meeting_url,
            {
                "action": "position",
                "item": item.pk,
                f"p{item.pk}-position": "supports",
                f"p{item.pk}-comment": comment,
            },
        )
        assert response.status_code == 302
    # a member who is not the chair cannot record the decision
    denied = as_user(s.sg_espoo).post(
        meeting_url,
        {"action": "decide", "item": item.pk, f"d{item.pk}-outcome": "present", f"d{item.pk}-rationale": "x"},
    )
    assert denied.status_code == 403
    response = sg.post(
        meeting_url,
        {
            "action": "decide",
            "item": item.pk,
            f"d{item.pk}-outcome": "present",
            f"d{item.pk}-rationale": "Vahva kaupunkien käyttöönotto ja hiilineutraalius",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PRESENTED

    # the minutes as PDF carry the decision and the positions (text extracted with pdftotext)
    pdf = sg.get(reverse("decisions:minutes_pdf", args=[meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "minutes.pdf"
        path.write_bytes(pdf.content)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for expected in (
            "12.2.2025",
            "Kaupungintalo",
            proposal.title,
            "Espoo tarjoaa alustan",
            "Helsingin kaupunki",
            "Vahva kaupunkien käyttöönotto",
        ):
            assert expected in text, expected

    # the funding authority records the decision; the project appears with its approved budget
    officer = as_user(s.officer)
    queue = text_of(officer.get(reverse("projects:funding_queue")))
    assert proposal.title in queue
    form_url = reverse("projects:funding_decision", args=[proposal.pk])
    assert officer.get(form_url).status_code == 200
    response = officer.post(
        form_url,
        {
            "decided_on": "2025-03-03",
            "eura_code": "A81234",
            "granted_ERDF": "77 000,00",
            "granted_STATE": "38500",
            "conditions": "Väliraportti puolen vuoden välein",
        },
    )
    assert response.status_code == 302, text_of(response)
    project = Project.objects.get(proposal=proposal)
    page = text_of(as_user(s.applicant).get(reverse("projects:project_detail", args=[project.pk])))
    assert "A81234" in page and "192\u202f500,00\u00a0€" in page

    # every step is on the proposal's activity feed
    actions = set(AuditEntry.objects.for_object(proposal).values_list("action", flat=True))
    assert {
        "review.assigned",
        "proposal.review_started",
        "review.submitted",
        "meeting.agenda_added",
        "decision.city_position",
        "proposal.presented",
        "decision.made",
        "funding_decision.recorded",
        "proposal.funded",
    } <= actions
    feed = text_of(coordinator.get(reviews_url))
    assert action_label("funding_decision.recorded") in feed and action_label("review.assigned") in feed
