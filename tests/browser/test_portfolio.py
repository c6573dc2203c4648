"""The steering group's coordinator starts an optimisation run from a call, sees the suggested portfolio
with its chart drawn in the browser, locks a chosen proposal out and gets a new scenario without it."""

from __future__ import annotations

import re

import pytest

from portfolio.models import Scenario
from tests.browser.test_overview import PASSWORD
from tests.test_portfolio_problems import World, w  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio__run_chart_and_lock_out__new_scenario_without_it(
    page, live_server, w: World, tmp_path
) -> None:
    base = live_server.url
    # given the coordinator signed in
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(w.p.coordinator.username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    # when they open the portfolio options and start a run on the call
    page.goto(f"{base}/portfolio/")
    page.get_by_role("link", name=re.compile("Uusi ajo")).first.click()
    page.get_by_role("button", name="Käynnistä ajo").click()
    # then the scenario page shows a proven optimum and the chart drawn as SVG by vega-embed
    page.wait_for_url(re.compile(r"/portfolio/\d+/$"))
    page.locator("figure.salkku-chart svg").first.wait_for(timeout=20_000)
    assert page.locator(".salkku-proven").count() == 1
    page.screenshot(path=str(tmp_path / "scenario.png"), full_page=True)
    first = Scenario.objects.get()
    chosen = first.selected_ids()
    assert chosen
    # when a chosen proposal is locked out
    page.get_by_role("button", name=re.compile(f"Lukitse pois {re.escape(chosen[0])}")).click()
    # then a new scenario names the change and leaves the proposal out
    page.wait_for_url(re.compile(r"/portfolio/\d+/$"))
    child = Scenario.objects.exclude(pk=first.pk).get()
    assert child.parent_id == first.pk and chosen[0] not in child.selected_ids()
    assert chosen[0] in page.locator("main").inner_text()
    # and nothing was loaded from outside the app
    assert page.outside_requests == []
