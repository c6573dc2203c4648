"""Pages work under the strict Content-Security-Policy (config/settings.py): a steering-group member opens
the monitoring dashboard and its spending chart is drawn by vega-embed (expression interpreter, no eval, no
injected <style>), govuk-frontend's start-up has run, and the browser reported no violation of the policy."""

from __future__ import annotations

import pytest

from tests.browser.test_monitoring import sign_in
from tests.browser.test_overview import PASSWORD
from tests.test_progress import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects the browser's securitypolicyviolation events before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch_csp(page) -> list[str]:
    """Console messages about the policy ("Refused to ..."), filled as the page runs."""
    refused: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


def test_csp__monitoring_chart__drawn_without_a_violation(page, live_server) -> None:
    # given a funded project with figures on the monitoring dashboard, and the agreement in its own colour
    w = World()
    agreement = w.project.agreement
    agreement.brand_colour = "#7a2048"
    agreement.save(update_fields=["brand_colour"])
    w.steering.set_password(PASSWORD)
    w.steering.save()
    refused = watch_csp(page)
    # when the steering-group member opens the dashboard
    sign_in(page, live_server.url, w.steering.username)
    response = page.goto(f"{live_server.url}/monitoring/")
    # then the page is served with the strict policy
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp
    # and the spending chart is drawn as SVG with its marks
    view = page.locator("#monitoring-spending [data-chart]")
    page.wait_for_function(
        "document.querySelector('#monitoring-spending [data-chart]').dataset.chartState !== 'loading'",
        timeout=20_000,
    )
    assert view.get_attribute("data-chart-state") == "drawn"
    assert view.locator("svg .mark-area, svg .mark-line, svg .mark-rect").count() > 0
    # and govuk-frontend's body marker (js-enabled.js) and the agreement's stylesheet took effect
    assert "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")
    brand = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--salkku-brand').trim()"
    )
    assert brand == "#7a2048"
    # and the browser reported no violation of the policy
    assert page.evaluate("window.cspViolations") == []
    assert refused == []
    assert page.outside_requests == []


def test_csp__api_docs__swagger_ui_drawn_without_a_violation(page, live_server) -> None:
    # given a coordinator
    w = World()
    w.coordinator.set_password(PASSWORD)
    w.coordinator.save()
    refused = watch_csp(page)
    # when the API's documentation page is opened
    sign_in(page, live_server.url, w.coordinator.username)
    page.goto(f"{live_server.url}/api/v1/docs/")
    # then Swagger UI lists the operations, and the browser reported no violation of the policy
    page.locator(".opblock").first.wait_for(timeout=30_000)
    assert page.evaluate("window.cspViolations") == []
    assert refused == []
    assert page.outside_requests == []
