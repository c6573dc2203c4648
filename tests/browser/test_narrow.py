"""At a phone's width (390 px) a page never scrolls sideways: a table wider than the screen scrolls inside
its own region, which the keyboard reaches and the table's caption names."""

from __future__ import annotations

import pytest

from tests.browser.test_monitoring import sign_in
from tests.browser.test_overview import PASSWORD
from tests.test_progress import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_monitoring_at_390_px__wide_tables_scroll_in_their_own_region(page, live_server, tmp_path) -> None:
    # given a steering-group member on a phone
    w = World()
    w.steering.set_password(PASSWORD)
    w.steering.save()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, w.steering.username)
    # when they open the monitoring dashboard, whose tables have more columns than fit
    page.goto(f"{live_server.url}/monitoring/")
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "monitoring-390.png"), full_page=True)
    # then the page itself is no wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # and every table that is wider than the screen sits in a focusable region named by its caption
    regions = page.evaluate(
        """() => Array.from(document.querySelectorAll('table.govuk-table')).map(t => {
            const region = t.closest('.salkku-table-scroll');
            return {
              wide: t.getBoundingClientRect().width > window.innerWidth,
              region: !!region,
              focusable: !!region && region.tabIndex === 0,
              named: !!region && (!t.querySelector('caption') || !!region.getAttribute('aria-labelledby')
                || !!region.getAttribute('aria-label')),
            };
        })"""
    )
    wide = [r for r in regions if r["wide"]]
    assert wide, "the dashboard has a table wider than a phone"
    assert all(r["region"] and r["focusable"] and r["named"] for r in wide), regions
