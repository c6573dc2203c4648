"""A coordinator imports a Finnish list of an earlier period through the mapping page: the suggested
mapping, the preview and the row errors are shown, changing a column's field re-checks in place (htmx),
and the import with invalid rows skipped writes the valid project."""

from __future__ import annotations

import pytest

from projects.models import Project
from tests.browser.test_monitoring import sign_in
from tests.browser.test_overview import PASSWORD
from tests.pages_data import build_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = (
    "Hankenumero;Hankenimi;Toteuttaja;Hankkeen tila;Alkamispäivä;Päättymispäivä\r\n"
    "S10234;Nuorten työpajat;Esimerkkilän kaupunki;Päättynyt;1.1.2009;31.12.2011\r\n"
    "S10235;;Esimerkkilän kaupunki;Outo;1.1.2009;31.12.2011\r\n"
).encode("cp1252")


def test_mapping_page__suggested_checked_in_place_and_imported(page, live_server, tmp_path) -> None:
    world = build_agreement()
    world.coordinator.set_password(PASSWORD)
    world.coordinator.save()
    base = live_server.url
    sign_in(page, base, world.coordinator.username)
    page.goto(f"{base}/projects/")
    page.get_by_role("link", name="Tuo taulukko").click()
    path = tmp_path / "hankkeet.csv"
    path.write_bytes(LIST)
    page.get_by_label("Taulukko (CSV tai XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Jatka").click()
    # then each column has its suggested field, labelled by its header, and the errors are listed
    assert page.get_by_label("Hankenimi").input_value() == "name"
    check = page.locator("#import-check")
    assert "Hankkeen nimi puuttuu" in check.inner_text()
    page.screenshot(path=str(tmp_path / "mapping.png"), full_page=True)
    # when a column is set to be ignored, the check is redone in place: a required field is missing
    page.get_by_label("Hankenimi").select_option("")
    check.get_by_text("Vastaavuutta ei voi käyttää").wait_for()
    page.get_by_label("Hankenimi").select_option("name")
    check.get_by_text("Virheet riveittäin").wait_for()
    # when the import is confirmed with invalid rows skipped
    page.get_by_label("Ohita virheelliset rivit").check()
    page.get_by_role("button", name="Tuo", exact=True).click()
    page.get_by_text("Taulukko tuotu").first.wait_for()
    assert list(Project.objects.values_list("code", flat=True)) == ["S10234"]
    assert page.outside_requests == []
