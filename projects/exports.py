"""The project list as CSV or XLSX: exactly the rows the list shows (its filters, every page), in the
shape the spreadsheet import maps without being told (:data:`cores.import_fields.EXPORT_HEADERS`), so that
exporting and importing the list again changes nothing.

Text that a spreadsheet would run as a formula gets a leading apostrophe (:mod:`cores.cells`); numbers
and dates stay numbers and dates. The CSV is UTF-8 with a byte-order mark (Excel reads it so),
semicolon-separated, dates ``d.m.yyyy`` and amounts with a decimal point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from cores.cells import csv_safe
from cores.eura_values import format_date
from cores.import_fields import EXPORT_HEADERS
from projects.models import Project
from web import exports

FORMATS = exports.FORMATS
THEME_HEADER = "Teema"  # shown by the list, not imported


def project_export_rows(projects: Iterable[Project]) -> tuple[list[str], list[list[Any]]]:
    """The header and one row per project; ``eu_state`` (the list's EU and state money) if annotated."""
    header = [name for _key, name in EXPORT_HEADERS] + [THEME_HEADER]
    rows = []
    for p in projects:
        values: dict[str, Any] = {
            "code": p.code or "",
            "name": p.name,
            "lead_name": p.lead.name,
            "lead_business_id": p.lead.business_id,
            "fund": p.fund_code,
            "status": p.eura_status or p.status,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "authority": p.funding_authority.name if p.funding_authority else "",
            "priority_axis": p.eura_priority_axis,
            "granted_eu_state": getattr(p, "eu_state", p.eura_granted_eu_state),
            "paid_eu_state": p.eura_paid_eu_state,
            "planned_public": p.eura_planned_public,
            "paid_public": p.eura_paid_public,
            "planned_total": p.eura_planned_total,
            "source": p.source,
        }
        row = [values[key] for key, _name in EXPORT_HEADERS]
        row.append(p.theme.code if p.theme else "")
        rows.append(row)
    return header, rows


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return csv_safe(str(value))


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (Decimal, int, dt.date)) and not isinstance(value, bool):
        return value
    return csv_safe(str(value))


def export_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A download of the rows as ``fmt`` (csv or xlsx); ValueError for another format: the list pages'
    writer (:mod:`web.exports`), with dates as ``d.m.yyyy`` text in the CSV and empty cells left empty."""
    return exports.export_response(fmt, filename, header, rows, csv_cell=_csv_cell, xlsx_cell=_xlsx_cell)
