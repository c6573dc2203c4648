"""Open data: funded projects' public fields as CSV and JSON, with Kohesio-compatible column names.

The rows come from the public page's own queryset (``projects.public.public_projects``), so the download
never lists a project the page does not: no proposals or drafts, no historical EURA imports, no project
outside an agreement. Each row holds only the public fields of a project and of its implementer (an
organisation, never a person): no users, contact persons, e-mails, budget lines or who pays how much of
the own financing.

Formats (see docs/open-data.md):

* money: exact decimal strings with a dot and two decimals ("192500.00"), euros; never float;
* dates: ISO 8601 ("2025-01-01");
* ``Cofinancing_Rate``: the Union co-financing rate as a percentage with two decimals ("40.00"), as in
  Kohesio's own export;
* an unknown value: empty in CSV, ``null`` in JSON.

The rows are built with a fixed number of queries whatever the number of projects: the projects (with
their implementer, theme, agreement and period joined), their budget lines and their financing lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, QuerySet

from cores.budget import BudgetLineIn, eligible_costs
from cores.cells import csv_safe
from cores.cofinancing import EU_SOURCES, committed_amount, eu_amount
from cores.money import ZERO, quantize
from projects.models import Project

# The EU funds among the frame sources, in the order Fund_Code lists them (STATE is national money).
HELSINKI = ZoneInfo("Europe/Helsinki")
LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
COUNTRY = "Finland"
CURRENCY = "EUR"
ROW_PREFIX = "salkku-project-"
BOM = "\ufeff"
# A text cell that a spreadsheet would run as a formula gets a leading apostrophe in the CSV (never in
# JSON) so that opening the file runs nothing: cores.cells.csv_safe.


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    source: str
    format: str
    kohesio: bool = True  # False: a Salkku column that Kohesio's list of operations does not have


COLUMNS: tuple[Column, ...] = (
    Column(
        "Operation_Unique_Identifier",
        "A stable identifier of the project in Salkku.",
        "Project.pk",
        'text: "salkku-project-" and the project number',
    ),
    Column(
        "Operation_Local_Identifier",
        "The project code in EURA, the national monitoring system, when known.",
        "Project.code",
        "text",
    ),
    Column(
        "Operation_Name_Programme_Language",
        "The name of the project, as given (usually Finnish).",
        "Project.name",
        "text",
    ),
    Column(
        "Operation_Summary_Programme_Language",
        "The public summary of the project, as given (usually Finnish).",
        "Project.summary",
        "text, may contain line breaks",
    ),
    Column("Operation_Start_Date", "The start date of the project.", "Project.start_date", "date, ISO 8601"),
    Column(
        "Operation_End_Date", "The (planned) end date of the project.", "Project.end_date", "date, ISO 8601"
    ),
    Column(
        "Beneficiary_Name",
        "The organisation that carries out the project (the lead beneficiary).",
        "Project.lead → Organisation.name",
        "text",
    ),
    Column(
        "Beneficiary_Local_Identifier",
        "The Finnish business ID (Y-tunnus) of the lead beneficiary, when it has one.",
        "Organisation.business_id",
        "text, 1234567-8",
    ),
    Column("Country", "The country of the operation.", "fixed", 'text, always "Finland"'),
    Column(
        "Programming_Period",
        "The EU programming period of the agreement.",
        "Agreement.period (first and last year)",
        'text, e.g. "2021-2027"',
    ),
    Column(
        "Fund_Code",
        "The EU funds that finance the project.",
        "FinancingLine.source (ERDF, ESF+, JTF with an amount), else Project.fund_code",
        'codes separated by "|", e.g. "ERDF" or "ERDF|JTF"',
    ),
    Column(
        "Total_Eligible_Expenditure_amount",
        "The eligible costs of the project: its budget lines plus the flat-rate indirect costs.",
        "BudgetLine.amount, Proposal.indirect_rate (cores.budget)",
        "money: decimal with a dot and two decimals, euros",
    ),
    Column("Total_Eligible_Expenditure_Currency", "The currency of the amounts.", "fixed", 'text, "EUR"'),
    Column(
        "Project_EU_Budget",
        "The EU funding of the project (ERDF, ESF+ and JTF together).",
        "FinancingLine.amount (sources ERDF, ESF+, JTF)",
        "money: decimal with a dot and two decimals, euros",
    ),
    Column(
        "Cofinancing_Rate",
        "The Union co-financing rate: the EU funding as a percentage of the eligible costs.",
        "Project_EU_Budget / Total_Eligible_Expenditure_amount × 100",
        'percentage with two decimals, rounded half up, e.g. "40.00"',
    ),
    Column(
        "EU_and_State_Funding_amount",
        "The EU and state funding together, as shown on the public page.",
        "FinancingLine.amount (sources ERDF, ESF+, JTF, STATE)",
        "money: decimal with a dot and two decimals, euros",
        kohesio=False,
    ),
    Column(
        "Operation_Status",
        "The stage of the project.",
        "Project.status",
        "code: planned, active, ended, closed or cancelled",
        kohesio=False,
    ),
    Column(
        "Agreement_Name",
        "The innovation ecosystem agreement the project is funded under.",
        "Agreement.name_fi",
        "text (Finnish)",
        kohesio=False,
    ),
    Column(
        "City_Region",
        "The city region of the agreement.",
        "Agreement.region_fi",
        "text (Finnish)",
        kohesio=False,
    ),
    Column("Theme_Code", "The code of the agreement's theme.", "Theme.code", "text", kohesio=False),
    Column(
        "Theme_Name", "The name of the agreement's theme.", "Theme.name_fi", "text (Finnish)", kohesio=False
    ),
)
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)

Row = dict[str, str | None]


def open_data_queryset(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The public queryset with what the rows need joined or prefetched (3 queries in all)."""
    return (
        projects.select_related("lead", "theme", "agreement__period")
        .annotate(opendata_indirect_rate=F("proposal__indirect_rate"))
        .prefetch_related("budget_lines", "financing_lines")
    )


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{quantize(value):.2f}"


