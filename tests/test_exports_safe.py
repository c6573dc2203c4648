"""Every CSV and XLSX the app writes neutralises text that a spreadsheet would run as a formula.

Given organisations and projects with hostile names (=, +, -, @, tab, CR first), when every export is
made (the public project list as CSV, the annual report as XLSX), then no cell is a formula and the text
reads as written (CSV: a leading apostrophe; XLSX: a text cell with the quote prefix)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cores.cells import csv_safe, is_formula_like
from partners.models import Organisation
from projects.models import Project
from reports.data import annual_data
from reports.render import render
from tests.test_opendata import csv_rows
from tests.test_reports import AS_OF, World

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x.example","klik")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("-12.50", "-12.50"),  # a negative number is a number
        ("Oy Ab", "Oy Ab"),
        (None, ""),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
    ],
)
def test_csv_safe(text: str | None, safe: str) -> None:
    assert csv_safe(text) == safe


@pytest.fixture
def hostile() -> World:
    w = World()
    for number, org in enumerate(Organisation.objects.order_by("pk")):
        org.name = HOSTILE[number % len(HOSTILE)] + f" {number}"
        org.save(update_fields=["name"])
    for number, project in enumerate(Project.objects.order_by("pk")):
        Project.objects.filter(pk=project.pk).update(name=HOSTILE[number % len(HOSTILE)])
    return w


def test_annual_report_xlsx__hostile_names_are_text_never_formulas(hostile: World) -> None:
    data = annual_data(hostile.agreement, AS_OF, "fi")
    book = load_workbook(io.BytesIO(render(data, "xlsx", version=1)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"]
    assert not formulas
    hostile_cells = [c for c in cells if isinstance(c.value, str) and is_formula_like(c.value)]
    assert hostile_cells, "the report shows the hostile names (the test writes through it)"
    assert all(c.quotePrefix for c in hostile_cells)


def test_public_csv__hostile_names_start_with_an_apostrophe(hostile: World) -> None:
    _header, rows = csv_rows(Client().get(reverse("public_projects_csv")).content)
    assert rows
    texts = [v for row in rows for v in row.values() if v]
    assert not [v for v in texts if is_formula_like(v)]
    assert any(v.startswith("'=HYPERLINK") or v.startswith("'+SUM") for v in texts)
