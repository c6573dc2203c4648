"""The annual report's network parts: the test-environment timeline (chart and table), the adoptions and
the network picture (chart and tables), in every format."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ecosystem import services
from ecosystem.models import AdoptionRole
from ecosystem.services import PeriodData
from reports.data import annual_data
from reports.render import render
from tests.pages_data import add_proposals
from tests.test_reports import AS_OF, World

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def w() -> World:
    w = World()
    add_proposals(w.p, 2)  # consortia of a university and a company: the network
    city = w.p.cities[0]
    services.save_test_environment(
        user=w.user,
        environment=None,
        values={"name": "Kalasataman testialusta", "owner": city, "city": city, "is_published": True},
        themes=[w.p.themes["T1"]],
        periods=[PeriodData(D(2021, 1, 1), D(2023, 12, 31)), PeriodData(D(2025, 1, 1))],
    )
    services.record_adoption(
        user=w.user,
        project=w.decided[0],
        values={
            "city": city,
            "unit": "Kaupunkiympäristön toimiala",
            "provider": w.p.company,
            "solution": "Älykäs katuvalo-ohjaus",
            "role": AdoptionRole.PURCHASE,
            "adopted_on": D(2025, 5, 1),
            "evidence": "Hankintapäätös 12/2025",
        },
    )
    services.record_adoption(
        user=w.user,
        project=w.decided[0],
        values={
            "city": city,
            "unit": "Kasvatuksen toimiala",
            "solution": "Myöhempi ratkaisu",
            "role": AdoptionRole.PILOT,
            "adopted_on": AS_OF + dt.timedelta(days=30),
            "evidence": "Päätös",
        },
    )
    return w


def _section(data, key):
    return next(s for s in data.sections if s.key == key)


def test_timeline__chart_and_table_show_the_gap(w: World) -> None:
    data = annual_data(w.agreement, AS_OF, "en")
    section = _section(data, "test_environments")
    assert section.chart  # the chart, drawn as an image in the PDF and the HTML
    table = section.tables[0]
    row = next(
        r for r in table.rows if str(r[0]).endswith("· T1") and str(r[0]).startswith(w.p.cities[0].name)
    )
    years = [c.label for c in table.columns[1:-1]]
    per_year = dict(zip(years, row[1:-1], strict=True))
    # available 2021–2023 and again from 2025: 2024 is the gap
    assert per_year["2023"] == 1 and per_year["2024"] == 0 and per_year["2025"] == 1
    assert "1 Jan 2024–31 Dec 2024" in str(row[-1])  # an English report writes English dates


def test_adoptions__only_those_adopted_by_the_date(w: World) -> None:
    section = _section(annual_data(w.agreement, AS_OF, "en"), "adoptions")
    rows = section.tables[0].rows
    assert [r[2] for r in rows] == ["Älykäs katuvalo-ohjaus"]
    assert rows[0][3] == w.p.company.name and rows[0][6] == D(2025, 5, 1)


def test_network__picture_and_tables(w: World) -> None:
    section = _section(annual_data(w.agreement, AS_OF, "en"), "network")
    assert section.chart and '"mark"' in section.chart
    central = section.tables[0]
    assert central.rows, "the funded projects' consortia make a network"
    assert {r[0] for r in central.rows} == {w.p.university.name, w.p.company.name}


def test_formats__the_sections_in_pdf_xlsx_and_html(w: World) -> None:
    data = annual_data(w.agreement, AS_OF, "fi")
    html = render(data, "html", version=1).decode()
    for key in ("test_environments", "adoptions", "network"):
        assert f'id="{key}"' in html
    book = load_workbook(io.BytesIO(render(data, "xlsx", version=1)))
    assert len(book.sheetnames) == 1 + len(data.sections)
    assert render(data, "pdf", version=1).startswith(b"%PDF")


def test_same_data__same_digest(w: World) -> None:
    from reports.data import data_digest

    assert data_digest(annual_data(w.agreement, AS_OF, "en")) == data_digest(
        annual_data(w.agreement, AS_OF, "en")
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sections__every_title_different(w: World, lang: str) -> None:
    # given the annual report's data, in each language
    data = annual_data(w.agreement, AS_OF, lang)
    # then no two sections share a title: the reader tells them apart in the table of contents (the progress
    # reports' adopted solutions and the adoption register once had the same one)
    titles = [str(section.title) for section in data.sections]
    assert len(titles) == len(set(titles)), titles
