"""Every CSV and XLSX the app writes neutralises text that a spreadsheet would run as a formula.

Given organisations and projects with hostile names (=, +, -, @, tab, CR first), when every export is
made (the public project list as CSV, the annual report as XLSX), then no cell is a formula and the text
reads as written (CSV: a leading apostrophe; XLSX: a text cell with the quote prefix, or for the list
pages' one writer, web.exports, the same leading apostrophe as in CSV)."""

from __future__ import annotations

import csv
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


def test_list_exports__hostile_text_in_every_new_list__is_text_never_a_formula() -> None:
    """The audit log, calls, scenarios, the funding queue and accessibility feedback write through the one
    writer (web.exports): a hostile title, name, object or message starts with an apostrophe in CSV and is
    a quoted text cell in XLSX."""
    import datetime as dt

    from accessibility.services import feedback_receive
    from audit.services import Actor, audit_record
    from pipeline.models import Call, ProposalStatus
    from portfolio.models import Scenario
    from tests.pages_data import add_proposals, build_agreement

    p = build_agreement()
    hostile = HOSTILE[0]
    call = Call.objects.create(
        agreement=p.agreement, title=hostile, opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1)
    )
    Scenario.objects.create(
        agreement=p.agreement, call=call, name=hostile, problem={}, created_by=p.coordinator
    )
    proposal = add_proposals(p, 1, status=ProposalStatus.PRESENTED)[0]
    proposal.title = hostile
    proposal.save(update_fields=["title"])
    audit_record(actor=Actor(p.coordinator), action="proposal.update", obj=proposal, note=hostile)
    feedback_receive(message=hostile, page="", email="", language="fi", user=None)
    client = Client()
    client.force_login(p.coordinator)
    pages = [
        "audit_log",
        "pipeline:call_list",
        "portfolio:scenario_list",
        "projects:funding_queue",
        "accessibility:feedback_list",
    ]
    for name in pages:
        content = client.get(reverse(name), {"export": "csv"}).content.decode("utf-8-sig")
        texts = [v for row in csv.reader(io.StringIO(content), delimiter=";") for v in row if v]
        assert not [v for v in texts if is_formula_like(v)], name
        assert any(v.startswith("'=HYPERLINK") for v in texts), name
        book = load_workbook(io.BytesIO(client.get(reverse(name), {"export": "xlsx"}).content))
        cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
        assert not [c for c in cells if c.data_type == "f"], name
        assert not [c for c in cells if isinstance(c.value, str) and is_formula_like(c.value)], name
        assert any(isinstance(c.value, str) and c.value.startswith("'=HYPERLINK") for c in cells), name
