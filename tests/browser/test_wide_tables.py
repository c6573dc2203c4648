"""At 1366 px, in the longest of the three languages, a table fits its column: a header of a numeric
column breaks between words instead of pushing the table past the screen's edge."""

from __future__ import annotations

import pytest

from tests.browser.test_monitoring import sign_in
from tests.browser.test_overview import PASSWORD
from tests.test_progress import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_national_view_in_swedish_at_1366_px__the_agreements_table_fits(page, live_server) -> None:
    # given the ministry on a 1366 px screen, reading Swedish (the agreements table's last column, "EU-medel
    # som riskerar att återtas", ran past the screen's edge: its headers did not wrap)
    w = World()
    w.ministry.set_password(PASSWORD)
    w.ministry.save()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, w.ministry.username)
    # when the national view is opened
    page.goto(f"{live_server.url}/sv/monitoring/national/")
    page.wait_for_load_state("load")
    # then the agreements table is no wider than its region, so nothing is cut at the screen's edge
    sizes = page.evaluate(
        """() => {
            const region = document.querySelector('[aria-labelledby="agreements-caption"]');
            const table = region.querySelector('table');
            return {region: region.clientWidth, table: table.scrollWidth};
        }"""
    )
    assert sizes["table"] <= sizes["region"], sizes
