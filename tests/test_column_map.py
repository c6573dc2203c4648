"""The column-mapping core (cores.column_map, cores.import_fields, cores.tables): reading any CSV or XLSX,
suggesting a mapping from headers of every known shape, validating every row with errors naming the row,
the column, the field and the reason."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cores.column_map import (
    IGNORE,
    MappingError,
    check_fixed,
    check_mapping,
    combine,
    mapping_by_header,
    mapping_from_headers,
    normalise,
    parse_amount_any,
    parse_date_any,
    parse_fixed_document,
    parse_map_options,
    parse_mapping_document,
    parse_set_options,
    signature,
    suggest,
    validate,
)
from cores.eura import EURA2014_COLUMNS, EURA2021_COLUMNS
from cores.import_fields import EXPORT_HEADERS, INDICATOR_SCHEMA, PROJECT_SCHEMA, spending_schema
from cores.tables import Table, TableError, read_table

FINNISH_EARLIER = [
    "Hankenumero",
    "Hankenimi",
    "Toteuttaja",
    "Y-tunnus",
    "Rahasto",
    "Hankkeen tila",
    "Alkamispäivä",
    "Päättymispäivä",
    "Rahoittaja",
    "Toimintalinja",
    "EU- ja valtion rahoitus",
    "Julkinen rahoitus",
]
KOHESIO = [
    "Project ID",
    "Project name",
    "Beneficiary",
    "Fund",
    "Start date",
    "End date",
    "Total budget",
    "EU contribution",
    "Summary",
    "Country",
]
CITY = ["Projekti", "Tunnus", "Vastuuorganisaatio", "Alkaa", "Päättyy", "Budjetti", "Kuvaus", "Yhteyshenkilö"]


def _by_header(headers: list[str]) -> dict[str, str]:
    return mapping_by_header(suggest(headers, PROJECT_SCHEMA), headers)


# --- suggestions ---------------------------------------------------------------------------------------


def test_suggest__eura_2014_list__every_column_mapped() -> None:
    mapping = _by_header(list(EURA2014_COLUMNS))
    assert mapping == {
        "Koodi": "code",
        "Rahasto": "fund",
        "Hankkeen nimi": "name",
        "Tl": "priority_axis",
        "Viranomainen": "authority",
        "Tila": "status",
        "Aloituspvm": "start_date",
        "Päättymispvm": "end_date",
        "Toteuttajan nimi": "lead_name",
        "Myönnetty EU- ja valtion rahoitus": "granted_eu_state",
        "Toteutunut EU- ja valtion rahoitus": "paid_eu_state",
        "Suunniteltu julkinen rahoitus yhteensä": "planned_public",
        "Toteutunut julkinen rahoitus yhteensä": "paid_public",
    }


def test_suggest__eura_2021_export__figures_and_summary_mapped_rest_ignored() -> None:
    mapping = _by_header(list(EURA2021_COLUMNS))
    assert mapping["Hankekoodi"] == "code"
    assert mapping["Toiminnan tila"] == "status"
    assert mapping["Toteuttajan Y-tunnus"] == "lead_business_id"
    assert mapping["Rahoittava viranomainen"] == "authority"
    assert mapping["Suunniteltu EU- ja valtion rahoitus"] == "granted_eu_state"
    assert mapping["Suunniteltu rahoitus yhteensä"] == "planned_total"
    assert mapping["Suunnitelman mukainen tiivistelmä hankkeen toteutuksesta"] == "summary"
    assert "Ryhmähanketunnus" not in mapping and "Sijainti" not in mapping
    assert (
        check_mapping(suggest(list(EURA2021_COLUMNS), PROJECT_SCHEMA), PROJECT_SCHEMA, EURA2021_COLUMNS) == []
    )


def test_suggest__finnish_list_of_an_earlier_period__known_variants_map() -> None:
    mapping = _by_header(FINNISH_EARLIER)
    assert mapping == {
        "Hankenumero": "code",
        "Hankenimi": "name",
        "Toteuttaja": "lead_name",
        "Y-tunnus": "lead_business_id",
        "Rahasto": "fund",
        "Hankkeen tila": "status",
        "Alkamispäivä": "start_date",
        "Päättymispäivä": "end_date",
        "Rahoittaja": "authority",
        "Toimintalinja": "priority_axis",
        "EU- ja valtion rahoitus": "granted_eu_state",
        "Julkinen rahoitus": "planned_public",
    }


def test_suggest__kohesio_and_city_headers__required_fields_found_unknown_ignored() -> None:
    kohesio = _by_header(KOHESIO)
    assert kohesio["Project ID"] == "code" and kohesio["Beneficiary"] == "lead_name"
    assert kohesio["Total budget"] == "planned_total"
    # the EU's money alone is not the register's EU and state funding (which holds the state's share too)
    assert "EU contribution" not in kohesio
    assert "Country" not in kohesio
    city = _by_header(CITY)
    assert city == {
        "Projekti": "name",
        "Tunnus": "code",
        "Vastuuorganisaatio": "lead_name",
        "Alkaa": "start_date",
        "Päättyy": "end_date",
        "Budjetti": "planned_total",
        "Kuvaus": "summary",
    }


# The field names of Kohesio's data (its validator's field list, docs/open-data.md), in a plausible order.
KOHESIO_FIELDS = [
    "Operation_Unique_Identifier",
    "Operation_Local_Identifier",
    "Operation_Name_Programme_Language",
    "Operation_Name_English",
    "Operation_Summary_Programme_Language",
    "Operation_Summary_English",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Beneficiary_Name",
    "Beneficiary_Local_Identifier",
    "CountryID",
    "Fund_Code",
    "Total_Eligible_Expenditure_amount",
    "Total_Eligible_Expenditure_Currency",
    "Project_EU_Budget",
    "Cofinancing_Rate",
]


def test_suggest__kohesio_field_names__map_without_being_told() -> None:
    mapping = _by_header(KOHESIO_FIELDS)
    assert mapping == {
        "Operation_Local_Identifier": "code",
        "Operation_Name_Programme_Language": "name",
        "Operation_Summary_Programme_Language": "summary",
        "Operation_Start_Date": "start_date",
        "Operation_End_Date": "end_date",
        "Beneficiary_Name": "lead_name",
        "Beneficiary_Local_Identifier": "lead_business_id",
        "Fund_Code": "fund",
        "Total_Eligible_Expenditure_amount": "planned_total",
    }
    assert check_mapping(suggest(KOHESIO_FIELDS, PROJECT_SCHEMA), PROJECT_SCHEMA, KOHESIO_FIELDS) == []


# The project search's download on kohesio.ec.europa.eu, CSV and XLSX alike: the headers its backend writes
# (ec-doris/kohesio-backend, ProjectController.euSearchProjectCSV / euSearchProjectExcel), in its order.
KOHESIO_DOWNLOAD = [
    "ID",
    "PROJECT NAME",
    "TOTAL BUDGET",
    "AMOUNT EU SUPPORT",
    "START DATE",
    "END DATE",
    "COUNTRY",
    "SUMMARY",
]


def test_suggest__kohesio_search_download__maps_without_being_told_but_has_no_implementer() -> None:
    # given the headers of Kohesio's project-search download, when a mapping is suggested
    mapping = _by_header(KOHESIO_DOWNLOAD)
    # then every column that means a field of a project maps; the country and the EU-only amount do not
    assert mapping == {
        "ID": "code",
        "PROJECT NAME": "name",
        "TOTAL BUDGET": "planned_total",
        "START DATE": "start_date",
        "END DATE": "end_date",
        "SUMMARY": "summary",
    }
    # and the download names no beneficiary: the implementer, which a project needs, is the one gap
    errors = check_mapping(suggest(KOHESIO_DOWNLOAD, PROJECT_SCHEMA), PROJECT_SCHEMA, KOHESIO_DOWNLOAD)
    assert errors == ["no column is mapped to the required field 'lead_name' (implementer)"]


def test_fixed_value__the_missing_implementer_given_once__every_row_gets_it_parsed_as_a_cell() -> None:
    # given Kohesio's download, which names no implementer, and a fund no column holds either
    table = Table(
        KOHESIO_DOWNLOAD,
        [
            (2, ("Q1", "Yksi", "1000", "500", "2019-03-01", "2021-02-28", "FI", "")),
            (3, ("Q2", "Kaksi", "2000", "900", "2020-01-01", "2019-12-31", "FI", "")),
        ],
    )
    mapping = suggest(KOHESIO_DOWNLOAD, PROJECT_SCHEMA)
    fixed = {"lead_name": "  Turun   kaupunki ", "fund": "eakr"}
    # when the mapping is checked with the fixed values, then it is usable
    assert check_mapping(mapping, PROJECT_SCHEMA, KOHESIO_DOWNLOAD, fixed) == []
    # when the rows are validated, every row gets the values parsed as a cell would be
    result = validate(table, mapping, PROJECT_SCHEMA, fixed)
    assert [(r.values["lead_name"], r.values["fund"]) for r in result.records] == [("Turun kaupunki", "ERDF")]
    # and a row's own problems are still its own (an end before the start)
    assert [(p.line, p.field) for p in result.problems] == [(3, "end_date")]


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        (
            {"fund": "Marshall"},
            "the fixed value 'Marshall' of the field 'fund' (fund): unknown fund (known: EAKR/ERDF, ESR/ESF+, JTF) 'Marshall'",
        ),
        (
            {"end_date": "31.2.2021"},
            "the fixed value '31.2.2021' of the field 'end_date' (end date): no such day in the calendar",
        ),
        ({"lead_name": "   "}, "the fixed value '   ' of the field 'lead_name' (implementer): empty"),
        ({"lead_name": "x" * 301}, "(implementer): longer than 300 characters"),
        ({"colour": "red"}, "unknown field 'colour'"),
        (
            {"name": "Sama"},
            "the field 'name' (project name) is both mapped from the column 'PROJECT NAME' and given a fixed "
            "value: keep one of them",
        ),
    ],
)
def test_fixed_value__unusable__refused_naming_the_field_and_the_reason(
    fixed: dict[str, str], message: str
) -> None:
    mapping = {**suggest(KOHESIO_DOWNLOAD, PROJECT_SCHEMA)}
    mapping.pop(5)  # END DATE not mapped: a fixed end date is allowed
    given = {"lead_name": "Turun kaupunki", **fixed}
    errors = check_mapping(mapping, PROJECT_SCHEMA, KOHESIO_DOWNLOAD, given)
    assert any(message in error for error in errors), errors
    assert list(check_fixed(given, PROJECT_SCHEMA, mapping, KOHESIO_DOWNLOAD).values()) == [
        e for e in errors if "fixed value" in e or "unknown field" in e
    ]


def test_fixed_value__fund_fixed_beside_first_fund_mapped__refused() -> None:
    headers = ["Koodi", "Nimi", "Toteuttaja", "Rahastot"]
    mapping = {0: "code", 1: "name", 2: "lead_name", 3: "fund_first"}
    assert check_mapping(mapping, PROJECT_SCHEMA, headers, {"fund": "EAKR"}) == [
        "the fields 'fund' and 'fund_first' fill the same thing: give one of them"
    ]


def test_fixed_value__set_options_and_mapping_file() -> None:
    assert parse_set_options(["lead_name=Turun kaupunki", " fund = EAKR ", "summary=a=b"]) == {
        "lead_name": "Turun kaupunki",
        "fund": "EAKR",
        "summary": "a=b",
    }
    with pytest.raises(MappingError, match='write it as "FIELD=VALUE"'):
        parse_set_options(["lead_name"])
    document = {
        "columns": {"Nimi": "name"},
        "fixed": {"lead_name": "Satama Oy", "start_date": dt.date(2019, 1, 2)},
    }
    assert parse_mapping_document(document) == {"Nimi": "name"}
    assert parse_fixed_document(document) == {"lead_name": "Satama Oy", "start_date": "2.1.2019"}
    assert parse_mapping_document({"fixed": {"lead_name": "Satama Oy"}}) == {}
    with pytest.raises(MappingError):
        parse_fixed_document({"fixed": ["lead_name"]})


def test_validate__a_cell_naming_two_funds__row_error_or_the_first_when_chosen() -> None:
    # given Kohesio-like rows whose Fund_Code names one fund, two funds, or one fund twice
    headers = [
        "Operation_Local_Identifier",
        "Operation_Name_Programme_Language",
        "Beneficiary_Name",
        "Fund_Code",
    ]
    table = Table(
        headers,
        [
            (2, ("K1", "Yksi", "Yhtiö", "ERDF")),
            (3, ("K2", "Kaksi", "Yhtiö", "ERDF;ESF+")),
            (4, ("K3", "Kolme", "Yhtiö", "EAKR, JTF")),
            (5, ("K4", "Neljä", "Yhtiö", "EAKR, ERDF")),
            (6, ("K5", "Viisi", "Yhtiö", "ERDF;Outo")),
        ],
    )
    # when validated with the suggested mapping (the column as "fund")
    suggested = suggest(headers, PROJECT_SCHEMA)
    assert suggested[3] == "fund"
    result = validate(table, suggested, PROJECT_SCHEMA)
    # then a project has one fund: two funds are a row problem naming the line, column, funds and the way out
    assert [r.values["fund"] for r in result.records] == ["ERDF", "ERDF"]
    problems = {p.line: p for p in result.problems}
    assert sorted(problems) == [3, 4, 6]
    assert (problems[3].column, problems[3].field, problems[3].value) == ("Fund_Code", "fund", "ERDF;ESF+")
    assert problems[3].reason == (
        "names 2 funds (ERDF, ESF+) but a project has one fund: "
        "map the column to 'fund_first' to take the first one named"
    )
    assert problems[4].reason.startswith("names 2 funds (ERDF, JTF)")
    assert problems[6].reason.startswith("unknown fund")
    # when the user maps the column to "the first named" instead, the first fund is taken
    first = {**suggested, 3: "fund_first"}
    assert check_mapping(first, PROJECT_SCHEMA, headers) == []
    result = validate(table, first, PROJECT_SCHEMA)
    assert [r.values["fund_first"] for r in result.records] == ["ERDF", "ERDF", "ERDF", "ERDF"]
    assert [p.line for p in result.problems] == [6]  # every fund named must still be known


def test_check_mapping__fund_and_first_fund_both_mapped__refused() -> None:
    headers = ["Koodi", "Nimi", "Toteuttaja", "Rahasto", "Rahastot"]
    mapping = {0: "code", 1: "name", 2: "lead_name", 3: "fund", 4: "fund_first"}
    assert check_mapping(mapping, PROJECT_SCHEMA, headers) == [
        "the fields 'fund' and 'fund_first' fill the same thing: map one of them (columns 'Rahasto' and 'Rahastot')"
    ]
    # and a suggestion never maps both
    assert sorted(suggest(["Rahasto", "Fund", "fund first"], PROJECT_SCHEMA).values()) == ["fund"]


def test_suggest__kohesio_without_national_code_or_original_name__falls_back() -> None:
    headers = ["Operation_Name_English", "Operation_Unique_Identifier", "Beneficiary_Name"]
    assert _by_header(headers) == {
        "Operation_Name_English": "name",
        "Operation_Unique_Identifier": "code",
        "Beneficiary_Name": "lead_name",
    }


def test_suggest__salkku_open_data_columns__map_back() -> None:
    from projects.opendata import COLUMNS

    headers = [c.name for c in COLUMNS]
    mapping = _by_header(headers)
    assert mapping["Operation_Local_Identifier"] == "code"
    assert mapping["EU_and_State_Funding_amount"] == "granted_eu_state"
    assert mapping["Operation_Status"] == "status"


def test_suggest__case_accents_and_typos__normalised_then_fuzzy() -> None:
    # given headers in capitals, without umlauts, with underscores and one typo
    headers = ["HANKKEEN_NIMI", "Paattymispvm", "koodi", "Toteutajan nimi"]
    # then all map: normalised exactly, and the typo to its closest field
    assert _by_header(headers) == {
        "HANKKEEN_NIMI": "name",
        "Paattymispvm": "end_date",
        "koodi": "code",
        "Toteutajan nimi": "lead_name",
    }


def test_suggest__one_field_at_most_once() -> None:
    mapping = suggest(["Hankkeen nimi", "Projektin nimi", "Koodi"], PROJECT_SCHEMA)
    assert sorted(mapping.values()) == ["code", "name"]
    assert mapping[0] == "name"


def test_suggest__salkku_export_headers__map_without_being_told() -> None:
    headers = [name for _key, name in EXPORT_HEADERS]
    assert _by_header(headers) == {name: key for key, name in EXPORT_HEADERS}


@settings(deadline=None)
@given(st.lists(st.text(max_size=30), max_size=25))
def test_suggest__any_headers__each_field_once_and_known(headers: list[str]) -> None:
    mapping = suggest(headers, PROJECT_SCHEMA)
    assert len(set(mapping.values())) == len(mapping)
    assert set(mapping.values()) <= set(PROJECT_SCHEMA.keys)
    assert all(0 <= i < len(headers) and headers[i].strip() for i in mapping)


def test_signature__same_shape_same_signature_other_order_differs() -> None:
    assert signature(["Hankkeen nimi", "Tila"]) == signature([" HANKKEEN  nimi", "tila"])
    assert signature(["Hankkeen nimi", "Tila"]) != signature(["Tila", "Hankkeen nimi"])


# --- checking a mapping ---------------------------------------------------------------------------------


def test_check_mapping__required_missing_and_twice_named() -> None:
    headers = ["A", "B", "C"]
    errors = check_mapping({0: "name", 1: "name", 2: "nonsense"}, PROJECT_SCHEMA, headers)
    assert any("unknown field 'nonsense'" in e for e in errors)
    assert any("'name' is mapped from two columns: 'A' and 'B'" in e for e in errors)
    assert any("required field 'code'" in e for e in errors)
    assert any("required field 'lead_name'" in e for e in errors)


def test_mapping_options__map_and_yaml_document__applied_over_the_suggestion() -> None:
    headers = ["Nimi", "Nro", "Tekijä", "Muuta"]
    given_ = parse_map_options(["Nro=code", "Tekijä=implementer", "Nimi = ignore"])
    overrides = mapping_from_headers(given_, headers, PROJECT_SCHEMA)
    assert overrides == {1: "code", 2: "lead_name", 0: IGNORE}
    assert combine({0: "name", 3: "summary"}, overrides) == {1: "code", 2: "lead_name", 3: "summary"}
    assert parse_mapping_document({"columns": {"Nimi": "name", "Muuta": None}}) == {
        "Nimi": "name",
        "Muuta": "",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Nimi"], 'write it as "SOURCE COLUMN=FIELD"'),
        (["=name"], 'write it as "SOURCE COLUMN=FIELD"'),
        (["Puuttuu=name"], "the file has no column 'Puuttuu'"),
        (["Nimi=hinta"], "'Nimi' is mapped to 'hinta', which is not a field"),
    ],
)
def test_mapping_options__bad__clear_error(options: list[str], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        mapping_from_headers(parse_map_options(options), ["Nimi"], PROJECT_SCHEMA)


def test_mapping_document__not_a_mapping__error() -> None:
    with pytest.raises(MappingError):
        parse_mapping_document(["Nimi", "name"])


# --- values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("443909", "443909.00"),
        ("71641.5", "71641.50"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56 €", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€1,234,567.8", "1234567.80"),
        ("1.234.567", "1234567.00"),
        (12.5, "12.50"),
    ],
)
def test_parse_amount__finnish_and_english_forms(text: object, amount: str) -> None:
    assert parse_amount_any(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["12,345", "abc", "-5", "1.005"])
def test_parse_amount__refused(text: str) -> None:
    # "12,345" is ambiguous (a decimal comma with three places, or English thousands): refused, not guessed
    with pytest.raises(ValueError):
        parse_amount_any(text)


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_parse_amount__english_and_finnish_grouping_agree(cents: int) -> None:
    amount = Decimal(cents) / 100
    english = f"{amount:,.2f}"
    finnish = english.replace(",", " ").replace(".", ",")
    assert parse_amount_any(english) == parse_amount_any(finnish) == amount


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31.12.2016", dt.date(2016, 12, 31)),
        ("2016-12-31", dt.date(2016, 12, 31)),
        ("1/3/2015", dt.date(2015, 3, 1)),
    ],
)
def test_parse_date__finnish_iso_and_slashes(text: str, day: dt.date) -> None:
    assert parse_date_any(text) == day


def test_parse_date__impossible_and_unknown__reason() -> None:
    with pytest.raises(ValueError, match="no such day"):
        parse_date_any("31.2.2016")
    with pytest.raises(ValueError, match=r"write d\.m\.yyyy"):
        parse_date_any("ensi vuonna")


# --- validating rows ------------------------------------------------------------------------------------


def test_validate__every_problem_named_by_row_column_field_and_reason() -> None:
    headers = [
        "Hankenumero",
        "Hankenimi",
        "Toteuttaja",
        "Y-tunnus",
        "Hankkeen tila",
        "Alkamispäivä",
        "Päättymispäivä",
        "Julkinen rahoitus",
    ]
    table = Table(
        headers,
        [
            (2, ("H1", "Hyvä", "Kaupunki", "0201256-6", "Käynnissä", "1.1.2020", "31.12.2021", "1 000,50")),
            (3, ("H2", "", "Kaupunki", "1234567-8", "Outo", "1.1.2021", "1.1.2020", "-5")),
            (4, ("H1", "Toinen", "Yhtiö", "", "", "", "", "")),
            (5, ("", "", "", "", "", "", "", "")),
        ],
    )
    result = validate(table, suggest(headers, PROJECT_SCHEMA), PROJECT_SCHEMA)
    assert [r.line for r in result.records] == [2]
    assert result.records[0].values["planned_public"] == Decimal("1000.50")
    assert result.records[0].values["status"] == "active"
    assert result.rows_read == 3
    problems = {(p.line, p.column, p.field): p.reason for p in result.problems}
    assert problems[(3, "Hankenimi", "name")] == "project name is missing"
    assert (
        problems[(3, "Y-tunnus", "lead_business_id")] == "'1234567-8' has check digit 8, but 1234567 needs 1"
    )
    assert problems[(3, "Hankkeen tila", "status")] == "unknown status 'Outo'"
    assert problems[(3, "Julkinen rahoitus", "planned_public")].startswith("negative")
    assert problems[(4, "Hankenumero", "code")] == "the same code is already on line 2"
    assert str(result.problems[0]).startswith("line 3, column ")


def test_validate__end_before_start__reported_on_the_end_column() -> None:
    headers = ["Koodi", "Nimi", "Toteuttaja", "Alku", "Loppu"]
    table = Table(headers, [(2, ("K1", "N", "T", "2.1.2020", "1.1.2020"))])
    result = validate(table, suggest(headers, PROJECT_SCHEMA), PROJECT_SCHEMA)
    assert [(p.column, p.reason) for p in result.problems] == [("Loppu", "ends before it starts (2.1.2020)")]


def test_validate__every_error_of_a_row_at_once__end_before_start_beside_others() -> None:
    # given a row with an unknown status, an invalid business ID and an end before its start
    headers = ["Koodi", "Nimi", "Toteuttaja", "Y-tunnus", "Tila", "Alku", "Loppu"]
    table = Table(headers, [(7, ("K1", "N", "T", "1234567-8", "Outo", "2.1.2020", "1.1.2020"))])
    # when it is validated
    result = validate(table, suggest(headers, PROJECT_SCHEMA), PROJECT_SCHEMA)
    # then each error is named by row, column, field and reason, all of them
    assert result.records == []
    assert {(p.line, p.column, p.field) for p in result.problems} == {
        (7, "Y-tunnus", "lead_business_id"),
        (7, "Tila", "status"),
        (7, "Loppu", "end_date"),
    }
    end = next(p for p in result.problems if p.field == "end_date")
    assert (end.value, end.reason) == ("1.1.2020", "ends before it starts (2.1.2020)")


def test_validate__a_code_twice__reported_even_when_the_row_has_other_errors() -> None:
    headers = ["Koodi", "Nimi", "Toteuttaja", "Tila"]
    table = Table(headers, [(2, ("K1", "N", "T", "Outo")), (3, ("K1", "N", "T", "Outo"))])
    result = validate(table, suggest(headers, PROJECT_SCHEMA), PROJECT_SCHEMA)
    assert sorted((p.line, p.field) for p in result.problems) == [(2, "status"), (3, "code"), (3, "status")]


def test_validate__figures_schemas() -> None:
    headers = ["Hankekoodi", "Kausi", "Indikaattori", "Toteuma"]
    table = Table(headers, [(2, ("P1", "30.6.2025", "RCO01", "3,5")), (3, ("P1", "30.6.2025", "RCO01", "4"))])
    result = validate(table, suggest(headers, INDICATOR_SCHEMA), INDICATOR_SCHEMA)
    assert result.records[0].values == {
        "project_code": "P1",
        "period": dt.date(2025, 6, 30),
        "indicator": "RCO01",
        "actual": Decimal("3.50"),
    }
    assert "already on line 2" in result.problems[0].reason
    schema = spending_schema({"Henkilöstö": "personnel"}, {"EAKR": "ERDF"})
    headers = ["Hankekoodi", "Kausi", "Kustannuslaji", "Rahoituslähde", "Summa"]
    table = Table(headers, [(2, ("P1", "30.6.2025", "henkilöstö", "eakr", "1 200"))])
    record = validate(table, suggest(headers, schema), schema).records[0]
    assert (record.values["category"], record.values["source"], record.values["amount"]) == (
        "personnel",
        "ERDF",
        Decimal("1200.00"),
    )


# --- reading files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_read_table__csv_in_any_common_delimiter_and_encoding(delimiter: str, encoding: str) -> None:
    text = (
        delimiter.join(["Hankkeen nimi", "Päättymispvm"])
        + "\r\n"
        + delimiter.join(["Öljy ja €", "31.12.2016"])
        + "\r\n"
    )
    table = read_table(text.encode(encoding), "lista.csv")
    assert table.headers == ["Hankkeen nimi", "Päättymispvm"]
    assert table.rows == [(2, ("Öljy ja €", "31.12.2016"))]
    assert table.delimiter == delimiter


def test_read_table__xlsx_with_a_title_row_above_the_table() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kaupungin hankkeet 2024"])
    sheet.append(["Projekti", "Tunnus", "Alkaa"])
    sheet.append(["Valot", "K-1", dt.datetime(2024, 1, 1)])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "kaupunki.xlsx")
    assert table.headers == ["Projekti", "Tunnus", "Alkaa"]
    assert table.rows == [(3, ("Valot", "K-1", dt.datetime(2024, 1, 1)))]
    assert table.file_format == "xlsx"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0rest", ".xls"),
        (b"PK\x03\x04broken", "not a readable Excel workbook"),
        (b"a\x00b", "binary data"),
        (b"\n\n", "no header row"),
    ],
)
def test_read_table__unreadable_files__one_clear_sentence(data: bytes, message: str) -> None:
    with pytest.raises(TableError, match=message):
        read_table(data, "x")


def test_normalise__case_accents_punctuation() -> None:
    assert normalise(" Päättymis-PVM. ") == "paattymis pvm"
    assert normalise("ESR+") == "esr+"