def percentage(part: Decimal, whole: Decimal) -> str | None:
    if whole <= 0:
        return None
    rate = (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{rate:.2f}"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: str | None) -> str | None:
    return value or None


def project_row(project: Project) -> Row:
    """One project's public fields, in COLUMNS order; the project comes from open_data_queryset."""
    budget = [BudgetLineIn(b.year, b.category, b.amount) for b in project.budget_lines.all()]
    financing = list(project.financing_lines.all())
    indirect_rate = getattr(project, "opendata_indirect_rate", None) or ZERO
    eligible = eligible_costs(budget, indirect_rate) if budget else None
    by_source: dict[str, Decimal] = {}
    for line in financing:
        by_source[line.source] = by_source.get(line.source, ZERO) + line.amount
    eu = eu_amount(by_source.items()) if financing else None
    eu_state = committed_amount(by_source.items()) if financing else None
    funds = [source for source in EU_SOURCES if by_source.get(source, ZERO) > 0]
    period = project.agreement.period if project.agreement else None
    theme = project.theme
    row: Row = {
        "Operation_Unique_Identifier": f"{ROW_PREFIX}{project.pk}",
        "Operation_Local_Identifier": _text(project.code),
        "Operation_Name_Programme_Language": project.name,
        "Operation_Summary_Programme_Language": _text(project.summary),
        "Operation_Start_Date": _date(project.start_date),
        "Operation_End_Date": _date(project.end_date),
        "Beneficiary_Name": project.lead.name,
        "Beneficiary_Local_Identifier": _text(project.lead.business_id),
        "Country": COUNTRY,
        "Programming_Period": f"{period.start_year}-{period.end_year}" if period else None,
        "Fund_Code": "|".join(funds) or _text(project.fund_code),
        "Total_Eligible_Expenditure_amount": money(eligible),
        "Total_Eligible_Expenditure_Currency": CURRENCY,
        "Project_EU_Budget": money(eu),
        "Cofinancing_Rate": percentage(eu, eligible) if eu is not None and eligible is not None else None,
        "EU_and_State_Funding_amount": money(eu_state),
        "Operation_Status": project.status,
        "Agreement_Name": project.agreement.name_fi if project.agreement else None,
        "City_Region": project.agreement.region_fi if project.agreement else None,
        "Theme_Code": theme.code if theme else None,
        "Theme_Name": theme.name_fi if theme else None,
    }
    return row


def project_rows(projects: QuerySet[Project]) -> list[Row]:
    """The rows of the public projects, in the queryset's order, with a fixed number of queries."""
    return [project_row(project) for project in open_data_queryset(projects)]


def _csv_cell(value: str | None) -> str:
    return csv_safe(value)


def write_csv(rows: Iterable[Mapping[str, str | None]]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel reads å, ä, ö right): a header row of the
    column names, commas, fields quoted when needed, CRLF line ends."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in COLUMN_NAMES])
    return out.getvalue().encode("utf-8")


def metadata(
    *, source: str, generated_at: dt.datetime | None = None, filters: Mapping[str, str] | None = None
) -> dict[str, Any]:
    when = (generated_at or dt.datetime.now(tz=HELSINKI)).astimezone(HELSINKI)
    return {
        "title": "Salkku: funded projects of the innovation ecosystem agreements",
        "generated_at": when.isoformat(timespec="seconds"),
        "source": source,
        "licence": LICENCE,
        "filters": dict(filters or {}),
        "formats": {
            "money": "decimal string with a dot and two decimals, euros",
            "date": "ISO 8601",
            "rate": "percentage with two decimals",
            "unknown": "null",
        },
        "columns": [
            {
                "name": column.name,
                "description": column.description,
                "source": column.source,
                "format": column.format,
                "kohesio": column.kohesio,
            }
            for column in COLUMNS
        ],
    }


def write_json(
    rows: Iterable[Mapping[str, str | None]],
    *,
    source: str,
    generated_at: dt.datetime | None = None,
    filters: Mapping[str, str] | None = None,
) -> bytes:
    """A JSON object: the metadata (generated_at in Europe/Helsinki time, source, licence, columns with
    their descriptions) and "rows", each an object of the columns in order."""
    listed = [dict(row) for row in rows]
    document = {
        **metadata(source=source, generated_at=generated_at, filters=filters),
        "row_count": len(listed),
        "rows": listed,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
