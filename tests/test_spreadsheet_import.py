"""``salkku import eura FILE`` with a column mapping: a Finnish list of an earlier period, a Kohesio-like CSV
and a city's own XLSX import; ``--map`` and ``--mapping FILE.yaml`` say which column is which; a bad
mapping exits with status 2; the project list's export imports back without changing anything."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from audit.models import AuditEntry
from cores.column_map import suggest, validate
from cores.import_fields import PROJECT_SCHEMA
from cores.tables import read_table
from projects.importers import project_import_mapped
from projects.models import Project
from tests.fixtures.eura_files import row_2014, write_2014

pytestmark = pytest.mark.django_db

REAL_2014 = Path(settings.SHARED_DATA_DIR) / "fi_eura2014_erdf_esf_2014-2020_projektilista.csv"

# A Finnish list of the 2007–2013 period: the same things under other headers, Windows-1252, semicolons.
EARLIER_HEADER = "Hankenumero;Hankenimi;Toteuttaja;Hankkeen tila;Alkamispäivä;Päättymispäivä;Rahoittaja;Toimintalinja;EU- ja valtion rahoitus;Julkinen rahoitus"
EARLIER_ROWS = [
    "S10234;Nuorten työpajat;Esimerkkilän kaupunki;Päättynyt;1.1.2009;31.12.2011;Uudenmaan ELY-keskus;1;120 000,00;200 000,00",
    "A30077;Älykäs satama;Satamayhtiö Oy;Päättynyt;1.3.2010;28.2.2013;Varsinais-Suomen liitto;2;75 500,50;151 001,00",
]


def _write_earlier(tmp_path: Path, rows: list[str] = EARLIER_ROWS) -> Path:
    path = tmp_path / "hankkeet_2007_2013.csv"
    path.write_bytes(("\r\n".join([EARLIER_HEADER, *rows]) + "\r\n").encode("cp1252"))
    return path


def _import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import", "eura", *args, "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli__finnish_list_of_an_earlier_period__imports_without_a_mapping(tmp_path: Path) -> None:
    # given a list whose headers the EURA reader refuses ("lacks the column(s) Hankkeen nimi, Tila")
    path = _write_earlier(tmp_path)
    # when it is imported with no mapping given
    out, err = _import(str(path))
    # then the suggested mapping is printed and both projects are created with their figures
    assert err == ""
    assert "'Hankenimi' → name" in out and "'Hankkeen tila' → status" in out
    assert "projects created: 2, updated: 0, unchanged: 0, invalid: 0" in out
    project = Project.objects.get(code="A30077")
    assert project.name == "Älykäs satama"
    assert project.lead.name == "Satamayhtiö Oy"
    assert (
        project.funding_authority is not None and project.funding_authority.name == "Varsinais-Suomen liitto"
    )
    assert (project.status, project.eura_status) == ("ended", "Päättynyt")
    assert project.eura_granted_eu_state == Decimal("75500.50")
    assert project.eura_planned_public == Decimal("151001.00")
    assert (project.start_date, project.end_date) == (dt.date(2010, 3, 1), dt.date(2013, 2, 28))
    assert project.is_historical and project.source == "imported"
    assert AuditEntry.objects.filter(action="project.imported").count() == 2
    # and a second import changes nothing
    out, _err = _import(str(path))
    assert "projects created: 0, updated: 0, unchanged: 2" in out


def test_cli__row_errors_name_line_column_field__nothing_written(tmp_path: Path) -> None:
    rows = [*EARLIER_ROWS, "X1;;Joku;Outo;31.2.2010;1.1.2011;;;abc;"]
    path = _write_earlier(tmp_path, rows)
    with pytest.raises(CommandError, match="1 invalid row"):
        _import(str(path))
    assert Project.objects.count() == 0
    # with --skip-invalid the valid rows are written and the invalid one reported
    _out, err = _import(str(path), "--skip-invalid")
    assert "line 4, column 'Hankenimi' (name), value '': project name is missing" in err
    assert "line 4, column 'Hankkeen tila' (status), value 'Outo': unknown status 'Outo'" in err
    assert "line 4, column 'Alkamispäivä' (start_date), value '31.2.2010': no such day in the calendar" in err
    assert "line 4, column 'EU- ja valtion rahoitus' (granted_eu_state), value 'abc'" in err
    assert Project.objects.count() == 2


def test_cli__row_errors_in_finnish_and_swedish__every_error_of_the_row(tmp_path: Path) -> None:
    # given a row with an unknown status and an end before its start, and one with a bad business ID
    header = "Koodi;Nimi;Toteuttaja;Y-tunnus;Tila;Alkamispäivä;Päättymispäivä"
    rows = ["K1;Yksi;Yhtiö;;Outo;2.1.2020;1.1.2020", "K2;Kaksi;Yhtiö;1234567-8;;;"]
    path = tmp_path / "lista.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    for language, expected in {
        "fi": [
            "rivi 2, sarake 'Tila' (status), arvo 'Outo': tuntematon arvo 'Outo'",
            "rivi 2, sarake 'Päättymispäivä' (end_date), arvo '1.1.2020': päättyy ennen alkamistaan (2.1.2020)",
            "rivi 3, sarake 'Y-tunnus' (lead_business_id), arvo '1234567-8': '1234567-8': tarkistusnumero on 8,"
            " mutta tunnuksen 1234567 tarkistusnumero on 1",
        ],
        "sv": [
            "rad 2, kolumn 'Tila' (status), värde 'Outo'",
            "rad 2, kolumn 'Päättymispäivä' (end_date), värde '1.1.2020'",
            "rad 3, kolumn 'Y-tunnus' (lead_business_id), värde '1234567-8': '1234567-8' har kontrollsiffran 8",
        ],
    }.items():
        # when the command runs in that language (Finnish is the site's and the command's default)
        out, err = io.StringIO(), io.StringIO()
        with translation.override(language), pytest.raises(CommandError):
            call_command("import", "eura", str(path), "--quiet", stdout=out, stderr=err)
        summary = {"fi": "taulukko (sarakkeet kohdistettu)", "sv": "kalkylblad (kolumnerna mappade)"}
        assert summary[language] in out.getvalue()
        # then every error of every row is named by row, column, field and reason in that language
        for line in expected:
            assert line in err.getvalue()
        assert "line " not in err.getvalue()
    assert Project.objects.count() == 0


def test_cli__map_option__says_which_column_is_which(tmp_path: Path) -> None:
    # given a city's own sheet whose headers are not known
    path = tmp_path / "kaupunki.csv"
    path.write_text("Juttu;Numero;Vetäjä;Huom\nValoisa katu;KV-1;Esimerkkilän kaupunki;x\n", encoding="utf-8")
    # when no mapping is given, the required fields are missing: exit status 2 with a clear message
    with pytest.raises(CommandError) as refused:
        _import(str(path))
    assert refused.value.returncode == 2
    assert "no column is mapped to the required field 'name'" in str(refused.value)
    assert '--map "SOURCE COLUMN=FIELD"' in str(refused.value)
    # when the columns are mapped, it imports
    out, _err = _import(str(path), "--map", "Juttu=name", "--map", "Numero=code", "--map", "Vetäjä=lead_name")
    assert "Ignored columns: 'Huom'" in out
    assert Project.objects.get(code="KV-1").name == "Valoisa katu"


def test_cli__mapping_file_and_bad_mappings__exit_2(tmp_path: Path) -> None:
    path = tmp_path / "kaupunki.csv"
    path.write_text("Juttu;Numero;Vetäjä\nValoisa katu;KV-1;Esimerkkilän kaupunki\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  Juttu: name\n  Numero: code\n  Vetäjä: implementer\n", encoding="utf-8")
    _import(str(path), "--mapping", str(mapping))
    assert Project.objects.filter(code="KV-1").exists()
    for args, message in [
        (["--map", "Puuttuva=name"], "the file has no column 'Puuttuva'"),
        (["--map", "Juttu=hinta"], "which is not a field"),
        (["--map", "Juttu"], 'write it as "SOURCE COLUMN=FIELD"'),
        (["--mapping", str(tmp_path / "none.yaml")], "cannot be read"),
        (["--mapping", str(mapping), "--map", "Numero=name"], "'name' is mapped from two columns"),
    ]:
        with pytest.raises(CommandError, match=message) as refused:
            _import(str(path), *args)
        assert refused.value.returncode == 2


def test_cli__kohesio_like_csv__english_headers_comma_separated(tmp_path: Path) -> None:
    path = tmp_path / "kohesio.csv"
    path.write_text(
        "Project ID,Project name,Beneficiary,Fund,Start date,End date,Total budget,EU contribution,Country\n"
        'FI-123,"Smart grids, pilot",Energia Oy,European Regional Development Fund,2016-01-01,2018-12-31,"1,250,000.00",500000,FI\n',
        encoding="utf-8-sig",
    )
    _out, _err = _import(str(path))
    project = Project.objects.get(code="FI-123")
    assert project.name == "Smart grids, pilot"
    assert project.fund_code == "ERDF"
    assert project.eura_planned_total == Decimal("1250000.00")
    # the EU's contribution alone is not the EU and state funding: not taken unless mapped
    assert project.eura_granted_eu_state is None
    assert project.status == "ended"  # no status column: from the dates


# Exactly the headers of the project-search download of kohesio.ec.europa.eu (see docs/import.md).
KOHESIO_DOWNLOAD = "ID,PROJECT NAME,TOTAL BUDGET,AMOUNT EU SUPPORT,START DATE,END DATE,COUNTRY,SUMMARY\n"
KOHESIO_DOWNLOAD_ROW = (
    'Q2563713,"Älykäs satama, vaihe 2",250000.0,100000.0,2019-03-01,2021-02-28,FI,Keksitty.\n'
)


def test_cli__kohesio_search_download__mapped_and_the_missing_implementer_named(tmp_path: Path) -> None:
    # given a CSV with exactly the headers of Kohesio's project-search download
    path = tmp_path / "project_export.csv"
    path.write_text(KOHESIO_DOWNLOAD + KOHESIO_DOWNLOAD_ROW, encoding="utf-8")
    # when it is imported without a mapping, then the download's columns are recognised and the one
    # thing a project needs that the download lacks, the beneficiary, is named (exit status 2)
    with pytest.raises(CommandError) as refused:
        _import(str(path))
    assert refused.value.returncode == 2
    assert "no column is mapped to the required field 'lead_name' (implementer)" in str(refused.value)
    assert Project.objects.count() == 0
    # when the user adds the beneficiary as a column of its own, it imports without any --map
    path.write_text(
        KOHESIO_DOWNLOAD.replace("\n", ",Beneficiary\n") + KOHESIO_DOWNLOAD_ROW.replace("\n", ",Satama Oy\n"),
        encoding="utf-8",
    )
    out, err = _import(str(path))
    assert err == ""
    assert "'AMOUNT EU SUPPORT'" in out.split("Ignored columns:")[1]
    project = Project.objects.get(code="Q2563713")
    assert project.name == "Älykäs satama, vaihe 2" and project.lead.name == "Satama Oy"
    assert (project.start_date, project.end_date) == (dt.date(2019, 3, 1), dt.date(2021, 2, 28))
    assert project.eura_planned_total == Decimal("250000.00") and project.eura_granted_eu_state is None
    assert project.summary == "Keksitty."


def test_cli__kohesio_search_download__imports_with_the_beneficiary_set_for_every_row(tmp_path: Path) -> None:
    # given Kohesio's project-search download, which names no beneficiary, two projects of one city
    path = tmp_path / "project_export.csv"
    path.write_text(
        KOHESIO_DOWNLOAD
        + KOHESIO_DOWNLOAD_ROW
        + "Q2563714,Pyöräilyn edistäminen,80000.0,40000.0,2020-01-01,2020-12-31,FI,Toinen.\n",
        encoding="utf-8",
    )
    # when it is imported with the implementer and the fund given as fixed values (field key or label)
    out, err = _import(str(path), "--set", "lead_name=Turun kaupunki", "--set", "Fund=EAKR")
    # then the fixed values are printed with the mapping, and every project gets them
    assert err == ""
    assert "Fixed values (every row): lead_name = 'Turun kaupunki', fund = 'EAKR'" in out
    assert "projects created: 2" in out
    projects = Project.objects.order_by("code")
    assert [(p.code, p.lead.name, p.fund_code) for p in projects] == [
        ("Q2563713", "Turun kaupunki", "ERDF"),
        ("Q2563714", "Turun kaupunki", "ERDF"),
    ]
    # when it is imported again with the same values, nothing changes
    out, _err = _import(str(path), "--set", "lead_name=Turun kaupunki", "--set", "fund=ERDF")
    assert "projects created: 0, updated: 0, unchanged: 2" in out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "fund=Marshall",
            "the fixed value 'Marshall' of the field 'fund' (fund): unknown fund (known: EAKR/ERDF, ESR/ESF+, JTF) 'Marshall'",
        ),
        (
            "start_date=keväällä --map START DATE=ignore",
            "the fixed value 'keväällä' of the field 'start_date' (start date): not a date: write d.m.yyyy",
        ),
        ("lead_name=", "the fixed value '' of the field 'lead_name' (implementer): empty"),
        ("beneficiary_email=a@b.fi", "a fixed value is given to 'beneficiary_email', which is not a field"),
        ("lead_name", "--set 'lead_name': write it as \"FIELD=VALUE\""),
        (
            "name=Sama kaikille",
            "the field 'name' (project name) is both mapped from the column 'PROJECT NAME' and given a fixed value",
        ),
    ],
)
def test_cli__a_bad_fixed_value__refused_before_any_row_naming_field_and_reason(
    tmp_path: Path, option: str, message: str
) -> None:
    # given Kohesio's download
    path = tmp_path / "project_export.csv"
    path.write_text(KOHESIO_DOWNLOAD + KOHESIO_DOWNLOAD_ROW, encoding="utf-8")
    # when a fixed value is a fund that does not exist, not a date, empty, given to no field, written
    # without "=" or given to a field a column holds
    option, _sep, column = option.partition(" --map ")
    extra = [] if option.startswith("lead_name") else ["--set", "lead_name=Turun kaupunki"]
    extra += ["--map", column] if column else []
    with pytest.raises(CommandError) as refused:
        _import(str(path), "--set", option, *extra)
    # then the mapping is refused (status 2) naming the field and the reason, and nothing is written
    assert refused.value.returncode == 2
    assert message in str(refused.value)
    assert Project.objects.count() == 0


def test_cli__fixed_values_in_a_mapping_file__and_in_finnish(tmp_path: Path) -> None:
    # given Kohesio's download and a mapping file giving the implementer and the start fixed values
    path = tmp_path / "project_export.csv"
    path.write_text(KOHESIO_DOWNLOAD + KOHESIO_DOWNLOAD_ROW, encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        'columns:\n  "START DATE": ignore\nfixed:\n  lead_name: Satama Oy\n  start_date: 1.1.2019\n',
        encoding="utf-8",
    )
    # when --set overrides one of them, then both are used: the file's implementer, --set's date
    _import(str(path), "--mapping", str(mapping), "--set", "start_date=2.1.2019")
    project = Project.objects.get(code="Q2563713")
    assert (project.lead.name, project.start_date) == ("Satama Oy", dt.date(2019, 1, 2))
    # when a fixed value is bad in Finnish, then the reason is in Finnish too
    mapping.write_text("columns:\n  SUMMARY: ignore\nfixed:\n  lead_name: Satama Oy\n  fund: Marshall\n")
    with translation.override("fi"), pytest.raises(CommandError) as refused:
        call_command("import", "eura", str(path), "--mapping", str(mapping), "--quiet", stdout=io.StringIO())
    assert "kentän 'fund' (Rahasto) kiinteä arvo 'Marshall': tuntematon arvo 'Marshall'" in str(refused.value)


def test_cli__a_cell_naming_two_funds__row_error_then_the_first_fund_when_mapped(tmp_path: Path) -> None:
    # given Kohesio-named rows, one of an operation financed by two funds
    path = tmp_path / "operations.csv"
    path.write_text(
        "Operation_Local_Identifier,Operation_Name_Programme_Language,Beneficiary_Name,Fund_Code\n"
        "K1,Yksi,Yhtiö,ERDF\n"
        'K2,Kaksi,Yhtiö,"ERDF, JTF"\n',
        encoding="utf-8",
    )
    # when it is imported as suggested, then the row is refused, naming line, column, funds and the way out
    err = io.StringIO()
    with translation.override("fi"), pytest.raises(CommandError):
        call_command("import", "eura", str(path), "--quiet", stdout=io.StringIO(), stderr=err)
    assert (
        "rivi 3, sarake 'Fund_Code' (fund), arvo 'ERDF, JTF': mainitsee 2 rahastoa (ERDF, JTF), mutta "
        "hankkeella on yksi rahasto: valitse sarakkeelle kenttä ”Rahasto (ensimmäinen mainittu)” (fund_first)"
    ) in err.getvalue()
    assert Project.objects.count() == 0
    # when the column is mapped to the first fund named, both import, the second with its first fund
    _import(str(path), "--map", "Fund_Code=fund_first")
    assert dict(Project.objects.values_list("code", "fund_code")) == {"K1": "ERDF", "K2": "ERDF"}
    # and mapping both ways at once is refused as a mapping (exit status 2)
    with pytest.raises(CommandError, match="fill the same thing") as refused:
        _import(str(path), "--map", "Fund_Code=fund_first", "--map", "Beneficiary_Name=fund")
    assert refused.value.returncode == 2


KOHESIO_FIXTURE = Path(__file__).parent / "fixtures" / "kohesio_operations.csv"


def test_cli__kohesio_operations_csv__maps_without_being_told() -> None:
    # given a CSV under Kohesio's field names (invented rows), when it is imported without a mapping
    out, err = _import(str(KOHESIO_FIXTURE))
    # then the national code, the name as given, the beneficiary and the figures land in their fields
    assert err == ""
    assert "'Operation_Local_Identifier' → code" in out
    harbour = Project.objects.get(code="K10001")
    assert harbour.name == "Kokeiluympäristö satamaan"
    assert harbour.summary == "Keksitty esimerkkihanke."
    assert harbour.lead.name == "Esimerkkisatama Oy"
    assert harbour.lead.business_id == "1234567-1"
    assert (harbour.start_date, harbour.end_date) == (dt.date(2019, 3, 1), dt.date(2021, 2, 28))
    assert harbour.fund_code == "ERDF"
    assert harbour.eura_planned_total == Decimal("250000.00")
    assert Project.objects.get(code="K10002").fund_code == "ESF+"
    assert Project.objects.get(code="K10003").lead.name == "Esimerkkiyliopisto"
    # Kohesio's own identifier, its English texts and the EU-only budget are not taken
    assert not Project.objects.filter(code__startswith="kohesio-").exists()


def test_cli__city_xlsx__imports_through_the_mapping(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kaupungin kehityshankkeet"])
    sheet.append(
        ["Projekti", "Tunnus", "Vastuuorganisaatio", "Alkaa", "Päättyy", "Budjetti", "Yhteyshenkilö"]
    )
    sheet.append(
        [
            "Älykäs valaistus",
            "TRE-7",
            "Esimerkkilän kaupunki",
            dt.datetime(2023, 1, 1),
            dt.datetime(2099, 6, 30),
            250000.5,
            "Maija",
        ]
    )
    path = tmp_path / "kaupunki.xlsx"
    book.save(path)
    _import(str(path))
    project = Project.objects.get(code="TRE-7")
    assert project.eura_planned_total == Decimal("250000.50")
    assert project.status == "active"


def test_cli__eura_2014_layout_still_takes_the_eura_rules(tmp_path: Path) -> None:
    # given a whole EURA 2014 list: its own reader (code/fund rules, authority names) still reads it
    path = write_2014(
        tmp_path / "list.csv", [row_2014("A70965", authority="Ruotsi Pohjois-Pohjanmaan liitto")]
    )
    with pytest.raises(CommandError):
        _import(str(path))
    assert Project.objects.count() == 0


def test_mapped_update__changes_only_the_fields_the_file_gives(tmp_path: Path) -> None:
    _import(str(_write_earlier(tmp_path)))
    project = Project.objects.get(code="S10234")
    project.summary = "Tiivistelmä muualta"
    project.save()
    path = tmp_path / "nimet.csv"
    path.write_text(
        "Hankenumero;Hankenimi;Toteuttaja\nS10234;Nuorten työpajat 2;Esimerkkilän kaupunki\n",
        encoding="utf-8",
    )
    out, _err = _import(str(path))
    assert "updated: 1" in out
    project.refresh_from_db()
    assert project.name == "Nuorten työpajat 2"
    assert project.summary == "Tiivistelmä muualta"
    assert project.eura_granted_eu_state == Decimal("120000.00")
    entry = AuditEntry.objects.filter(action="project.updated").get()
    assert entry.before["name"] == "Nuorten työpajat" and entry.after["name"] == "Nuorten työpajat 2"


# --- round trip -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip__project_list_export_imports_back_unchanged(tmp_path: Path, fmt: str) -> None:
    # given historical projects from a EURA 2014 list and from an earlier-period list
    from tests.factories import UserFactory

    write_2014(
        tmp_path / "list.csv",
        [row_2014("A70965", name='=HYPERLINK("x")', lead="Esimerkkilän kaupunki"), row_2014("S20501")],
    )
    _import(str(tmp_path / "list.csv"))
    _import(str(_write_earlier(tmp_path)))
    before = {p.code: _state(p) for p in Project.objects.all()}
    client = Client()
    client.force_login(UserFactory(username="lukija"))
    # when the list is exported and the file imported back
    response = client.get(reverse("projects:project_list"), {"format": fmt})
    assert response.status_code == 200
    data = response.content
    if fmt == "csv":
        assert "'=HYPERLINK" in data.decode("utf-8-sig")  # a formula-leading name is neutralised
    table = read_table(data, f"projects.{fmt}")
    mapping = suggest(table.headers, PROJECT_SCHEMA)
    assert validate(table, mapping, PROJECT_SCHEMA).problems == []
    report = project_import_mapped(table=table, mapping=mapping, file="projects")
    # then nothing changes
    assert (report.created, report.updated, report.invalid) == (0, 0, 0)
    assert report.unchanged == 4
    after = {p.code: _state(p) for p in Project.objects.all()}
    assert after == before


def _state(project: Project) -> dict[str, object]:
    return {
        name: getattr(project, name)
        for name in (
            "name",
            "lead_id",
            "funding_authority_id",
            "fund_code",
            "status",
            "eura_status",
            "start_date",
            "end_date",
            "eura_priority_axis",
            "eura_granted_eu_state",
            "eura_paid_eu_state",
            "eura_planned_public",
            "eura_paid_public",
            "source",
            "summary",
            "eura_extra",
        )
    }


@pytest.mark.skipif(not REAL_2014.exists(), reason="the public EURA 2014 list is not present")
def test_real_eura_2014_list__every_column_suggested_and_mapped_rows_read() -> None:
    table = read_table(REAL_2014.read_bytes(), REAL_2014.name)
    mapping = suggest(table.headers, PROJECT_SCHEMA)
    assert len(mapping) == 13
    result = validate(table, mapping, PROJECT_SCHEMA)
    assert result.rows_read == 2881
    # the generic rules report fewer rows than the EURA reader's own (no code and authority patterns)
    assert 0 < result.invalid <= 20


def test_cli__unusable_mapping__says_why_in_finnish_and_swedish(tmp_path: Path) -> None:
    # given a city's own sheet whose headers are not known, and a --map naming a column it lacks
    path = tmp_path / "kaupunki.csv"
    path.write_text("Juttu;Numero;Vetäjä\nValoisa katu;KV-1;Esimerkkilän kaupunki\n", encoding="utf-8")
    expected = {
        "fi": (
            "pakolliseen kenttään 'name' (Hankkeen nimi) ei ole kohdistettu saraketta",
            "tiedostossa ei ole saraketta 'Puuttuu'",
            "--map 'väärin': kirjoita se muodossa \"LÄHDESARAKE=KENTTÄ\"",
        ),
        "sv": (
            "ingen kolumn är mappad till det obligatoriska fältet 'name' (Projektets namn)",
            "filen har ingen kolumn 'Puuttuu'",
            "--map 'väärin': skriv det som \"KÄLLKOLUMN=FÄLT\"",
        ),
    }
    for language, (unmapped, no_column, bad_option) in expected.items():
        for args, reason in (
            ((), unmapped),
            (("--map", "Puuttuu=name"), no_column),
            (("--map", "väärin"), bad_option),
        ):
            # when the command runs in that language with a mapping it cannot use
            with translation.override(language), pytest.raises(CommandError) as refused:
                call_command("import", "eura", str(path), *args, "--quiet", stdout=io.StringIO())
            # then it exits with status 2 and says why in that language
            assert refused.value.returncode == 2
            assert reason in str(refused.value), (language, str(refused.value))
    assert Project.objects.count() == 0


def test_cli_help__names_every_project_field() -> None:
    # given the command's help, then every field a --map may name is listed (fund_first included)
    import importlib

    help_text = importlib.import_module("progress.management.commands.import").HELP
    listed = help_text.split("Fields (* required):")[1].split("\n\n")[0]
    for key in PROJECT_SCHEMA.keys:
        assert re.search(rf"\b{key}\b", listed), key
