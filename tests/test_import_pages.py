"""The spreadsheet import pages (progress/import_views.py): upload, the suggested mapping with a preview and
every row-level error, confirm, result; the confirmed mapping offered for the next file of the same shape;
the coordination team only. And the figures import (indicator actuals, spending) into progress reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from cores.column_map import MappingError
from cores.import_fields import INDICATOR_ACTUALS, SPENDING
from cores.tables import read_table
from pipeline.models import IndicatorTarget
from programme.models import Indicator
from progress import services
from progress.imports import figures_import
from progress.models import ReportIndicator, ReportSpending, ReportStatus
from projects.models import ColumnMapping, ImportUpload, Project
from tests.factories import UserFactory
from tests.pages_data import add_funded_projects, build_agreement

pytestmark = pytest.mark.django_db
D = Decimal

EARLIER = (
    "Hankenumero;Hankenimi;Toteuttaja;Hankkeen tila;Alkamispäivä;Päättymispäivä;Muistiinpano\r\n"
    "S10234;Nuorten työpajat;Esimerkkilän kaupunki;Päättynyt;1.1.2009;31.12.2011;ok\r\n"
    "S10235;;Esimerkkilän kaupunki;Outo;1.1.2009;31.12.2011;\r\n"
).encode("cp1252")


@pytest.fixture
def world() -> object:
    return build_agreement()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, data: bytes, kind: str = "projects", name: str = "lista.csv") -> str:
    response = client.post(
        reverse("progress:import_upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def _selected(html: str, column: int) -> str:
    select = html.split(f'name="col_{column}"', 1)[1].split("</select>", 1)[0]
    return (
        select.split(" selected>", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
        if " selected>" in select
        else ""
    )


def test_mapping_page__suggestion_preview_and_every_row_error__then_import_all_or_nothing(
    world: object,
) -> None:
    coordinator = world.coordinator
    client = _client(coordinator)
    # when the coordinator uploads an earlier period's list
    url = _upload(client, EARLIER)
    page = client.get(url)
    html = page.content.decode()
    # then the page suggests a field per column, shows the first rows and every row error
    assert page.status_code == 200
    assert [_selected(html, i) for i in range(7)] == [
        "code",
        "name",
        "lead_name",
        "status",
        "start_date",
        "end_date",
        "",
    ]
    assert "Nuorten työpajat" in html  # the preview
    assert '<label class="govuk-label govuk-!-font-weight-bold" for="id_col_1">Hankenimi</label>' in html
    # in the reader's language
    assert "Hankkeen nimi puuttuu" in html and "tuntematon arvo &#x27;Outo&#x27;" in html
    assert "govuk-error-summary" in html
    # when the import is confirmed without skipping, nothing is written
    form = {
        f"col_{i}": v
        for i, v in enumerate(["code", "name", "lead_name", "status", "start_date", "end_date", ""])
    }
    response = client.post(url, {**form, "action": "import"})
    assert response.status_code == 200
    assert Project.objects.filter(code__startswith="S1023").count() == 0
    # when invalid rows are skipped, the valid one is written, audited, and the mapping saved
    response = client.post(url, {**form, "action": "import", "skip_invalid": "on"})
    assert response.status_code == 200
    assert "govuk-panel--confirmation" in response.content.decode()
    assert Project.objects.get(code="S10234").name == "Nuorten työpajat"
    assert not Project.objects.filter(code="S10235").exists()
    assert AuditEntry.objects.filter(action="project.imported").count() == 1
    entry = AuditEntry.objects.get(action="spreadsheet.imported")
    assert entry.after["columns"]["Hankenimi"] == "name" and entry.after["created"] == 1
    assert ImportUpload.objects.count() == 0
    assert ColumnMapping.objects.count() == 1


def test_mapping_page__saved_mapping_offered_for_the_next_file_of_the_same_shape(world: object) -> None:
    client = _client(world.coordinator)
    sheet = "Juttu;Numero;Vetäjä\r\nValoisa katu;KV-1;Esimerkkilän kaupunki\r\n".encode()
    url = _upload(client, sheet)
    html = client.get(url).content.decode()
    assert [_selected(html, i) for i in range(3)] == ["", "", ""]  # nothing known
    # when the user maps the columns and imports
    response = client.post(url, {"col_0": "name", "col_1": "code", "col_2": "lead_name", "action": "import"})
    assert "govuk-panel--confirmation" in response.content.decode()
    # then the next file of the same shape gets that mapping at once
    url = _upload(client, "Juttu;Numero;Vetäjä\r\nToinen;KV-2;Esimerkkilän kaupunki\r\n".encode())
    html = client.get(url).content.decode()
    assert [_selected(html, i) for i in range(3)] == ["name", "code", "lead_name"]
    assert "imported before" in html or "tuotu aiemmin" in html


def _city_workbook() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Espoon kaupungin kehittämishankkeet 2024"])  # a title row above the table
    sheet.append([])
    sheet.append(["Juttu", "Numero", "Vetäjä", "Alkaa", "Budjetti (€)", "Rahoitus", "Muistiinpano"])
    sheet.append(
        ["Älykäs valaistus", "ESP-1", "Espoon kaupunki", dt.datetime(2024, 1, 1), 250000.5, "EAKR", "ok"]
    )
    sheet.append(["Kierrätyskeskus", "ESP-2", "Espoon kaupunki", "1.3.2024", "120 000,00", "EAKR ja JTF", ""])
    sheet.append(["Virheellinen", "ESP 3", "", "31.2.2024", "abc", "Outo", ""])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_mapping_page__city_xlsx_with_its_own_headers__mapped_row_errors_shown_two_funds_first_taken(
    world: object,
) -> None:
    # given a city's own workbook: a title row, Finnish headers of its own, a cell naming two funds
    client = _client(world.coordinator)
    url = _upload(client, _city_workbook(), name="espoo.xlsx")
    html = client.get(url).content.decode()
    # then only what the headers say is suggested, and the page says what is missing
    assert [_selected(html, i) for i in range(7)] == ["", "", "", "start_date", "planned_total", "", ""]
    assert "Vastaavuutta ei voi käyttää" in html
    assert "Rahasto (ensimmäinen mainittu)" in html  # a choice of every column's select
    # and the table's heading stands outside its scrolling region (on a phone a caption was cut off)
    heading = '<h2 class="govuk-heading-m" id="mapping-caption">'
    assert html.index(heading) < html.index('<div class="salkku-table-scroll"')
    # when the user says which column is which, the check lists every error of every row, in Finnish
    form = {"col_0": "name", "col_1": "code", "col_2": "lead_name", "col_3": "start_date"}
    form |= {"col_4": "planned_total", "col_5": "fund", "col_6": ""}
    html = client.post(url, {**form, "action": "check"}, headers={"HX-Request": "true"}).content.decode()
    assert "mainitsee 2 rahastoa (ERDF, JTF), mutta hankkeella on yksi rahasto" in html
    assert "hankekoodissa ei ole välilyöntejä" in html and "kalenterissa ei ole tällaista päivää" in html
    assert "Toteuttaja puuttuu" in html
    # when the fund column takes the first fund named and invalid rows are skipped, two projects are written
    form["col_5"] = "fund_first"
    done = client.post(url, {**form, "action": "import", "skip_invalid": "on"}).content.decode()
    assert "govuk-panel--confirmation" in done
    assert dict(Project.objects.filter(code__startswith="ESP").values_list("code", "fund_code")) == {
        "ESP-1": "ERDF",
        "ESP-2": "ERDF",
    }
    assert Project.objects.get(code="ESP-2").eura_planned_total == D("120000.00")
    # and the next workbook of the same shape gets the confirmed mapping at once
    html = client.get(_upload(client, _city_workbook(), name="espoo2.xlsx")).content.decode()
    assert [_selected(html, i) for i in range(7)] == [
        "name",
        "code",
        "lead_name",
        "start_date",
        "planned_total",
        "fund_first",
        "",
    ]


def test_mapping_page__bad_mapping_shown__htmx_check_returns_the_part(world: object) -> None:
    client = _client(world.coordinator)
    url = _upload(client, EARLIER)
    response = client.post(
        url, {"col_0": "name", "col_1": "name", "action": "check"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    # in the page's language, as the row errors are
    assert "kenttään &#x27;name&#x27; on kohdistettu kaksi saraketta" in html
    assert "pakolliseen kenttään &#x27;code&#x27; (Hankekoodi) ei ole kohdistettu saraketta" in html
    assert "required field" not in html


def test_mapping_page__unusable_suggestion__says_at_once_what_is_missing(world: object) -> None:
    # given a city's sheet whose headers name neither the code nor the implementer
    client = _client(world.coordinator)
    url = _upload(client, b"Juttu;Alkaa\r\nValoisa katu;1.1.2024\r\n", name="kaupunki.csv")
    # when the mapping page opens, then it says which required fields no column is mapped to
    html = client.get(url).content.decode()
    assert "Vastaavuutta ei voi käyttää" in html
    assert "pakolliseen kenttään &#x27;code&#x27; (Hankekoodi) ei ole kohdistettu saraketta" in html
    assert "pakolliseen kenttään &#x27;lead_name&#x27; (Toteuttaja) ei ole kohdistettu saraketta" in html


def test_round_trip_page__funded_projects_counted_as_kept__the_counts_add_up(world: object) -> None:
    # given a project funded in Salkku on the project list
    add_funded_projects(world, 1)
    client = _client(world.coordinator)
    # when the coordinator downloads the list and uploads the file on the import page
    data = client.get(reverse("projects:project_list"), {"format": "csv"}).content
    url = _upload(client, data, name="projects.csv")
    html = client.get(url).content.decode()
    # then the check says the funded project is kept as it is, so that the counts add up to the rows read
    assert "Rivejä luettu: 1" in html
    assert "Luotu: 0, päivitetty: 0, ennallaan: 0" in html
    assert "Salkussa rahoitetut hankkeet, jätetty ennalleen: 1" in html
    # and so does the summary after the import, and the audit entry
    done = client.post(url, {**{f"col_{i}": v for i, v in _suggested(html).items()}, "action": "import"})
    assert "Salkussa rahoitetut hankkeet, jätetty ennalleen: 1" in done.content.decode()
    assert AuditEntry.objects.get(action="spreadsheet.imported").after["funded_kept"] == 1


def _suggested(html: str) -> dict[int, str]:
    count = html.count('name="col_')
    return {i: _selected(html, i) for i in range(count)}


def test_import_pages__coordination_team_only(world: object) -> None:
    applicant = UserFactory.applicant(world.cities[0], world.agreement, username="hakija")
    client = _client(applicant)
    assert client.get(reverse("progress:import_upload")).status_code == 403
    # and another user's upload is not found
    coordinator = _client(world.coordinator)
    url = _upload(coordinator, EARLIER)
    other = UserFactory.coordinator(world.agreement, username="toinen-koordinaattori")
    assert _client(other).get(url).status_code == 404


def test_unreadable_file__one_clear_sentence(world: object) -> None:
    client = _client(world.coordinator)
    url = _upload(client, b"\xd0\xcf\x11\xe0old", name="vanha.xls")
    response = client.get(url)
    assert response.status_code == 400
    # in the page's language (Finnish), not the reader core's English
    assert (
        "vanha.xls on vanha Excel 97–2003 -työkirja (.xls): tallenna se .xlsx-muodossa"
        in response.content.decode()
    )


# --- figures: indicator actuals and spending ------------------------------------------------------------


class Figures:
    def __init__(self) -> None:
        p = build_agreement()
        self.p = p
        self.project = add_funded_projects(p, 1)[0]
        indicator = Indicator.objects.create(code="RCO01", kind="output", name_en="Enterprises", unit="kpl")
        self.target = IndicatorTarget.objects.create(
            project=self.project, indicator=indicator, target=D("10")
        )
        self.reports = services.ensure_reports(self.project)


def _table(text: str) -> object:
    return read_table(text.encode(), "luvut.csv")


def test_figures__indicator_actuals_for_a_period__written_and_audited_per_report() -> None:
    f = Figures()
    code = f.project.code
    table = read_table(
        f"Hankekoodi;Kausi;Indikaattori;Toteuma\n{code};30.6.2025;RCO01;3\n{code};31.12.2025;rco01;5,5\n".encode(),
        "x.csv",
    )
    result = figures_import(
        actor=f.p.coordinator,
        kind=INDICATOR_ACTUALS,
        table=table,
        mapping={0: "project_code", 1: "period", 2: "indicator", 3: "actual"},
        file="x.csv",
    )
    assert result.written and (result.created, result.invalid) == (2, 0)
    values = {(r.report.period_start, r.actual) for r in ReportIndicator.objects.select_related("report")}
    assert values == {(dt.date(2025, 1, 1), D("3")), (dt.date(2025, 7, 1), D("5.5"))}
    assert AuditEntry.objects.filter(action="progress_report.imported").count() == 2
    # and the same file again changes nothing
    again = figures_import(
        actor=f.p.coordinator,
        kind=INDICATOR_ACTUALS,
        table=table,
        mapping={0: "project_code", 1: "period", 2: "indicator", 3: "actual"},
        file="x.csv",
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.filter(action="progress_report.imported").count() == 2


def test_figures__row_errors__unknown_project_indicator_period_frozen_report__nothing_written() -> None:
    f = Figures()
    code = f.project.code
    f.reports[0].status = ReportStatus.SUBMITTED
    f.reports[0].save()
    table = read_table(
        (
            "Hankekoodi;Kausi;Kustannuslaji;Rahoituslähde;Summa;Vuosi\n"
            f"{code};31.12.2025;Henkilöstö;EAKR;1 200,50;\n"
            f"EI-OLE;31.12.2025;Henkilöstö;EAKR;10;\n"
            f"{code};30.6.2025;Henkilöstö;EAKR;10;\n"
            f"{code};1.1.2030;Henkilöstö;EAKR;10;\n"
            f"{code};31.12.2025;Henkilöstö;EAKR;10;2024\n"
        ).encode(),
        "kulut.csv",
    )
    mapping = {0: "project_code", 1: "period", 2: "category", 3: "source", 4: "amount", 5: "year"}
    result = figures_import(
        actor=f.p.coordinator, kind=SPENDING, table=table, mapping=mapping, file="kulut.csv"
    )
    assert not result.written
    reasons = {p.line: (p.column, p.reason) for p in result.problems}
    assert reasons[3][0] == "Hankekoodi"  # no such funded project
    assert reasons[4][0] == "Kausi" and "2025" in reasons[4][1]
    assert reasons[5][0] == "Kausi"
    assert reasons[6][0] == "Vuosi"
    assert ReportSpending.objects.count() == 0
    # with skip_invalid the valid row is written
    result = figures_import(
        actor=f.p.coordinator,
        kind=SPENDING,
        table=table,
        mapping=mapping,
        file="kulut.csv",
        skip_invalid=True,
    )
    line = ReportSpending.objects.get()
    assert (line.year, line.category, line.source, line.amount) == (2025, "personnel", "ERDF", D("1200.50"))


def test_figures__applicant_cannot_import_and_mapping_checked() -> None:
    f = Figures()
    applicant = UserFactory.applicant(f.p.cities[0], f.p.agreement, username="hakija2")
    table = read_table(
        f"Hankekoodi;Kausi;Indikaattori;Toteuma\n{f.project.code};30.6.2025;RCO01;3\n".encode(), "x"
    )
    mapping = {0: "project_code", 1: "period", 2: "indicator", 3: "actual"}
    result = figures_import(actor=applicant, kind=INDICATOR_ACTUALS, table=table, mapping=mapping, file="x")
    assert result.invalid == 1 and not result.written
    with pytest.raises(MappingError, match="required field 'actual'"):
        figures_import(
            actor=f.p.coordinator,
            kind=INDICATOR_ACTUALS,
            table=table,
            mapping={0: "project_code", 1: "period", 2: "indicator"},
            file="x",
        )


def test_figures_page__spending_upload_suggested_and_imported() -> None:
    f = Figures()
    client = _client(f.p.coordinator)
    data = f"Hankekoodi;Kausi;Kustannuslaji;Rahoituslähde;Summa\n{f.project.code};31.12.2025;Personnel;ERDF;99\n".encode()
    url = _upload(client, data, kind="spending")
    html = client.get(url).content.decode()
    assert [_selected(html, i) for i in range(5)] == [
        "project_code",
        "period",
        "category",
        "source",
        "amount",
    ]
    response = client.post(
        url,
        {
            "col_0": "project_code",
            "col_1": "period",
            "col_2": "category",
            "col_3": "source",
            "col_4": "amount",
            "action": "import",
        },
    )
    assert "govuk-panel--confirmation" in response.content.decode()
    assert ReportSpending.objects.get().amount == D("99")


def test_project_list__downloads_for_everyone_import_link_for_the_coordination_team(world: object) -> None:
    coordinator = (
        _client(world.coordinator).get(reverse("projects:project_list"), {"q": "x"}).content.decode()
    )
    assert 'href="?q=x&amp;format=csv"' in coordinator and 'href="?q=x&amp;format=xlsx"' in coordinator
    assert reverse("progress:import_upload") in coordinator
    applicant = UserFactory.applicant(world.cities[0], world.agreement, username="hakija3")
    html = _client(applicant).get(reverse("projects:project_list")).content.decode()
    assert "format=csv" in html and reverse("progress:import_upload") not in html


# --- figures from the command line: salkku import indicators|spending FILE --user NAME -------------------


def _cli(*args: str, language: str = "fi") -> tuple[str, str]:
    import io

    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_figures_cli__indicator_actuals__mapped_from_headers_written_and_audited(tmp_path: object) -> None:
    from pathlib import Path

    # given a coordinator and a sheet of indicator actuals for two periods of a funded project
    f = Figures()
    path = Path(str(tmp_path)) / "toteumat.csv"
    path.write_text(
        f"Hankekoodi;Kausi;Indikaattori;Toteuma\n{f.project.code};30.6.2025;RCO01;3\n"
        f"{f.project.code};31.12.2025;RCO01;5,5\n",
        encoding="utf-8",
    )
    # when it is imported from the command line as the coordinator
    out, err = _cli("indicators", str(path), "--user", f.p.coordinator.username)
    # then the mapping is printed, both figures are written and each changed report is audited
    assert err == ""
    assert "'Hankekoodi' → project_code" in out
    assert "lukuja luotu: 2" in out
    assert sorted(r.actual for r in ReportIndicator.objects.all()) == [D("3"), D("5.5")]
    assert AuditEntry.objects.filter(action="progress_report.imported").count() == 2


def test_figures_cli__spending_row_errors_in_finnish__nothing_written__skip_invalid(tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import CommandError

    f = Figures()
    path = Path(str(tmp_path)) / "kulut.csv"
    path.write_text(
        "Hanke;Raportointikausi;Kululaji;Rahoituslähde;Summa\n"
        f"{f.project.code};31.12.2025;Henkilöstö;EAKR;1 200,50\n"
        f"EI-OLE;31.12.2025;Outo;EAKR;-5\n",
        encoding="utf-8",
    )
    # a header the suggestion does not know is said with --map
    args = ("spending", str(path), "--user", f.p.coordinator.username, "--map", "Hanke=project_code")
    with pytest.raises(CommandError, match="1") as refused:
        _cli(*args)
    assert refused.value.returncode == 1
    assert ReportSpending.objects.count() == 0
    # every error of the row, in Finnish, named by row, column and field
    _out, err = _cli(*args, "--skip-invalid")
    assert "rivi 3, sarake 'Kululaji' (category)" in err
    assert "rivi 3, sarake 'Summa' (amount)" in err
    assert ReportSpending.objects.get().amount == D("1200.50")


def test_figures_cli__user_required_and_must_be_allowed(tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import CommandError

    f = Figures()
    applicant = UserFactory.applicant(f.p.cities[0], f.p.agreement, username="hakija3")
    path = Path(str(tmp_path)) / "x.csv"
    path.write_text(f"Hankekoodi;Kausi;Indikaattori;Toteuma\n{f.project.code};30.6.2025;RCO01;3\n")
    with pytest.raises(CommandError) as no_user:
        _cli("indicators", str(path))
    assert no_user.value.returncode == 2
    with pytest.raises(CommandError) as unknown:
        _cli("indicators", str(path), "--user", "ei-ketaan")
    assert unknown.value.returncode == 2
    # an applicant may not import figures: the row is refused with its reason, nothing written
    with pytest.raises(CommandError):
        _cli("indicators", str(path), "--user", applicant.username, language="en")
    assert ReportIndicator.objects.filter(actual__isnull=False).count() == 0
    # a mapping without a required field exits with status 2
    with pytest.raises(CommandError, match="actual") as unusable:
        _cli("indicators", str(path), "--user", f.p.coordinator.username, "--map", "Toteuma=ignore")
    assert unusable.value.returncode == 2


KOHESIO_DOWNLOAD = (
    "ID,PROJECT NAME,TOTAL BUDGET,AMOUNT EU SUPPORT,START DATE,END DATE,COUNTRY,SUMMARY\n"
    'Q2563713,"Älykäs satama, vaihe 2",250000.0,100000.0,2019-03-01,2021-02-28,FI,Keksitty.\n'
    "Q2563714,Pyöräilyn edistäminen,80000.0,40000.0,2020-01-01,2020-12-31,FI,Toinen.\n"
).encode()
KOHESIO_FORM = {
    "col_0": "code",
    "col_1": "name",
    "col_2": "planned_total",
    "col_3": "",
    "col_4": "start_date",
    "col_5": "end_date",
    "col_6": "",
    "col_7": "summary",
}


def test_mapping_page__kohesio_download__the_implementer_given_a_fixed_value__imported_and_reused(
    world: object,
) -> None:
    # given Kohesio's project-search download, which names no beneficiary
    client = _client(world.coordinator)
    url = _upload(client, KOHESIO_DOWNLOAD, name="project_export.csv")
    html = client.get(url).content.decode()
    # then the page offers a labelled input for the one required field no column holds, and only it
    assert '<label class="govuk-label" for="id_fixed_lead_name">Toteuttaja</label>' in html
    assert 'name="fixed_name"' not in html and 'name="fixed_code"' not in html
    assert "Kentät, joita mikään sarake ei sisällä" in html
    # when the user gives a fund that does not exist as well, then it is refused naming the field and why
    bad = {**KOHESIO_FORM, "fixed_lead_name": "Turun kaupunki", "fixed_fund": "Marshall", "action": "import"}
    html = client.post(url, bad).content.decode()
    assert "kentän &#x27;fund&#x27; (Rahasto) kiinteä arvo &#x27;Marshall&#x27;: tuntematon arvo" in html
    assert 'id="id_fixed_fund"' in html and "govuk-input--error" in html
    assert Project.objects.filter(code__startswith="Q25637").count() == 0
    # when the implementer is given, the check (htmx) shows what the import would do, and the preview the value
    good = {**KOHESIO_FORM, "fixed_lead_name": "Turun kaupunki"}
    html = client.post(url, {**good, "action": "check"}, headers={"HX-Request": "true"}).content.decode()
    assert "Luotu: 2, päivitetty: 0, ennallaan: 0" in html
    html = client.post(url, {**good, "action": "check"}).content.decode()
    assert html.count('<td class="govuk-table__cell">Turun kaupunki</td>') == 2  # every preview row
    # when it is imported, every project gets the implementer, and the mapping keeps the value
    response = client.post(url, {**good, "action": "import"})
    assert "govuk-panel--confirmation" in response.content.decode()
    assert {p.lead.name for p in Project.objects.filter(code__startswith="Q25637")} == {"Turun kaupunki"}
    assert ColumnMapping.objects.get().fixed == {"lead_name": "Turun kaupunki"}
    assert AuditEntry.objects.get(action="spreadsheet.imported").after["fixed"] == {
        "lead_name": "Turun kaupunki"
    }
    # then the next download of the same shape gets the mapping with its fixed value at once
    url = _upload(client, KOHESIO_DOWNLOAD, name="project_export (1).csv")
    html = client.get(url).content.decode()
    assert 'name="fixed_lead_name" value="Turun kaupunki"' in html
    assert "Vastaavuutta ei voi käyttää" not in html


def test_mapping_page__a_field_both_mapped_and_fixed__and_a_date_that_is_not_a_date__refused(
    world: object,
) -> None:
    client = _client(world.coordinator)
    url = _upload(client, KOHESIO_DOWNLOAD, name="project_export.csv")
    # when the implementer is both fixed and mapped from a column
    both = {**KOHESIO_FORM, "col_6": "lead_name", "fixed_lead_name": "Turun kaupunki", "action": "import"}
    html = client.post(url, both).content.decode()
    # then the page says to keep one of them, and nothing is written
    assert "sekä kohdistettu sarake &#x27;COUNTRY&#x27; että annettu kiinteä arvo" in html
    # when a start date no column holds is given a value that is not a date
    dated = {**KOHESIO_FORM, "col_4": "", "fixed_lead_name": "Turun kaupunki", "action": "import"}
    html = client.post(url, {**dated, "fixed_start_date": "keväällä"}).content.decode()
    assert "kentän &#x27;start_date&#x27; (Alkamispäivä) kiinteä arvo &#x27;keväällä&#x27;" in html
    assert Project.objects.filter(code__startswith="Q25637").count() == 0


def test_figures__a_period_no_column_holds__given_a_fixed_value_for_every_row() -> None:
    # given a period's indicator actuals with no column for the period (the sheet is that period's)
    f = Figures()
    table = _table(f"Hankekoodi;Indikaattori;Toteuma\n{f.project.code};RCO01;3\n")
    mapping = {0: "project_code", 1: "indicator", 2: "actual"}
    # when a period that is not a date is given, then the mapping is refused before any row
    with pytest.raises(MappingError, match="the fixed value 'kesäkuu' of the field 'period'"):
        figures_import(
            actor=f.p.coordinator,
            kind=INDICATOR_ACTUALS,
            table=table,
            mapping=mapping,
            fixed={"period": "kesäkuu"},
            file="x.csv",
        )
    assert ReportIndicator.objects.count() == 0
    # when the period is given as a date in it, the figure goes to that period's report
    result = figures_import(
        actor=f.p.coordinator,
        kind=INDICATOR_ACTUALS,
        table=table,
        mapping=mapping,
        fixed={"period": "30.6.2025"},
        file="x.csv",
    )
    assert result.written and result.created == 1
    assert ReportIndicator.objects.get().report.period_start == dt.date(2025, 1, 1)
