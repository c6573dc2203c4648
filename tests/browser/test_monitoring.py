"""A steering-group member opens the monitoring dashboard: the late project is listed with the rule that
fired, the spending chart with the forecast band is drawn in the browser, and its figures open as a
table; a new target set by the coordinator shows on the dashboard after its figures are recomputed."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.test_overview import PASSWORD
from tests.test_progress import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def test_monitoring__late_project_explained_chart_drawn_target_added(page, live_server, tmp_path) -> None:
    # given a funded project whose first progress report's due date passed without a report
    w = World()
    for user in (w.steering, w.coordinator):
        user.set_password(PASSWORD)
        user.save()
    base = live_server.url
    # when the steering-group member opens the dashboard
    sign_in(page, base, w.steering.username)
    page.goto(f"{base}/monitoring/")
    # then the project is among those that need attention, late, with the report named
    attention = page.locator("#attention ~ .salkku-table-scroll table").first
    assert w.project.name in attention.inner_text()
    assert re.search(r"Edistymisraportin 1", attention.inner_text())
    # and the spending chart is drawn as SVG by vega-embed, its figures a click away as a table
    chart = page.locator("#monitoring-spending")
    chart.locator("svg").first.wait_for(timeout=20_000)
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    # when the coordinator adds a target of five adopted solutions
    page.context.clear_cookies()
    sign_in(page, base, w.coordinator.username)
    page.goto(f"{base}/monitoring/targets/")
    page.locator("#id_kind").select_option("solutions")
    page.locator("#id_target").fill("5")
    page.get_by_role("button", name="Lisää tavoite").click()
    # then the dashboard shows it, once its figures are recomputed (tasks run at once in tests)
    page.goto(f"{base}/monitoring/")
    page.reload()
    assert (
        "Kaupunkien käyttöön ottamat ratkaisut"
        in page.locator("#targets ~ .salkku-table-scroll table").first.inner_text()
    )
    # and nothing was loaded from outside the app
    assert page.outside_requests == []


def test_rules__years_with_another_deadline__one_input_per_year_error_by_the_year(
    page, live_server, tmp_path
) -> None:
    # given the coordinator on the rules page, at a phone's width
    w = World()
    w.coordinator.set_password(PASSWORD)
    w.coordinator.save()
    base = live_server.url
    sign_in(page, base, w.coordinator.username)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/monitoring/rules/")
    # then each programme year has its own input, 2027 with its two years, no JSON to type
    assert page.get_by_label("2027", exact=True).input_value() == "2"
    assert page.get_by_label("2021", exact=True).input_value() == ""
    # when a deadline of 9 years is typed for 2026 and saved
    page.get_by_label("2026", exact=True).fill("9")
    page.get_by_role("button", name="Tallenna säännöt").click()
    # then the error names the year, beside that year's input
    error = page.locator("#id_decommitment_lag_2026-error")
    assert "2026" in error.inner_text()
    shots = os.environ.get("SALKKU_SCREENSHOTS") or tmp_path
    page.screenshot(path=f"{shots}/rules-year-error.png", full_page=True)
    # when it is corrected to 4, then it is saved and shown
    page.get_by_label("2026", exact=True).fill("4")
    page.get_by_role("button", name="Tallenna säännöt").click()
    assert page.get_by_label("2026", exact=True).input_value() == "4"
