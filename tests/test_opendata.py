"""Open data: the public page's funded projects as CSV and JSON with Kohesio-compatible columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Person
from pipeline.models import BudgetLine, FinancingLine, ProposalStatus
from projects import opendata
from projects.models import FundingDecision, Project, ProjectStatus
from projects.public import public_projects, searched_public_projects
from tests.factories import OrganisationFactory, UserFactory
from tests.pages_data import (
    Portfolio,
    add_funded_projects,
    add_plan,
    add_proposals,
    build_portfolio,
)

pytestmark = pytest.mark.django_db

D = Decimal
DOCS = Path(__file__).resolve().parent.parent / "docs" / "open-data.md"
BOM = b"\xef\xbb\xbf"

# Distinctive personal data that must never reach the open data.
PERSONAL = (
    "Zebulon",
    "Quixotesson",
    "zebulon.quixotesson@kaupunki.example",
    "+358 40 765 4321",
    "Xanthippe",
    "Wolframsdottir",
    "xanthippe.w@example.test",
    "Kaisa",
    "Koordinaattori",
    "koordinaattori@example.test",
    "Salainen rahoitusehto",
)


@pytest.fixture
def world() -> Portfolio:
    # given an agreement with a funded project (ERDF 77 000, STATE 38 500, own 77 000 of 192 500)
    p = build_portfolio(proposals=1, funded=1, historical=1)
    # and proposals that are not funded: a draft and a rejected one
    add_proposals(p, 1, status=ProposalStatus.DRAFT)
    add_proposals(p, 1, status=ProposalStatus.REJECTED)
    # and a project outside any agreement, which the public page does not show
    stray = Project.objects.create(
        name="Sopimukseton hanke",
        lead=p.company,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        status=ProjectStatus.ACTIVE,
    )
    add_plan(stray, lead=p.company)
    # and people: a contact person of the implementer, a user who recorded the funding decision
    Person.objects.create(
        organisation=p.cities[0],
        first_name="Zebulon",
        last_name="Quixotesson",
        email="zebulon.quixotesson@kaupunki.example",
        phone="+358 40 765 4321",
    )
    recorder = UserFactory(
        username="xwolf", first_name="Xanthippe", last_name="Wolframsdottir", email="xanthippe.w@example.test"
    )
    FundingDecision.objects.create(
        project=p.funded[0],
        decided_on=dt.date(2024, 12, 15),
        conditions="Salainen rahoitusehto",
        recorded_by=recorder,
    )
    return p


def csv_rows(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    assert content.startswith(BOM)
    reader = csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"), newline=""))
    header, *records = list(reader)
    return header, [dict(zip(header, record, strict=True)) for record in records]


def documented_columns() -> list[str]:
    return re.findall(
        r"^\| `([A-Za-z_]+)` \| (?:yes|Salkku) \|", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE
    )


def test_columns__as_documented__in_order(client: Client, world: Portfolio) -> None:
    # when the CSV and the JSON are downloaded
    header, _ = csv_rows(client.get(reverse("public_projects_csv")).content)
    document = client.get(reverse("public_projects_json")).json()
    # then both have exactly the documented columns, in the documented order
    assert header == list(opendata.COLUMN_NAMES) == documented_columns()
    assert [c["name"] for c in document["columns"]] == header
    assert all(list(row) == header for row in document["rows"])
    assert all(c["description"] for c in document["columns"])


def test_rows__only_the_public_pages_projects(client: Client, world: Portfolio) -> None:
    # when the CSV is downloaded
    _, rows = csv_rows(client.get(reverse("public_projects_csv")).content)
    # then it lists the funded project only: no proposal (draft, rejected, submitted), no historical
    # EURA project, no project outside an agreement
    names = [row["Operation_Name_Programme_Language"] for row in rows]
    assert names == [world.funded[0].name]
    assert [row["Operation_Unique_Identifier"] for row in rows] == [
        f"salkku-project-{pk}" for pk in public_projects().values_list("pk", flat=True)
    ]
    text = client.get(reverse("public_projects_json")).content.decode()
    for hidden in (world.historical[0].name, "Sopimukseton hanke", "Kiertotalouden kokeilualusta", "KIERTO"):
        assert hidden not in text


def test_row__public_fields_and_cpr_figures(client: Client, world: Portfolio) -> None:
    # when the JSON is downloaded
    [row] = client.get(reverse("public_projects_json")).json()["rows"]
    project = world.funded[0]
    # then the row holds the project's public fields in the documented formats
    assert row == {
        "Operation_Unique_Identifier": f"salkku-project-{project.pk}",
        "Operation_Local_Identifier": project.code,
        "Operation_Name_Programme_Language": project.name,
        "Operation_Summary_Programme_Language": None,
        "Operation_Start_Date": "2025-01-01",
        "Operation_End_Date": "2026-12-31",
        "Beneficiary_Name": "Helsingin kaupunki",
        "Beneficiary_Local_Identifier": world.cities[0].business_id,
        "Country": "Finland",
        "Programming_Period": "2021-2027",
        "Fund_Code": "ERDF",
        # personnel 150 000 + services 20 000 + 15 % of personnel 22 500
        "Total_Eligible_Expenditure_amount": "192500.00",
        "Total_Eligible_Expenditure_Currency": "EUR",
        "Project_EU_Budget": "77000.00",
        "Cofinancing_Rate": "40.00",
        "EU_and_State_Funding_amount": "115500.00",  # as on the public page
        "Operation_Status": "active",
        "Agreement_Name": "Pääkaupunkiseudun ekosysteemisopimus",
        "City_Region": "Pääkaupunkiseutu",
        "Theme_Code": "T1",
        "Theme_Name": "Älykkäät ja kestävät kaupunkiratkaisut",
    }


def test_no_personal_data(client: Client, world: Portfolio) -> None:
    # when the CSV and the JSON are downloaded
    csv_text = client.get(reverse("public_projects_csv")).content.decode("utf-8-sig")
    json_text = client.get(reverse("public_projects_json")).content.decode()
    # then no person's name, e-mail or phone, and no funding condition, appears in either
    for text in (csv_text, json_text):
        assert "@" not in text
        for value in PERSONAL:
            assert value not in text, value


def test_csv__parses_back__money_reconciles_with_the_database(client: Client, world: Portfolio) -> None:
    # given more funded projects, one with odd cents, a multi-line summary with commas and quotes
    add_funded_projects(world, 2)
    odd = world.funded[1]
    odd.budget_lines.all().delete()
    odd.financing_lines.all().delete()
    BudgetLine.objects.create(project=odd, year=2025, category="personnel", amount=D("10000.01"))
    FinancingLine.objects.create(project=odd, source="ERDF", amount=D("4600.00"))
    FinancingLine.objects.create(project=odd, source="STATE", amount=D("2300.00"))
    FinancingLine.objects.create(project=odd, source="OWN", organisation=odd.lead, amount=D("4600.01"))
    Project.objects.filter(pk=odd.pk).update(summary='Rivi 1, "lainaus"\nRivi 2; å ä ö')
    # when the CSV is downloaded and parsed with the csv module
    _, rows = csv_rows(client.get(reverse("public_projects_csv")).content)
    by_id = {row["Operation_Unique_Identifier"]: row for row in rows}
    # then the text survives quoting, and the odd project's figures are exact
    row = by_id[f"salkku-project-{odd.pk}"]
    assert row["Operation_Summary_Programme_Language"] == 'Rivi 1, "lainaus"\nRivi 2; å ä ö'
    assert row["Total_Eligible_Expenditure_amount"] == "11500.01"  # 10 000.01 + 15 % = 1 500.00
    assert row["Project_EU_Budget"] == "4600.00"
    assert row["Cofinancing_Rate"] == "40.00"  # 39.99996… rounded half up
    # and the sums reconcile to the cent with the database
    public = public_projects()
    lines = FinancingLine.objects.filter(project__in=public)
    assert (
        sum(D(r["Project_EU_Budget"]) for r in rows)
        == lines.filter(source__in=opendata.EU_SOURCES).aggregate(s=Sum("amount"))["s"]
    )
    assert sum(D(r["EU_and_State_Funding_amount"]) for r in rows) == sum(p.eu_state for p in public)
    # the plans balance, so the eligible costs equal the financing in all
    assert (
        sum(D(r["Total_Eligible_Expenditure_amount"]) for r in rows) == lines.aggregate(s=Sum("amount"))["s"]
    )
    assert all(re.fullmatch(r"\d+\.\d\d", r["Total_Eligible_Expenditure_amount"]) for r in rows)


def test_json__round_trips_with_metadata(client: Client, world: Portfolio) -> None:
    # when the JSON is downloaded
    response = client.get(reverse("public_projects_json"))
    document = json.loads(response.content.decode("utf-8"))
    # then it is an object with its metadata and the same rows the module builds
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert document["rows"] == opendata.project_rows(searched_public_projects())
    assert document["row_count"] == 1
    assert document["licence"]["name"] == "CC BY 4.0"
    assert document["source"].endswith(reverse("public_projects"))
    generated = dt.datetime.fromisoformat(document["generated_at"])
    assert generated.utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))  # Helsinki time
    assert json.loads(json.dumps(document)) == document


def test_csv__bom_crlf_and_file_name(client: Client, world: Portfolio) -> None:
    response = client.get(reverse("public_projects_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM + b"Operation_Unique_Identifier,")
    assert b"\r\n" in response.content
    assert re.fullmatch(
        r'attachment; filename="salkku-projects-\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"]
    )


def test_csv__a_formula_is_not_run_by_a_spreadsheet(client: Client, world: Portfolio) -> None:
    # given a project whose name reads as a spreadsheet formula
    Project.objects.filter(pk=world.funded[0].pk).update(name='=HYPERLINK("http://x.example","klik")')
    # then the CSV cell starts with an apostrophe, while the JSON keeps the name as it is
    _, [row] = csv_rows(client.get(reverse("public_projects_csv")).content)
    assert row["Operation_Name_Programme_Language"] == '\'=HYPERLINK("http://x.example","klik")'
    [json_row] = client.get(reverse("public_projects_json")).json()["rows"]
    assert json_row["Operation_Name_Programme_Language"] == '=HYPERLINK("http://x.example","klik")'


def test_search__the_page_filter_applies_to_the_download(client: Client, world: Portfolio) -> None:
    # given two funded projects, one about hydrogen
    add_funded_projects(world, 1)
    Project.objects.filter(pk=world.funded[1].pk).update(name="Vetytalouden testialusta")
    # when the downloads are asked for with the page's search
    _, rows = csv_rows(client.get(reverse("public_projects_csv"), {"q": "vety"}).content)
    document = client.get(reverse("public_projects_json"), {"q": "vety"}).json()
    # then only the matching project is listed, and the JSON says which filter was used
    assert [r["Operation_Name_Programme_Language"] for r in rows] == ["Vetytalouden testialusta"]
    assert [r["Operation_Name_Programme_Language"] for r in document["rows"]] == ["Vetytalouden testialusta"]
    assert document["filters"] == {"q": "vety"}
    # and the page links to the downloads with the same search
    html = client.get(reverse("public_projects"), {"q": "vety"}).content.decode()
    assert f"{reverse('public_projects_csv')}?q=vety" in html
    assert f"{reverse('public_projects_json')}?q=vety" in html


def test_queries__fixed_whatever_the_number_of_projects(
    client: Client, world: Portfolio, django_assert_max_num_queries
) -> None:
    # given one funded project: count the queries of building the rows and of each download
    with CaptureQueriesContext(connection) as one_rows:
        assert len(opendata.project_rows(searched_public_projects())) == 1
    with CaptureQueriesContext(connection) as one_csv:
        client.get(reverse("public_projects_csv"))
    with CaptureQueriesContext(connection) as one_json:
        client.get(reverse("public_projects_json"))
    # when there are 20, with other implementers and themes
    for project in add_funded_projects(world, 19):
        Project.objects.filter(pk=project.pk).update(lead=OrganisationFactory())
    # then the same number of queries suffices
    with django_assert_max_num_queries(len(one_rows)):
        assert len(opendata.project_rows(searched_public_projects())) == 20
    with django_assert_max_num_queries(len(one_csv)):
        assert len(csv_rows(client.get(reverse("public_projects_csv")).content)[1]) == 20
    with django_assert_max_num_queries(len(one_json)):
        assert client.get(reverse("public_projects_json")).json()["row_count"] == 20
    assert len(one_rows) == 3  # projects (joined), budget lines, financing lines


def test_anonymous__downloads_without_sign_in__post_is_refused(client: Client, world: Portfolio) -> None:
    # given nobody signed in
    for name in ("public_projects_csv", "public_projects_json"):
        # then GET answers with the data and POST is not allowed
        assert client.get(reverse(name)).status_code == 200
        assert client.post(reverse(name)).status_code == 405
    # and the Swedish address serves the same data
    assert client.get("/sv/public/projects.csv").content == client.get("/public/projects.csv").content


def test_public_page__links_to_the_downloads(client: Client, world: Portfolio) -> None:
    html = client.get(reverse("public_projects"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert reverse("public_projects_csv") in html and reverse("public_projects_json") in html
    assert "CC BY 4.0" in html
