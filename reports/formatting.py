"""Cells of the report as text in its language: ``1 234 567,89 €`` and ``40,0 %`` in Finnish and Swedish
(a narrow no-break space groups the thousands, as ``cores.money``), ``€1,234,567.89`` in English; dates as
the rest of Salkku shows them (``31.12.2025``, ``2025-12-31``, ``31 Dec 2025``). Call inside
``translation.override(lang)``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cores.money import format_eur, format_percent
from reports.data import AnnualReportData, Cell
from web.templatetags.salkku import number, sdate

NUMERIC = ("money", "number", "percent")


def lang() -> str:
    return (get_language() or "fi")[:2]


def cell_text(value: Cell, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "money" and isinstance(value, (Decimal, int)):
        return format_eur(Decimal(value), lang=lang())
    if kind == "percent" and isinstance(value, (Decimal, int)):
        return format_percent(Decimal(value), lang=lang())
    if kind == "number" and isinstance(value, (Decimal, int)):
        return number(value)
    if isinstance(value, dt.date):
        return sdate(value)
    return str(value)


def short_digest(digest: str) -> str:
    """The digest in groups of eight, easier to read aloud and compare."""
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


def facts_lines(data: AnnualReportData, *, version: int | None, digest: str) -> list[tuple[str, str]]:
    """The report's identity as (label, value): on the PDF's title page, the HTML's head, the XLSX's cover."""
    return [
        (_("Agreement"), data.facts.agreement_name),
        (_("Situation as of"), sdate(data.as_of)),
        (_("Version"), str(version) if version else "–"),
        (_("Data digest (SHA-256)"), digest),
    ]
