"""Salkku's import fields and the header texts known to mean them (pure Python: no Django).

Three kinds of spreadsheet are imported through :mod:`cores.column_map`:

* ``projects``: a list of projects (EURA 2014 and 2021 exports, Finnish lists of earlier periods, the EU's
  Kohesio CSV, a city's own spreadsheet, Salkku's own project-list export);
* ``indicator_actuals``: a reporting period's indicator values for many projects (project code, a date in
  the period, indicator code, value);
* ``spending``: a reporting period's costs for many projects (project code, a date in the period, cost
  category, financing source, amount; the year defaults to the year of the date).

The synonyms are compared normalised (case, accents, punctuation and spacing ignored), so ``Hankkeen
nimi``, ``HANKKEEN NIMI`` and ``hankkeen_nimi`` are one header. The project-list export writes
:data:`EXPORT_HEADERS`, every one a synonym here, so that an exported list imports without a mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cores.column_map import (
    Field,
    Record,
    Schema,
    dates_in_order,
    normalise,
    parse_amount_any,
    parse_business_id,
    parse_date_any,
    parse_decimal,
    parse_text,
    parse_year,
    vocabulary_parser,
)
from cores.eura import FUNDS, STATUSES, ProjectRow

PROJECTS = "projects"
INDICATOR_ACTUALS = "indicator_actuals"
SPENDING = "spending"
KINDS = (PROJECTS, INDICATOR_ACTUALS, SPENDING)

SOURCE_SPREADSHEET = "imported"  # a list imported through a column mapping

# The register's statuses, as words of the three languages and of the EURA lists.
STATUS_WORDS: dict[str, str] = {
    **STATUSES,
    **{code: code for code in ("planned", "active", "ended", "closed", "cancelled")},
    # Finnish
    "suunniteltu": "planned",
    "aloittamatta": "planned",
    "ei aloitettu": "planned",
    "alkamatta": "planned",
    "valmis": "ended",
    "päättyi": "ended",
    "toteutettu": "ended",
    "suljettu hanke": "closed",
    "keskeytetty hanke": "cancelled",
    # Swedish
    "planerad": "planned",
    "inte påbörjad": "planned",
    "ej påbörjad": "planned",
    "pågående": "active",
    "pågår": "active",
    "aktiv": "active",
    "avslutad": "ended",
    "avslutat": "ended",
    "slutförd": "ended",
    "stängd": "closed",
    "avbruten": "cancelled",
    "avbrutet": "cancelled",
    "återkallad": "cancelled",
    # English
    "not started": "planned",
    "approved": "planned",
    "running": "active",
    "ongoing": "active",
    "in progress": "active",
    "implementation": "active",
    "completed": "ended",
    "finished": "ended",
    "canceled": "cancelled",
    "withdrawn": "cancelled",
    "terminated": "cancelled",
}

FUND_WORDS: dict[str, str] = {
    **FUNDS,
    "european regional development fund": "ERDF",
    "european social fund": "ESF+",
    "european social fund plus": "ESF+",
    "just transition fund": "JTF",
    "europeiska regionala utvecklingsfonden": "ERDF",
    "eruf": "ERDF",
    "europeiska socialfonden": "ESF+",
    "europeiska socialfonden plus": "ESF+",
    "fonden för en rättvis omställning": "JTF",
    "frö": "JTF",
}

SOURCE_WORDS: dict[str, str] = {
    "eura2014": "eura2014",
    "eura 2014": "eura2014",
    "eura2021": "eura2021",
    "eura 2021": "eura2021",
    "salkku": "salkku",
    SOURCE_SPREADSHEET: SOURCE_SPREADSHEET,
    "spreadsheet": SOURCE_SPREADSHEET,
    "taulukko": SOURCE_SPREADSHEET,
    "kalkylblad": SOURCE_SPREADSHEET,
}

MAX_CODE = 20

# Between the funds a cell names: "ERDF;ESF+", "EAKR, JTF", "ERDF / ESF", "EAKR ja ESR+", "ERUF och ESF".
_FUND_SEPARATORS = re.compile(r"\s*(?:[;,/|&\n]|\s(?:ja|och|and|\+)\s)\s*", re.IGNORECASE)
_fund_word = vocabulary_parser(FUND_WORDS, "fund (known: EAKR/ERDF, ESR/ESF+, JTF)")


def _funds_named(value: Any) -> list[str]:
    """The funds a cell names, in its order, each once (every one must be known)."""
    text = parse_text(value)
    parts = [p for p in _FUND_SEPARATORS.split(text) if p.strip()] or [text]
    if len(parts) == 1:
        return [_fund_word(text)]
    return list(dict.fromkeys(_fund_word(part) for part in parts))


def parse_fund(value: Any) -> str:
    """One fund. A project in the register has one fund (``Project.fund_code``), so a cell naming two
    (Kohesio's ``Fund_Code`` of a multi-fund operation, "ERDF;ESF+") is a row problem that says how to
    take the first one instead; the same fund twice ("EAKR, ERDF") is one fund."""
    funds = _funds_named(value)
    if len(funds) > 1:
        raise ValueError(
            f"names {len(funds)} funds ({', '.join(funds)}) but a project has one fund: "
            "map the column to 'fund_first' to take the first one named"
        )
    return funds[0]


def parse_first_fund(value: Any) -> str:
    """The first of the funds a cell names (each of them must be a known fund)."""
    return _funds_named(value)[0]


def _code(value: Any) -> str:
    text = parse_text(value)
    if " " in text:
        raise ValueError("a project code has no spaces")
    if len(text) > MAX_CODE:
        raise ValueError(f"a project code is at most {MAX_CODE} characters")
    return text


PROJECT_FIELDS: tuple[Field, ...] = (
    Field(
        "code",
        "project code",
        _code,
        required=True,
        synonyms=(
            "Koodi",
            "Hankekoodi",
            "Operation_Local_Identifier",  # Kohesio / the CPR list of operations: the national code
            "Hankenumero",
            "Hanketunnus",
            "Projektikoodi",
            "Projektinumero",
            "Projektitunnus",
            "Tunnus",
            "EURA-koodi",
            "EURA-tunnus",
            "Hankkeen koodi",
            "Hankkeen tunnus",
            "Diaarinumero",
            "Projektkod",
            "Projektnummer",
            "Projekt-ID",
            "Project code",
            "Project ID",
            "Project number",
            "Operation ID",
            "Operation identifier",
            "Operation code",
            "Kohesio ID",
            "ID",
            "Koodi (EURA)",
            "Operation_Unique_Identifier",  # Kohesio's own identifier: only when no national code is given
        ),
    ),
    Field(
        "name",
        "project name",
        parse_text,
        required=True,
        max_length=500,
        synonyms=(
            "Hankkeen nimi",
            "Hankenimi",
            "Operation_Name_Programme_Language",
            "Hanke",
            "Projektin nimi",
            "Projektinimi",
            "Projekti",
            "Nimi",
            "Hankkeen nimi suomeksi",
            "Projektets namn",
            "Projektnamn",
            "Projekt",
            "Namn",
            "Project name",
            "Project title",
            "Name",
            "Title",
            "Operation name",
            "Name of operation",
            "Operation name (programme language)",
            "Project name (original language)",
            "Operation_Name_English",  # Kohesio's translation: only without the name as given
        ),
    ),
    Field(
        "lead_name",
        "implementer",
        parse_text,
        required=True,
        max_length=300,
        synonyms=(
            "Toteuttajan nimi",
            "Toteuttaja",
            "Beneficiary_Name",
            "Tuensaaja",
            "Tuensaajan nimi",
            "Hakija",
            "Hakijan nimi",
            "Päätoteuttaja",
            "Vastuuorganisaatio",
            "Organisaatio",
            "Hallinnoija",
            "Hankkeen hallinnoija",
            "Hallinnoiva organisaatio",
            "Stödmottagare",
            "Stödmottagarens namn",
            "Genomförare",
            "Projektägare",
            "Organisation",
            "Beneficiary",
            "Beneficiary name",
            "Beneficiaries",
            "Lead partner",
            "Lead organisation",
            "Implementer",
            "Project owner",
        ),
    ),
    Field(
        "lead_business_id",
        "implementer's business ID",
        parse_business_id,
        synonyms=(
            "Toteuttajan Y-tunnus",
            "Y-tunnus",
            "Beneficiary_Local_Identifier",
            "Tuensaajan Y-tunnus",
            "Hakijan Y-tunnus",
            "FO-nummer",
            "Stödmottagarens FO-nummer",
            "Business ID",
            "Beneficiary ID",
            "Beneficiary VAT",
            "VAT number",
        ),
    ),
    Field(
        "fund",
        "fund",
        parse_fund,
        synonyms=(
            "Rahasto",
            "Fund_Code",
            "Rahoittava rahasto",
            "EU-rahasto",
            "Fond",
            "Fund",
            "Funds",
            "EU fund",
        ),
    ),
    # Chosen by the user for a column whose cells may name several funds: the first one is taken.
    Field("fund_first", "fund (the first named)", parse_first_fund),
    Field(
        "status",
        "status",
        vocabulary_parser(STATUS_WORDS, "status"),
        synonyms=(
            "Tila",
            "Toiminnan tila",
            "Hankkeen tila",
            "Projektin tila",
            "Vaihe",
            "Status",
            "Projektets status",
            "Project status",
            "Operation status",
            "Operation_Status",
        ),
    ),
    Field(
        "start_date",
        "start date",
        parse_date_any,
        synonyms=(
            "Aloituspvm",
            "Operation_Start_Date",
            "Alkamispvm",
            "Alkupvm",
            "Aloituspäivä",
            "Alkamispäivä",
            "Alkaa",
            "Alku",
            "Hankkeen alkamispäivä",
            "Toteutusaika alkaa",
            "Startdatum",
            "Startdag",
            "Start date",
            "Start",
            "Operation start date",
            "Project start date",
            "Begin date",
        ),
    ),
    Field(
        "end_date",
        "end date",
        parse_date_any,
        synonyms=(
            "Päättymispvm",
            "Operation_End_Date",
            "Loppupvm",
            "Päättymispäivä",
            "Loppumispäivä",
            "Päättyy",
            "Loppu",
            "Hankkeen päättymispäivä",
            "Toteutusaika päättyy",
            "Slutdatum",
            "Slutdag",
            "End date",
            "End",
            "Operation end date",
            "Project end date",
        ),
    ),
    Field(
        "authority",
        "funding authority",
        parse_text,
        max_length=300,
        synonyms=(
            "Viranomainen",
            "Rahoittava viranomainen",
            "Rahoittaja",
            "Välittävä toimielin",
            "Rahoittava toimielin",
            "Finansierande myndighet",
            "Myndighet",
            "Funding authority",
            "Managing authority",
            "Intermediate body",
        ),
    ),
    Field(
        "priority_axis",
        "priority axis",
        parse_text,
        max_length=20,
        synonyms=(
            "Tl",
            "Toimintalinja",
            "Toimintalinjan numero",
            "Insatsområde",
            "Priority axis",
            "Priority",
        ),
    ),
    Field(
        "granted_eu_state",
        "granted EU and state funding",
        parse_amount_any,
        synonyms=(
            "Myönnetty EU- ja valtion rahoitus",
            "Suunniteltu EU- ja valtion rahoitus",
            "EU_and_State_Funding_amount",  # Salkku's own open data
            "EU- ja valtion rahoitus",
            "EU- ja valtionrahoitus",
            "Myönnetty rahoitus",
            "Myönnetty tuki",
            "EU- ja valtion tuki",
            "Tuki",
            "Beviljad EU- och statlig finansiering",
            "EU- och statlig finansiering",
            "Beviljat stöd",
            "EU and state funding",
            "Granted EU and state funding",
            # Not the EU's money alone (Kohesio's "AMOUNT EU SUPPORT", "EU contribution",
            # Project_EU_Budget): EU and state funding also holds the state's share.
        ),
    ),
    Field(
        "paid_eu_state",
        "realised EU and state funding",
        parse_amount_any,
        synonyms=(
            "Toteutunut EU- ja valtion rahoitus",
            "Maksettu EU- ja valtion rahoitus",
            "Maksettu tuki",
            "Utbetald EU- och statlig finansiering",
            "Paid EU and state funding",
            "Realised EU and state funding",
        ),
    ),
    Field(
        "planned_public",
        "planned public funding",
        parse_amount_any,
        synonyms=(
            "Suunniteltu julkinen rahoitus yhteensä",
            "Suunniteltu julkinen rahoitus",
            "Julkinen rahoitus",
            "Julkinen rahoitus yhteensä",
            "Offentlig finansiering",
            "Planned public funding",
            "Public funding",
            "Total public expenditure",
            "Public eligible expenditure",
        ),
    ),
    Field(
        "paid_public",
        "realised public funding",
        parse_amount_any,
        synonyms=(
            "Toteutunut julkinen rahoitus yhteensä",
            "Toteutunut julkinen rahoitus",
            "Utbetald offentlig finansiering",
            "Realised public funding",
            "Paid public funding",
        ),
    ),
    Field(
        "planned_total",
        "planned total funding",
        parse_amount_any,
        synonyms=(
            "Suunniteltu rahoitus yhteensä",
            "Total_Eligible_Expenditure_amount",
            "Kokonaisbudjetti",
            "Kokonaisrahoitus",
            "Budjetti",
            "Hankkeen budjetti",
            "Kustannukset yhteensä",
            "Kokonaiskustannukset",
            "Total budget",
            "Total eligible expenditure",
            "Total eligible cost",
            "Total cost",
            "Budget",
            "Total expenditure",
            "Total budget (EUR)",
            "Total kostnad",
            "Budget totalt",
        ),
    ),
    Field(
        "summary",
        "summary",
        parse_text,
        synonyms=(
            "Suunnitelman mukainen tiivistelmä hankkeen toteutuksesta",
            "Tiivistelmä",
            "Operation_Summary_Programme_Language",
            "Kuvaus",
            "Hankkeen kuvaus",
            "Hankekuvaus",
            "Lyhyt kuvaus",
            "Sammanfattning",
            "Beskrivning",
            "Summary",
            "Description",
            "Project summary",
            "Operation summary",
            "Operation purpose and achievements",
            "Operation_Summary_English",
        ),
    ),
    Field(
        "source",
        "source list",
        vocabulary_parser(SOURCE_WORDS, "source list"),
        synonyms=("Lähde", "Källa", "Source"),
    ),
)

PROJECT_SCHEMA = Schema(
    PROJECTS,
    PROJECT_FIELDS,
    unique=("code",),
    checks=(dates_in_order("start_date", "end_date"),),
    exclusive=(("fund", "fund_first"),),
)

# Salkku's own project-list export: the headers it writes, in order, by field (each imports unmapped).
EXPORT_HEADERS: tuple[tuple[str, str], ...] = (
    ("code", "Hankekoodi"),
    ("name", "Hankkeen nimi"),
    ("lead_name", "Toteuttajan nimi"),
    ("lead_business_id", "Toteuttajan Y-tunnus"),
    ("fund", "Rahasto"),
    ("status", "Tila"),
    ("start_date", "Aloituspvm"),
    ("end_date", "Päättymispvm"),
    ("authority", "Rahoittava viranomainen"),
    ("priority_axis", "Tl"),
    ("granted_eu_state", "Myönnetty EU- ja valtion rahoitus"),
    ("paid_eu_state", "Toteutunut EU- ja valtion rahoitus"),
    ("planned_public", "Suunniteltu julkinen rahoitus"),
    ("paid_public", "Toteutunut julkinen rahoitus"),
    ("planned_total", "Suunniteltu rahoitus yhteensä"),
    ("source", "Lähde"),
)

_PROJECT_CODE = Field(
    "project_code",
    "project code",
    _code,
    required=True,
    synonyms=(
        "Hankekoodi",
        "Koodi",
        "Hanketunnus",
        "Projektikoodi",
        "Projektkod",
        "Project code",
        "Project ID",
        "Project",
    ),
)
_PERIOD = Field(
    "period",
    "reporting period (a date in it)",
    parse_date_any,
    required=True,
    synonyms=(
        "Raportointikausi",
        "Kausi",
        "Raportointijakso",
        "Jakso",
        "Kauden loppu",
        "Kausi päättyy",
        "Rapporteringsperiod",
        "Period",
        "Reporting period",
        "Period end",
    ),
)

INDICATOR_SCHEMA = Schema(
    INDICATOR_ACTUALS,
    (
        _PROJECT_CODE,
        _PERIOD,
        Field(
            "indicator",
            "indicator code",
            parse_text,
            required=True,
            synonyms=(
                "Indikaattori",
                "Indikaattorin koodi",
                "Mittari",
                "Indikator",
                "Indicator",
                "Indicator code",
            ),
        ),
        Field(
            "actual",
            "actual value",
            parse_decimal,
            required=True,
            synonyms=("Toteuma", "Arvo", "Toteutunut", "Utfall", "Värde", "Actual", "Value", "Actual value"),
        ),
    ),
    unique=("project_code", "period", "indicator"),
)


def spending_schema(categories: Mapping[str, str], sources: Mapping[str, str]) -> Schema:
    """The spending schema with the register's cost categories and financing sources (words -> codes)."""
    return Schema(
        SPENDING,
        (
            _PROJECT_CODE,
            _PERIOD,
            Field("year", "year", parse_year, synonyms=("Vuosi", "År", "Year")),
            Field(
                "category",
                "cost category",
                vocabulary_parser(categories, "cost category"),
                required=True,
                synonyms=(
                    "Kustannuslaji",
                    "Kululaji",
                    "Kustannusluokka",
                    "Kostnadsslag",
                    "Cost category",
                    "Category",
                ),
            ),
            Field(
                "source",
                "financing source",
                vocabulary_parser(sources, "financing source"),
                required=True,
                synonyms=(
                    "Rahoituslähde",
                    "Lähde",
                    "Finansieringskälla",
                    "Källa",
                    "Financing source",
                    "Source",
                ),
            ),
            Field(
                "amount",
                "amount",
                parse_amount_any,
                required=True,
                synonyms=("Summa", "Määrä", "Kustannukset", "Euroa", "Belopp", "Amount", "Costs", "EUR"),
            ),
        ),
        unique=("project_code", "period", "year", "category", "source"),
    )


def schema_of(
    kind: str, *, categories: Mapping[str, str] | None = None, sources: Mapping[str, str] | None = None
) -> Schema:
    if kind == PROJECTS:
        return PROJECT_SCHEMA
    if kind == INDICATOR_ACTUALS:
        return INDICATOR_SCHEMA
    if kind == SPENDING:
        return spending_schema(categories or {}, sources or {})
    raise KeyError(kind)


def project_row(record: Record, mapped: frozenset[str], *, today: dt.date) -> ProjectRow:
    """A valid project record as a row of the register; the status, when not given, follows the dates."""
    v = record.values
    start: dt.date | None = v.get("start_date")
    end: dt.date | None = v.get("end_date")
    source_status = ""
    if "status" in v:
        source_status = status_text(record.raw.get("status"))
        status = str(v["status"])
    elif start is not None and start > today:
        status = "planned"
    elif end is not None and end < today:
        status = "ended"
    else:
        status = "active"
    return ProjectRow(
        line=record.line,
        source=str(v.get("source", SOURCE_SPREADSHEET)),
        code=str(v["code"]),
        name=str(v["name"]),
        fund_code=str(v.get("fund", v.get("fund_first", ""))),
        priority_axis=str(v.get("priority_axis", "")),
        authority=str(v.get("authority", "")),
        eura_status=source_status,
        status=status,
        start_date=start,
        end_date=end,
        lead_name=str(v["lead_name"]),
        lead_business_id=str(v.get("lead_business_id", "")),
        granted_eu_state=_money(v.get("granted_eu_state")),
        paid_eu_state=_money(v.get("paid_eu_state")),
        planned_public=_money(v.get("planned_public")),
        paid_public=_money(v.get("paid_public")),
        planned_total=_money(v.get("planned_total")),
        summary=str(v.get("summary", "")),
        given=mapped,
    )


def _money(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def status_text(value: Any) -> str:
    """The status text as written in the file, kept as the project's status in the source list, unless it
    is one of the register's own codes (then nothing is kept)."""
    text = parse_text(value)
    return "" if normalise(text) in ("planned", "active", "ended", "closed", "cancelled") else text
