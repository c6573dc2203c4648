"""Keyboard only: an applicant signs in and submits a proposal, a reviewer scores one, with Tab, arrow
keys, Space, typing and Enter: never the mouse. Each control is reached in the page's tab order, so a
control that the keyboard cannot reach or operate fails the test."""

from __future__ import annotations

import re

import pytest

from pipeline.models import ProposalStatus
from review.models import Review
from tests.browser.test_overview import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => { const e = document.activeElement; return [e.tagName, e.type || '', e.name || '', (e.innerText || e.value || '').trim()]; }"


def tab_to(page, wanted, *, limit: int = 250) -> None:
    """Press Tab until the focused element matches ``wanted(tag, type, name, text)``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(*page.evaluate(FOCUSED)):
            return
    raise AssertionError(f"not reachable with Tab; last focused: {page.evaluate(FOCUSED)}")


def sign_in_by_keyboard(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    tab_to(page, lambda tag, kind, name, text: name == "username")
    page.keyboard.type(username)
    tab_to(page, lambda tag, kind, name, text: name == "password")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def test_keyboard__applicant_submits_a_proposal(page, live_server) -> None:
    from tests.pipeline_world import build_world, fill_valid, invited_draft

    # given an applicant's complete draft
    w = build_world()
    proposal = fill_valid(w, invited_draft(w))
    w.applicant.set_password(PASSWORD)
    w.applicant.save()
    # when they sign in and submit it from the proposal's page with the keyboard only
    sign_in_by_keyboard(page, live_server.url, w.applicant.username, PASSWORD)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    tab_to(page, lambda tag, kind, name, text: tag == "BUTTON" and text == "Jätä hakemus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # then it is submitted
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_keyboard__reviewer_scores_a_proposal(page, live_server) -> None:
    from review.services import review_assign
    from tests.review_scenario import build_scenario

    s = build_scenario()
    review = review_assign(proposal=s.proposal, reviewer=s.reviewer, actor=s.coordinator)
    s.reviewer.set_password(PASSWORD)
    s.reviewer.save()
    sign_in_by_keyboard(page, live_server.url, s.reviewer.username, PASSWORD)
    page.goto(f"{live_server.url}/reviews/{review.pk}/score/")
    # when every criterion gets a score with the arrow keys and a comment typed
    for n, _criterion in enumerate(s.criteria):
        tab_to(page, lambda tag, kind, name, text: kind == "radio")
        page.keyboard.press("Space")  # the first score, 1
        for _ in range(n % 4 + 1):
            page.keyboard.press("ArrowRight")  # moving also chooses
        tab_to(page, lambda tag, kind, name, text: tag == "TEXTAREA")
        page.keyboard.type(f"Perustelu {n + 1}.")
    tab_to(page, lambda tag, kind, name, text: tag == "BUTTON" and kind == "submit" and text != "")
    assert page.evaluate(FOCUSED)[3] == "Tallenna pisteet"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # then the scores are saved
    review.refresh_from_db()
    scores = sorted(
        (sc.criterion.order, sc.value, sc.comment) for sc in review.scores.select_related("criterion")
    )
    assert [v for _, v, _ in scores] == [n % 4 + 2 for n in range(len(s.criteria))]
    assert all(c.startswith("Perustelu") for _, _, c in scores)
    assert Review.objects.get(pk=review.pk).submitted_at is not None
