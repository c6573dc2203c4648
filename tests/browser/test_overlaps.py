"""Issue 11's "Done when": a coordinator opens a new proposal and sees its overlaps with the reasons, opens
the overlap report and the double-funding flags, and marks a cluster reviewed."""

from __future__ import annotations

import re

import pytest

from overlaps import engine, services
from overlaps.models import ClusterStatus, OverlapCluster
from tests.browser.test_overview import PASSWORD
from tests.overlaps_world import OverlapWorld, build_overlap_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def w() -> OverlapWorld:
    engine.forget()
    world = build_overlap_world()
    services.rebuild()
    return world


def test_overlaps__proposal_report_flags_and_review(page, live_server, w: OverlapWorld, tmp_path) -> None:
    base = live_server.url
    # given the coordinator signed in
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(w.coordinator.username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    # when they open the new proposal
    page.goto(f"{base}/proposals/{w.a.pk}/")
    similar = page.locator("#similar")
    similar.get_by_role("heading", name="Samankaltaiset ideat, hakemukset ja hankkeet").wait_for()
    # then its overlaps are listed with a link, a score and the shared terms as the reason
    assert similar.get_by_role("link", name=w.c.name).count() == 1
    assert similar.get_by_role("link", name=w.h.name).count() == 1
    assert "Mahdollinen päällekkäisyys" in similar.inner_text()
    assert similar.locator("mark").count() > 0
    similar.get_by_text("Vastaavat kohdat").first.click()
    assert similar.locator("td mark").first.is_visible()
    page.screenshot(path=str(tmp_path / "proposal.png"), full_page=True)
    # when they open the overlap report from the menu
    page.get_by_role("link", name="Päällekkäisyydet").first.click()
    page.get_by_role("heading", name="Päällekkäisyysraportti").wait_for()
    # and the double-funding flags, which show the evidence
    page.get_by_role("link", name="Kaksoisrahoituksen riskimerkinnät").first.click()
    page.get_by_role("heading", name="Kaksoisrahoituksen riskimerkinnät", level=1).wait_for()
    main = page.locator("main").inner_text()
    assert "Sama kustannuserä kahdessa budjetissa" in main
    assert "Saman organisaation samankaltaiset hankkeet samaan aikaan" in main
    # when they go back to the report and mark the first cluster reviewed, with a reason
    page.get_by_role("link", name="Päällekkäisyysraportti").first.click()
    section = page.locator("section[id^=cluster-]").first
    section.get_by_text("Merkitse käsitellyksi").click()
    section.get_by_label("Käsitelty").check()
    section.get_by_label("Perustelu").fill("Tarkistettu: eri kohderyhmät.")
    section.get_by_role("button", name="Tallenna arvio").click()
    # then the page says so and the review is stored
    page.get_by_text("Ryhmän arvio tallennettiin.").wait_for()
    assert OverlapCluster.objects.filter(status=ClusterStatus.REVIEWED).count() == 1
    assert page.outside_requests == []
    assert re.search(r"/overlaps/", page.url)
