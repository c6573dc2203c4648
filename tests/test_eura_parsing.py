"""cores.eura: reading the EURA 2014 list and the EURA 2021 export, and reporting bad input (no database)."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.eura import EURA2014, EURA2021, EuraFileError, read_eura
from cores.eura_names import canonical_authority, guess_kind
from cores.eura_values import parse_money
from tests.fixtures.eura_files import EURA2021_SMALL, csv_2014, row_2014, write_2014
from tests.fixtures.make_eura2021_fixture import HEADER, ROWS, write_eura2021

# --- the EURA 2014 layout --------------------------------------------------------------------------------


def test_read_eura__2014_list__rows_become_projects_in_register_terms(tmp_path: Path) -> None:
    # given: an ERDF row with a comma replaced by "|" and a stray space before the authority, and an ESF row
    path = write_2014(
        tmp_path / "list.csv",
        [
            row_2014("A70301", name="Uudet prosessit |biotuotteet  - Reaktek", authority=" Uudenmaan liitto"),
            row_2014(
                "S20501",
                authority="Hämeen elinkeino-  liikenne- ja ympäristökeskus",
                lead="Terveyden ja hyvinvoinnin laitos ",
                paid="107277.34",
            ),
        ],
    )
    # when
    result = read_eura(path)
    # then
    assert result.layout == EURA2014
    assert result.problems == []
    assert result.rows_read == 2
    erdf, esf = result.rows
    assert (erdf.code, erdf.fund_code, erdf.source) == ("A70301", "ERDF", "eura2014")
    assert erdf.name == "Uudet prosessit, biotuotteet - Reaktek"
    assert erdf.authority == "Uudenmaan liitto"
    assert (erdf.status, erdf.eura_status, erdf.priority_axis) == ("active", "Toiminnassa", "2")
    assert (erdf.start_date, erdf.end_date) == (dt.date(2015, 3, 1), dt.date(2017, 2, 28))
    assert erdf.granted_eu_state == Decimal("443909.00")
    assert erdf.paid_eu_state == Decimal("71641.50")
    assert erdf.planned_public == Decimal("443909.00")
    assert erdf.paid_public == Decimal("54941.00")
    assert erdf.planned_total is None
    assert esf.fund_code == "ESF+"
    assert esf.authority == "Hämeen elinkeino-, liikenne- ja ympäristökeskus"
    assert esf.lead_name == "Terveyden ja hyvinvoinnin laitos"
    assert esf.paid_eu_state == Decimal("107277.34")


@pytest.mark.parametrize(
    ("columns", "column", "value", "reason"),
    [
        ({"start": ""}, "Aloituspvm", "", "the date is missing"),
        ({"end": ""}, "Päättymispvm", "", "the date is missing"),
        ({"start": "7560"}, "Aloituspvm", "7560", "not a date"),
        ({"start": "31.2.2016"}, "Aloituspvm", "31.2.2016", "no such day"),
        ({"end": "28.2.2014"}, "Päättymispvm", "28.2.2014", "ends before it starts (1.3.2015)"),
        ({"granted": " "}, "Myönnetty EU- ja valtion rahoitus", " ", "the amount is missing"),
        ({"paid": ""}, "Toteutunut EU- ja valtion rahoitus", "", "the amount is missing"),
        ({"paid_public": "-744"}, "Toteutunut julkinen rahoitus yhteensä", "-744", "negative"),
        (
            {"paid_public": "12.345"},
            "Toteutunut julkinen rahoitus yhteensä",
            "12.345",
            "more than two decimals",
        ),
        ({"granted": "31.12.2016"}, "Myönnetty EU- ja valtion rahoitus", "31.12.2016", "not a number"),
        ({"lead": ""}, "Toteuttajan nimi", "", "the implementer's name is missing"),
        ({"name": " "}, "Hankkeen nimi", " ", "the project name is missing"),
        (
            {"authority": " Ruotsi Pohjois-Pohjanmaan elinkeino-  liikenne- ja ympäristökeskus"},
            "Viranomainen",
            " Ruotsi Pohjois-Pohjanmaan elinkeino-  liikenne- ja ympäristökeskus",
            "not a known funding authority name",
        ),
        (
            {"authority": " sekä energiatehokkuuden edistäminen Keski-Suomen liitto"},
            "Viranomainen",
            " sekä energiatehokkuuden edistäminen Keski-Suomen liitto",
            "not a known funding authority name",
        ),
        ({"fund": "ESR"}, "Rahasto", "ESR", "its codes begin with S (ESR)"),
        ({"fund": "EMKR"}, "Rahasto", "EMKR", "unknown fund"),
        ({"status": "Kesken"}, "Tila", "Kesken", "unknown EURA status"),
        ({"axis": "II"}, "Tl", "II", "not a number"),
    ],
)
def test_read_eura__damaged_2014_row__reported_with_line_column_value_and_reason(
    tmp_path: Path, columns: dict[str, str], column: str, value: str, reason: str
) -> None:
    # given: a good row, then the damaged one on line 3
    path = write_2014(tmp_path / "list.csv", [row_2014("A70001"), row_2014("A70002", **columns)])
    # when
    result = read_eura(path)
    # then: the good row is read, the damaged one is reported once, naming line, column, value and reason
    assert [r.code for r in result.rows] == ["A70001"]
    assert result.invalid_lines == {3}
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column, problem.value) == (3, column, value)
    assert reason in problem.reason
    assert str(problem).startswith(f"line 3, column {column!r}, value {value!r}: ")


def test_read_eura__2014_row_with_several_damages__every_problem_reported(tmp_path: Path) -> None:
    # given: a shifted row (an amount in the start date, an empty amount)
    path = write_2014(tmp_path / "list.csv", [row_2014("A70447", start="7560", granted=" ")])
    # when
    result = read_eura(path)
    # then
    assert result.rows == []
    assert [(p.line, p.column) for p in result.problems] == [
        (2, "Aloituspvm"),
        (2, "Myönnetty EU- ja valtion rahoitus"),
    ]


def test_read_eura__row_with_a_missing_field__reported_as_a_short_row(tmp_path: Path) -> None:
    # given: a row with 12 fields under a 13-column header
    text = (
        csv_2014([row_2014("A70001")])
        + "A70002,EAKR,Nimi,2,Uudenmaan liitto,Toiminnassa,1.1.2015,1.1.2016,X Oy,1,1,1\n"
    )
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    # when
    result = read_eura(path)
    # then
    assert len(result.rows) == 1
    assert [(p.line, p.column) for p in result.problems] == [(3, "")]
    assert "the row has 12 fields but the header has 13" in result.problems[0].reason


def test_read_eura__same_code_twice__second_reported_with_first_line(tmp_path: Path) -> None:
    # given
    path = write_2014(tmp_path / "list.csv", [row_2014("A70001"), row_2014("A70001", name="Toinen")])
    # when
    result = read_eura(path)
    # then
    assert [r.line for r in result.rows] == [2]
    assert [(p.line, p.column, p.value) for p in result.problems] == [(3, "Koodi", "A70001")]
    assert "already on line 2" in result.problems[0].reason


def test_read_eura__semicolon_separated_with_bom__read_like_commas(tmp_path: Path) -> None:
    # given: what a spreadsheet saves as "CSV UTF-8" with a Finnish locale
    text = csv_2014([row_2014("A70001")]).replace(",", ";")
    path = tmp_path / "list.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    # when
    result = read_eura(path)
    # then
    assert result.problems == []
    assert [r.code for r in result.rows] == ["A70001"]


# --- the EURA 2021 layout --------------------------------------------------------------------------------


def test_read_eura__2021_fixture__rows_read_footer_skipped() -> None:
    # given: the fixture (header "Hankekoodi " with a trailing space, two footer rows)
    assert HEADER[0] == "Hankekoodi "
    # when
    result = read_eura(EURA2021_SMALL)
    # then
    assert result.layout == EURA2021
    assert result.problems == []
    assert result.footer_rows == 2
    assert result.rows_read == len(ROWS) == len(result.rows)
    rows = {r.code: r for r in result.rows}
    first = rows["A80001"]
    assert (first.fund_code, first.status, first.eura_status) == ("ERDF", "active", "Käynnissä")
    assert first.lead_business_id == ROWS[0]["Toteuttajan Y-tunnus"]
    assert first.granted_eu_state == Decimal("600000.00")
    assert first.paid_eu_state == Decimal("150000.50")
    assert first.paid_public == Decimal("250000.84")
    assert first.planned_total == Decimal("1000000.00")
    assert first.summary.startswith("Hankkeessa kokeillaan kiertotalouden")
    assert first.extra["Toteutunut EU-rahoituksen määrä"] == "100000.33"
    assert first.extra["Toteutuspaikan postinumero"] == "00100"
    assert first.extra["Alueellinen täytäntöönpanomekanismi ja alueellinen painopiste"] == (
        "Kestävä kaupunkikehittäminen"
    )
    assert rows["A80002"].authority == "Uudenmaan liitto"
    esf = rows["S30001"]
    assert (esf.fund_code, esf.status, esf.start_date) == ("ESF+", "ended", dt.date(2022, 9, 1))
    assert esf.lead_business_id == ""
    jtf = rows["J10001"]
    assert (jtf.fund_code, jtf.status, jtf.paid_eu_state) == ("JTF", "planned", None)
    assert rows["A80003"].status == "cancelled"


@pytest.mark.parametrize(
    ("changes", "column", "value", "reason"),
    [
        ({"Toteuttajan Y-tunnus": "1234567-8"}, "Toteuttajan Y-tunnus", "1234567-8", "check digit"),
        ({"Rahasto": "EMKR"}, "Rahasto", "EMKR", "unknown fund"),
        ({"Toiminnan tila": "Luonnos"}, "Toiminnan tila", "Luonnos", "unknown EURA status"),
        ({"Aloituspvm": "2023-02-30"}, "Aloituspvm", "2023-02-30", "no such day"),
        ({"Päättymispvm": dt.datetime(2020, 1, 1)}, "Päättymispvm", "1.1.2020", "ends before it starts"),
        ({"Suunniteltu julkinen rahoitus": None}, "Suunniteltu julkinen rahoitus", "", "missing"),
        ({"Suunniteltu julkinen rahoitus": 0.125}, "Suunniteltu julkinen rahoitus", "0.125", "two decimals"),
        ({"Toteutunut julkinen rahoitus": -5.0}, "Toteutunut julkinen rahoitus", "-5", "negative"),
        ({"Hankekoodi": "A8 0009"}, "Hankekoodi", "A8 0009", "no spaces"),
        (
            {"Rahoittava viranomainen": None},
            "Rahoittava viranomainen",
            "",
            "the funding authority is missing",
        ),
    ],
)
def test_read_eura__bad_2021_row__reported_with_line_column_value_and_reason(
    tmp_path: Path, changes: dict[str, object], column: str, value: str, reason: str
) -> None:
    # given: the fixture's rows with the second one damaged (spreadsheet row 3)
    rows = [dict(r) for r in ROWS]
    rows[1].update(changes)
    path = write_eura2021(tmp_path / "export.xlsx", rows)
    # when
    result = read_eura(path)
    # then
    assert len(result.rows) == len(ROWS) - 1
    assert [(p.line, p.column, p.value) for p in result.problems] == [(3, column, value)]
    assert reason in result.problems[0].reason


def test_read_eura__2021_row_without_name_and_implementer_before_last_project__reported(
    tmp_path: Path,
) -> None:
    # given: a note row in the middle of the projects (only footer notes may lack a name and implementer)
    rows = [dict(ROWS[0]), {"Hankekoodi": "Väliotsikko"}, dict(ROWS[1])]
    path = write_eura2021(tmp_path / "export.xlsx", rows)
    # when
    result = read_eura(path)
    # then
    assert [p.line for p in result.problems] == [3]
    assert result.problems[0].column == "Hankkeen nimi"
    assert "neither a project name nor an implementer" in result.problems[0].reason
    assert result.footer_rows == 2


def test_read_eura__2021_with_title_row_and_blank_rows__header_found_and_lines_true(tmp_path: Path) -> None:
    # given: a title above the header and a blank row between projects
    rows = [dict(ROWS[0]), {}, dict(ROWS[1], **{"Rahasto": "?"})]
    path = write_eura2021(tmp_path / "export.xlsx", rows, title="Rahoitetut hankkeet")
    # when
    result = read_eura(path)
    # then: title line 1, header line 2, projects on lines 3 and 5
    assert [r.line for r in result.rows] == [3]
    assert [(p.line, p.column) for p in result.problems] == [(5, "Rahasto")]


# --- wrong files ----------------------------------------------------------------------------------------


def _latin1(tmp_path: Path) -> Path:
    return write_2014(
        tmp_path / "list.csv", [row_2014("A70001", lead="Hämeen ammattikorkeakoulu Oy")], encoding="latin-1"
    )


def _utf16(tmp_path: Path) -> Path:
    return write_2014(tmp_path / "list.csv", [row_2014("A70001")], encoding="utf-16")


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _xls(tmp_path: Path) -> Path:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return path


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


def _wrong_headers(tmp_path: Path) -> Path:
    path = tmp_path / "other.csv"
    path.write_text("Project,Beneficiary,Amount\nX,Y,1\n", encoding="utf-8")
    return path


def _missing_column(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    text = csv_2014([row_2014("A70001")]).replace(",Tl,", ",Toimintalinja,", 1)
    path.write_text(text, encoding="utf-8")
    return path


def _missing_2021_column(tmp_path: Path) -> Path:
    header = [h for h in HEADER if h != "Toiminnan tila"]
    return write_eura2021(tmp_path / "export.xlsx", ROWS, header=header)


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    return path


def _absent(tmp_path: Path) -> Path:
    return tmp_path / "nothing-here.csv"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_latin1, "is not UTF-8 text: byte 0xe4 on line 1"),
        (_utf16, "is UTF-16 text: save it as UTF-8"),
        (_binary, "is not a CSV or XLSX file"),
        (_xls, "old Excel 97–2003 (.xls) workbook"),
        (_zip, "is a ZIP file but not a readable Excel workbook"),
        (_wrong_headers, "the header row is not that of a EURA 2014 list"),
        (_missing_column, "looks like a EURA 2014 list but lacks the column(s): Tl"),
        (_missing_2021_column, "looks like a EURA 2021 export but lacks the column(s): Toiminnan tila"),
        (_empty, "the file is empty"),
        (_absent, "no such file"),
    ],
)
def test_read_eura__wrong_file__one_clear_message(tmp_path: Path, make, message: str) -> None:
    # given
    path = make(tmp_path)
    # when / then
    with pytest.raises(EuraFileError) as caught:
        read_eura(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


# --- values and guesses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Helsingin kaupunki", "city"),
        ("Helsingfors stad", "city"),
        ("Helsingin yliopisto", "university"),
        ("Aalto-korkeakoulusäätiö", "university"),
        ("Metropolia Ammattikorkeakoulu Oy", "uas"),
        ("Laurea-ammattikorkeakoulu Oy", "uas"),
        ("Forum Virium Helsinki Oy", "company"),
        ("Sanoma Oyj", "company"),
        ("Turku Science Park Oy Ab", "company"),
        ("JALKAPUU TMI", "company"),
        ("Green Net Finland ry", "association"),
        ("A-klinikkasäätiö", "association"),
        ("Uudenmaan liitto", "authority"),
        ("Etelä-Savon maakuntaliitto", "authority"),
        ("Hämeen ELY-keskus", "authority"),
        ("Innovaatiorahoituskeskus Tekes", "authority"),
        ("Liikennevirasto", "authority"),
        ("Pohjois-Savon sairaanhoitopiirin kuntayhtymä", "hospital"),
        ("Länsi-Uudenmaan hyvinvointialue", "hospital"),
        ("Teknologian tutkimuskeskus VTT Oy", "research_institute"),
        ("Geologian tutkimuskeskus", "research_institute"),
        ("GTK", "research_institute"),
        ("Luonnonvarakeskus", "research_institute"),
        ("Ilmatieteen Laitos", "research_institute"),
        ("Terveyden ja hyvinvoinnin laitos", "research_institute"),
        ("THL", "research_institute"),
        ("Kittilän kunta", "other"),
    ],
)
def test_guess_kind__name__kind(name: str, kind: str) -> None:
    assert guess_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pohjois-Pohjanmaan elinkeino-  liikenne- ja ympäristökeskus",
            "Pohjois-Pohjanmaan elinkeino-, liikenne- ja ympäristökeskus",
        ),
        (" Uudenmaan liitto ", "Uudenmaan liitto"),
        ("Etelä-Savon maakuntaliitto", "Etelä-Savon maakuntaliitto"),
        ("Innovaatiorahoituskeskus Tekes", "Innovaatiorahoituskeskus Tekes"),
        ("Ruotsi Pohjois-Pohjanmaan elinkeino-  liikenne- ja ympäristökeskus", None),
        ("analyysi markkinoille tulosta Hämeen liitto", None),
        ("Esimerkki Oy", None),
    ],
)
def test_canonical_authority__2014_text__official_name_or_none(text: str, expected: str | None) -> None:
    assert canonical_authority(text) == expected


@given(cents=st.integers(min_value=0, max_value=10**13))
def test_parse_money__any_cent_amount_as_text_or_excel_number__exact(cents: int) -> None:
    # given an amount in whole cents, as the list writes it and as Excel stores it
    amount = Decimal(cents) / 100
    # when / then: the text and the float both give back the same exact Decimal
    assert parse_money(f"{amount}") == amount
    if cents < 10**12:  # doubles hold cents exactly well beyond any project's money
        assert parse_money(float(amount)) == amount


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "1,2.3", "abc"])
def test_parse_money__not_an_amount__value_error(value: object) -> None:
    with pytest.raises(ValueError):
        parse_money(value)
