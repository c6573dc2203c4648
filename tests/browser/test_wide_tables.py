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


CAPTIONS = """() => Array.from(document.querySelectorAll('.salkku-table-scroll')).map(region => {
    const table = region.querySelector('table');
    const caption = table && table.querySelector('caption');
    if (!caption) return null;
    const box = caption.getBoundingClientRect();
    const parent = getComputedStyle(region.parentElement);
    const room = region.parentElement.clientWidth - parseFloat(parent.paddingLeft) - parseFloat(parent.paddingRight);
    return {
      id: caption.id, text: caption.textContent.trim(), left: box.left, right: box.right,
      scrolls: table.scrollWidth > region.clientWidth,
      // a region sized by its container (container-type) must still take its parent's width
      collapsed: region.getBoundingClientRect().width + 1 < Math.min(table.scrollWidth, room),
    };
}).filter(c => c)"""


@pytest.mark.parametrize("path", ["/sv/", "/sv/monitoring/"])
def test_a_phone_in_swedish__a_wide_tables_caption_wraps_within_the_window(
    page, live_server, path, tmp_path
) -> None:
    # given the coordinator on a 390 px phone, reading Swedish (a wide table's caption is as wide as the
    # table: it ran past the screen's edge with it, cut mid-sentence)
    w = World()
    w.coordinator.set_password(PASSWORD)
    w.coordinator.save()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, w.coordinator.username)
    # when a page with tables wider than the screen is opened
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / "wide-tables-390.png"), full_page=True)
    captions = page.evaluate(CAPTIONS)
    wide = [c for c in captions if c["scrolls"]]
    assert wide, captions
    assert not [c for c in captions if c["collapsed"]], captions
    # then each wide table's caption ends within the window while its table still scrolls sideways
    assert all(c["left"] >= 0 and c["right"] <= 390 for c in wide), wide
    # and it stays in view when the table is scrolled to its end
    page.evaluate(
        "() => document.querySelectorAll('.salkku-table-scroll').forEach(r => { r.scrollLeft = r.scrollWidth; })"
    )
    scrolled = [c for c in page.evaluate(CAPTIONS) if c["scrolls"]]
    assert all(c["left"] >= 0 and c["right"] <= 390 for c in scrolled), scrolled
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
