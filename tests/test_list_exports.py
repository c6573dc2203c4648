"""Every list page's filters and its CSV/XLSX export of exactly the filtered rows (web.exports)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import Role
from decisions.services import meeting_create
from pipeline.models import Idea, ProposalStatus
from tests.factories import OrganisationFactory, UserFactory
from tests.pages_data import Portfolio, add_proposals, build_agreement
from web.exports import cell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def p() -> Portfolio:
    return build_agreement()


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-12.50", "-12.50"),
        ("@x", "'@x"),
        (None, ""),
        (Decimal("-3.10"), Decimal("-3.10")),
    ],
)
def test_cell__formula_guard_of_cores_cells(value: object, expected: object) -> None:
    assert cell(value) == expected


def test_cell__an_aware_datetime__is_local_time_without_zone() -> None:
    value = dt.datetime(2024, 11, 29, 12, tzinfo=dt.UTC)
    assert cell(value) == dt.datetime(2024, 11, 29, 14)  # Europe/Helsinki, winter


def test_proposals__filtered_export__only_the_rows_the_filter_and_the_user_allow(p: Portfolio) -> None:
    # given two submitted proposals and a draft
    submitted = add_proposals(p, 2)
    draft = add_proposals(p, 1, status=ProposalStatus.DRAFT)[0]
    url = reverse("pipeline:proposal_list")
    # when the coordinator exports the list filtered to drafts
    rows = _csv(_client(p.coordinator).get(url, {"status": "draft", "export": "csv"}).content)
    # then exactly the draft is there, under the header
    assert rows[0][:2] == ["Acronym", "Title"]
    assert [r[1] for r in rows[1:]] == [draft.title]
    # and a reviewer's export (no filter) never has the draft
    reviewer = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    response = _client(reviewer).get(url, {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    titles = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert titles == {s.title for s in submitted}
    assert _client(p.coordinator).get(url, {"export": "pdf"}).status_code == 404


def test_proposals__page__has_export_links_with_the_filters(p: Portfolio) -> None:
    body = _client(p.coordinator).get(reverse("pipeline:proposal_list"), {"status": "draft"}).content.decode()
    assert "status=draft&amp;export=csv" in body and "export=xlsx" in body


def test_ideas__theme_filter_and_export(p: Portfolio) -> None:
    for theme, title in (("T1", "Kierrätysbetoni"), ("K", "Älyliikenne")):
        Idea.objects.create(
            agreement=p.agreement,
            organisation=p.company,
            theme=p.themes[theme],
            title=title,
            summary="x",
            submitted_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
        )
    url = reverse("pipeline:idea_list")
    rows = _csv(_client(p.coordinator).get(url, {"theme": p.themes["K"].pk, "export": "csv"}).content)
    assert [r[0] for r in rows[1:]] == ["Älyliikenne"]
    assert rows[1][5] == "2024-10-01 03:00:00"  # submitted, local time


def test_organisations__export__hostile_name_is_text(p: Portfolio) -> None:
    OrganisationFactory(name="=HYPERLINK(1) Oy")
    rows = _csv(
        _client(p.coordinator)
        .get(reverse("partners:organisation_list"), {"q": "HYPERLINK", "export": "csv"})
        .content
    )
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1) Oy"]


def test_meetings__year_filter_and_export__staff_only(p: Portfolio) -> None:
    meeting_create(agreement=p.agreement, date=dt.date(2024, 3, 1), actor=p.coordinator)
    meeting_create(agreement=p.agreement, date=dt.date(2025, 3, 1), actor=p.coordinator)
    url = reverse("decisions:meeting_list")
    rows = _csv(_client(p.coordinator).get(url, {"year": 2025, "export": "csv"}).content)
    assert [r[0] for r in rows[1:]] == ["2025-03-01"]
    page = _client(p.coordinator).get(url, {"year": 2024}).content.decode()
    assert "1 result" in page
    applicant = UserFactory.applicant(p.company, agreement=p.agreement)
    assert _client(applicant).get(url, {"export": "csv"}).status_code == 403
