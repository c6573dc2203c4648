"""Short texts in controls and badges are never cut or broken, in the longest of the three languages, at
1366 px and at 390 px: a filter's select is as wide as its longest choice ("Alla finansierande
myndigheter" was cut inside its box), and a tag keeps to one line inside a table row ("tidigare
programperiod" broke onto two) without running past its cell."""

from __future__ import annotations

import pytest

from projects.models import Project
from tests.browser.test_monitoring import sign_in
from tests.browser.test_overview import PASSWORD
from tests.test_progress import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A select's own width (its longest choice and its arrow; its chosen one) against the width it is given.
SELECTS = """() => Array.from(document.querySelectorAll('.salkku-filters select')).map(select => {
    const copy = select.cloneNode(true);
    copy.style.width = 'auto';
    copy.style.minWidth = '0';
    copy.style.maxWidth = 'none';
    copy.style.position = 'absolute';
    document.body.appendChild(copy);
    const needed = copy.getBoundingClientRect().width;
    Array.from(copy.options).forEach(o => { if (!o.selected) o.remove(); });
    const shown = copy.getBoundingClientRect().width;
    copy.remove();
    const box = select.getBoundingClientRect();
    const row = select.closest('.salkku-filters__row').getBoundingClientRect().width;
    return {name: select.name, width: box.width, needed: needed, shown: shown, row: row, right: box.right};
})"""

# A tag's height on one line (a copy that may not wrap) against its height in the page.
TAGS = """() => Array.from(document.querySelectorAll('td .govuk-tag, th .govuk-tag')).map(tag => {
    const copy = tag.cloneNode(true);
    copy.style.whiteSpace = 'nowrap';
    copy.style.maxWidth = 'none';
    copy.style.position = 'absolute';
    document.body.appendChild(copy);
    const oneLine = copy.getBoundingClientRect().height;
    copy.remove();
    const box = tag.getBoundingClientRect();
    const cell = tag.closest('td, th').getBoundingClientRect();
    return {text: tag.textContent.trim(), height: box.height, oneLine: oneLine, right: box.right,
            cellRight: cell.right};
})"""


@pytest.mark.parametrize("width", [1366, 390])
def test_the_project_list_in_swedish__each_filter_shows_its_whole_choice(
    page, live_server, width, tmp_path
) -> None:
    # given the coordinator reading Swedish on a 1366 px screen or a 390 px phone
    w = World()
    w.coordinator.set_password(PASSWORD)
    w.coordinator.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, w.coordinator.username)
    # when the project list with its filters is opened
    page.goto(f"{live_server.url}/sv/projects/")
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / f"projects-sv-{width}.png"), full_page=True)
    selects = page.evaluate(SELECTS)
    assert {s["name"] for s in selects} >= {"kind", "fund", "authority"}, selects
    # then every select shows its whole choice, is as wide as its longest one (or, where that is wider than
    # a phone, the whole width of the filters) and ends within the window
    assert all(s["width"] + 0.5 >= s["shown"] for s in selects), selects
    assert all(s["width"] + 0.5 >= min(s["needed"], s["row"]) for s in selects), selects
    assert all(s["right"] <= width for s in selects), selects
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_an_organisations_projects_in_swedish__the_historical_tag_keeps_to_one_line(
    page, live_server, width, tmp_path
) -> None:
    # given an organisation that led a project of an earlier programme period, and the coordinator
    # reading Swedish
    w = World()
    lead = w.p.cities[0]
    Project.objects.create(code="A70001", name="Tidigare hanke", lead=lead, is_historical=True)
    w.coordinator.set_password(PASSWORD)
    w.coordinator.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, w.coordinator.username)
    # when the organisation's page lists its projects
    page.goto(f"{live_server.url}/sv/organisations/{lead.pk}/")
    page.wait_for_load_state("load")
    page.screenshot(path=str(tmp_path / f"organisation-sv-{width}.png"), full_page=True)
    tags = page.evaluate(TAGS)
    assert any(t["text"] == "tidigare programperiod" for t in tags), tags
    # then each tag in a table is one line high and ends within its cell
    assert all(t["height"] <= t["oneLine"] + 0.5 and t["right"] <= t["cellRight"] for t in tags), tags
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_swedish_page__headings_captions_and_table_cells_hyphenate_long_words(page, live_server) -> None:
    # given the coordinator reading Swedish on a phone (long compounds in headings broke anywhere, without a
    # hyphen)
    w = World()
    w.coordinator.set_password(PASSWORD)
    w.coordinator.save()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, w.coordinator.username)
    # when the overview is opened
    page.goto(f"{live_server.url}/sv/")
    page.wait_for_load_state("load")
    styles = page.evaluate(
        """() => ['h1', 'h2', 'caption', 'th', 'td'].map(selector => {
            const element = document.querySelector('main ' + selector);
            const style = getComputedStyle(element);
            return {selector: selector, lang: element.closest('[lang]').lang, hyphens: style.hyphens,
                    wrap: style.overflowWrap};
        })"""
    )
    # then each breaks a long word with a hyphen by the Swedish rules, and anywhere only as a fallback
    assert all(s["lang"] == "sv" and s["hyphens"] == "auto" and s["wrap"] == "break-word" for s in styles), (
        styles
    )
