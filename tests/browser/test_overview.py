"""A person signs in, reads the overview in Finnish, switches to English and filters the projects."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from audit.services import Actor
from partners.models import Organisation
from programme.models import Agreement
from programme.services import agreement_load
from projects.models import Project, ProjectSource
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def capital_region() -> Agreement:
    # given the capital region loaded from its fixture, as an operator would, and two historical projects
    agreement_load(slug="capital-region", actor=Actor(label="browser test"))
    agreement = Agreement.objects.get(slug="capital-region")
    helsinki = Organisation.objects.get(business_id="0201256-6")
    for code, name in (
        ("A70965", "6Aika: Ilmastokatu"),
        ("A70301", "Reaktoritekniikkaan perustuvat prosessit"),
    ):
        Project.objects.create(
            code=code,
            name=name,
            lead=helsinki,
            fund_code="ERDF",
            is_historical=True,
            source=ProjectSource.EURA2014,
            start_date=dt.date(2015, 9, 1),
            end_date=dt.date(2017, 6, 30),
            eura_granted_eu_state=Decimal("415351.00"),
        )
    return agreement


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{base_url}/")


def test_overview__sign_in_and_switch_to_english__shows_both_languages(
    page, live_server, capital_region, tmp_path
) -> None:
    UserFactory.coordinator(capital_region, username="koordinaattori")
    # when a coordinator signs in
    sign_in(page, live_server.url, "koordinaattori")
    # then the overview is in Finnish, with the agreement, its frame table and its themes
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.get_by_role("heading", level=1).inner_text() == "Pääkaupunkiseudun ekosysteemisopimus"
    assert page.get_by_role("heading", name="Rahoituskehys ja sidotut varat").is_visible()
    assert page.get_by_text("T3 · Uudet oppimisympäristöt ja osaamisen digitaaliset ratkaisut").is_visible()
    assert page.locator("table").filter(has_text="EAKR").locator("text=2 000 000 €").first.is_visible()
    # the agreement's colour is the header band's
    band = page.locator(".salkku-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert band == "rgb(15, 94, 156)"  # #0f5e9c
    # and govuk-frontend's JavaScript has started (it marks the body)
    assert "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")

    # when English is chosen in the header
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    # then the same page is in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Capital region innovation ecosystem agreement"
    )
    assert page.get_by_role("heading", name="Money frame and commitments").is_visible()
    assert page.get_by_role("button", name="English").get_attribute("aria-current") == "true"
    shot = tmp_path / "overview-en.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    # and nothing was loaded from outside the app
    assert page.outside_requests == []


def test_projects__typing_a_search__filters_in_place_and_updates_the_address(
    page, live_server, capital_region
) -> None:
    UserFactory.coordinator(capital_region, username="koordinaattori")
    sign_in(page, live_server.url, "koordinaattori")
    page.goto(f"{live_server.url}/projects/")
    assert page.locator("#results-status").inner_text().startswith("2 tulosta")
    # when "6Aika" is typed into the search field (no button pressed)
    page.get_by_label("Haku").press_sequentially("6Aika", delay=30)
    # then htmx swaps in the filtered results, announces the count and puts the filter in the address
    page.wait_for_url(re.compile(r".*/projects/\?q=6Aika.*"))
    page.wait_for_function("document.querySelector('#results-status').innerText.startsWith('1 tulos')")
    assert page.locator("#results tbody tr").count() == 1
    assert page.get_by_role("link", name="6Aika: Ilmastokatu").is_visible()
    # the search field kept its focus while the results changed
    assert page.evaluate("document.activeElement.id") == "id_q"


@pytest.mark.parametrize("path", ["/", "/projects/", "/organisations/", "/proposals/"])
def test_pages__phone_width__do_not_scroll_sideways(page, live_server, capital_region, path) -> None:
    # given a phone-sized window (wide tables scroll inside their own region, not the page)
    UserFactory.coordinator(capital_region, username="koordinaattori")
    sign_in(page, live_server.url, "koordinaattori")
    page.set_viewport_size({"width": 375, "height": 800})
    # when the page is opened
    page.goto(f"{live_server.url}{path}")
    # then the page itself is no wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
