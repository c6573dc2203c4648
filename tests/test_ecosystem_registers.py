"""The test-environment register (pages, timeline, audit, visibility) and the adoption register."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from ecosystem import services
from ecosystem.exports import neutralise
from ecosystem.forms import TestEnvironmentForm, format_periods, parse_periods
from ecosystem.models import Adoption, AdoptionRole
from ecosystem.services import PeriodData
from ecosystem.timeline import build_timeline, timeline_environments
from monitoring.health import agreement_health
from monitoring.models import TargetKind, ThemeTarget
from partners.models import TestEnvironment
from tests.factories import OrganisationFactory, UserFactory
from tests.pages_data import Portfolio, add_funded_projects, build_agreement

pytestmark = pytest.mark.django_db
D = dt.date


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


def _environment(
    p: Portfolio, *, name: str = "Kalasataman testialusta", published: bool = True, **kw: object
):
    return services.save_test_environment(
        user=p.coordinator,
        environment=None,
        values={"name": name, "owner": p.cities[0], "city": p.cities[0], "is_published": published, **kw},
        themes=[p.themes["T1"]],
        periods=[PeriodData(D(2021, 1, 1), D(2023, 12, 31)), PeriodData(D(2025, 1, 1))],
    )


# --- register: services ------------------------------------------------------------------------------


def test_create__by_the_coordinator__saved_with_periods_and_audited(p: Portfolio) -> None:
    # when the coordinator adds an environment with two periods
    env = _environment(p, capacity="Two pilots at a time")
    # then it is stored with its periods and themes, and the change is in the audit trail
    assert [(x.starts_on, x.ends_on) for x in env.periods.all()] == [
        (D(2021, 1, 1), D(2023, 12, 31)),
        (D(2025, 1, 1), None),
    ]
    entry = AuditEntry.objects.get(action="test_environment.created", object_id=str(env.pk))
    assert entry.after["periods"] == ["2021-01-01–2023-12-31", "2025-01-01–"]
    assert entry.after["themes"] == ["T1"]


def test_edit_and_retire__audited_with_before_and_after(p: Portfolio) -> None:
    env = _environment(p)
    # when it is renamed and then retired
    services.save_test_environment(
        user=p.coordinator,
        environment=env,
        values={"name": "Uusi nimi"},
        themes=[p.themes["T1"]],
        periods=[PeriodData(D(2021, 1, 1))],
    )
    services.retire_test_environment(user=p.coordinator, environment=env, on=D(2026, 6, 1))
    # then both are audited, and a second retirement is refused
    edit = AuditEntry.objects.get(action="test_environment.updated")
    assert edit.before["name"] == "Kalasataman testialusta" and edit.after["name"] == "Uusi nimi"
    assert AuditEntry.objects.get(action="test_environment.retired").after == {"retired_on": "2026-06-01"}
    with pytest.raises(ValidationError):
        services.retire_test_environment(user=p.coordinator, environment=env)


def test_create__by_an_applicant__refused_and_nothing_written(p: Portfolio) -> None:
    applicant = UserFactory.applicant(p.university, p.agreement)
    with pytest.raises(PermissionDenied):
        services.save_test_environment(
            user=applicant,
            environment=None,
            values={"name": "x", "owner": p.university},
            themes=[],
            periods=[],
        )
    assert not TestEnvironment.objects.exists() and not AuditEntry.objects.exists()


def test_create__city_that_is_not_a_city__refused_naming_the_field(p: Portfolio) -> None:
    with pytest.raises(ValidationError) as error:
        _environment(p, city=p.company)
    assert "city" in error.value.message_dict


def test_parse_periods__bad_line__names_the_line() -> None:
    assert parse_periods("1.1.2021–31.12.2023\n2025-01-01") == [
        PeriodData(D(2021, 1, 1), D(2023, 12, 31)),
        PeriodData(D(2025, 1, 1), None),
    ]
    with pytest.raises(Exception, match="Line 2"):
        parse_periods("1.1.2021–31.12.2023\n31.12.2024–1.1.2024")
    with pytest.raises(Exception, match="Line 1"):
        parse_periods("soon")


@pytest.mark.parametrize(
    ("lang", "shown", "example"),
    [
        ("fi", "1.1.2021–31.12.2023\n1.1.2025–", "esim. 1.1.2021–31.12.2023"),
        ("sv", "1.1.2021–31.12.2023\n1.1.2025–", "t.ex. 1.1.2021–31.12.2023"),
        ("en", "1 Jan 2021–31 Dec 2023\n1 Jan 2025–", "e.g. 1 Jan 2021–31 Dec 2023"),
    ],
)
def test_periods__in_the_page_language__shown_read_back_and_exemplified(
    lang: str, shown: str, example: str
) -> None:
    # given a closed and an open-ended period
    periods = [PeriodData(D(2021, 1, 1), D(2023, 12, 31)), PeriodData(D(2025, 1, 1), None)]
    with translation.override(lang):
        # when the form shows them, then in the language's dates (English read 1.1.2021 beside 7 Dec 2026 before)
        assert format_periods(periods) == shown
        # and what it shows reads back to the same periods, as do d.m.yyyy and ISO in any language
        assert parse_periods(shown) == periods
        assert parse_periods("1.1.2021–31.12.2023\n2025-01-01") == periods
        # and the field's hint and a bad line's error give the example in the same dates
        assert example in str(TestEnvironmentForm().fields["periods"].help_text)
        with pytest.raises(ValidationError, match=example.split(" ", 1)[1]):
            parse_periods("soon")


# --- register: pages ----------------------------------------------------------------------------------


def test_pages__create_through_the_form__redirects_to_the_new_page(p: Portfolio) -> None:
    client = _client(p.coordinator)
    response = client.post(
        reverse("ecosystem:environment_create"),
        {
            "name": "Otaniemen living lab",
            "owner": p.university.pk,
            "city": p.cities[1].pk,
            "themes": [p.themes["T1"].pk],
            "periods": "1.3.2022–",
            "is_published": "on",
        },
    )
    env = TestEnvironment.objects.get(name="Otaniemen living lab")
    assert response.status_code == 302 and response["Location"] == reverse(
        "ecosystem:environment_detail", args=[env.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Otaniemen living lab" in page and "until further notice" in page


def test_pages__bad_period__form_shows_the_line(p: Portfolio) -> None:
    response = _client(p.coordinator).post(
        reverse("ecosystem:environment_create"),
        {"name": "X", "owner": p.university.pk, "periods": "31.12.2024–1.1.2024"},
    )
    assert response.status_code == 400
    assert "Line 1: the period ends before it starts." in response.content.decode()


def test_public_page__shows_published_only_without_contacts(p: Portfolio) -> None:
    _environment(p, name="Julkinen alusta")
    _environment(p, name="Salainen alusta", published=False)
    page = Client().get(reverse("public_test_environments")).content.decode()
    assert "Julkinen alusta" in page and "Salainen alusta" not in page


def test_detail__unpublished__hidden_from_a_reviewer_seen_by_the_owner(p: Portfolio) -> None:
    env = _environment(p, name="Salainen alusta", published=False, owner=p.university)
    url = reverse("ecosystem:environment_detail", args=[env.pk])
    reviewer = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    assert _client(reviewer).get(url).status_code == 404
    assert _client(UserFactory.applicant(p.university, p.agreement)).get(url).status_code == 200


def test_list__export_csv_and_xlsx__exactly_the_filtered_rows_formulas_neutralised(p: Portfolio) -> None:
    # given two environments, one of them named like a formula, and one in another city
    _environment(p, name="=HYPERLINK(1)")
    _environment(p, name="Espoon alusta", city=p.cities[1], owner=p.cities[1])
    client = _client(p.coordinator)
    url = reverse("ecosystem:environment_list")
    # when the list filtered to the first city is exported
    response = client.get(url, {"city": p.cities[0].pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # then only that row is there, and the formula is plain text
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1)"]
    book = load_workbook(io.BytesIO(client.get(url, {"city": p.cities[0].pk, "export": "xlsx"}).content))
    assert book.active.cell(row=2, column=1).value == "'=HYPERLINK(1)"
    assert client.get(url, {"export": "pdf"}).status_code == 404


@pytest.mark.parametrize("value", ["=1+1", "+A1", "-1+A1", "@SUM(A1)", "\tx"])
def test_neutralise__formula_starts__become_text(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise(Decimal("-1.50")) == Decimal("-1.50")
    assert neutralise("-1.50") == "-1.50"  # a negative number is a number (cores.cells)
    assert neutralise("Espoo") == "Espoo"


# --- timeline -----------------------------------------------------------------------------------------


def test_timeline__gap_between_periods__shown_per_city_and_theme(p: Portfolio) -> None:
    # given Helsinki's environment on T1: 2021–2023 and from 2025; Espoo has none
    _environment(p)
    timeline = build_timeline(p.agreement, timeline_environments(TestEnvironment.objects.all()))
    rows = {(r.city.name, r.theme.code): r for r in timeline.rows}
    helsinki = rows[("Helsingin kaupunki", "T1")]
    # then Helsinki's T1 has the year 2024 as its gap, and Espoo's T1 is a gap throughout
    first, last = p.agreement.period.start_year, p.agreement.period.end_year
    assert [(g.start, g.end) for g in helsinki.gaps if g.start.year <= 2024] == [
        (D(2024, 1, 1), D(2024, 12, 31))
    ] or first > 2024
    assert rows[("Espoon kaupunki", "T1")].gaps[0].start == D(first, 1, 1)
    assert rows[("Espoon kaupunki", "T1")].gaps[0].end == D(last, 12, 31)


def test_timeline__retired_environment__counts_until_retired(p: Portfolio) -> None:
    env = _environment(p)
    services.retire_test_environment(user=p.coordinator, environment=env, on=D(2022, 7, 1))
    timeline = build_timeline(p.agreement, timeline_environments(TestEnvironment.objects.all()))
    helsinki = next(r for r in timeline.rows if r.city == p.cities[0] and r.theme.code == "T1")
    assert any(g.start == D(2022, 7, 1) for g in helsinki.gaps)


def test_timeline_page__chart_table_and_png(p: Portfolio) -> None:
    _environment(p)
    client = _client(p.coordinator)
    page = client.get(reverse("ecosystem:timeline")).content.decode()
    assert 'data-chart="environment-timeline-spec"' in page
    assert "Periods with none" in page and "Espoon kaupunki" in page
    png = client.get(reverse("ecosystem:timeline_png"), {"city": p.cities[0].pk})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_pages__each_language__render(p: Portfolio, lang: str) -> None:
    env = _environment(p)
    client = _client(p.coordinator)
    with translation.override(lang):
        urls = [
            reverse("ecosystem:environment_list"),
            reverse("ecosystem:timeline"),
            reverse("ecosystem:adoption_list"),
            reverse("ecosystem:environment_detail", args=[env.pk]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (lang, url)
        assert f'lang="{lang}"' in response.content.decode()


# --- adoptions ----------------------------------------------------------------------------------------


def _adopt(p: Portfolio, project, **kw: object) -> Adoption:
    values = {
        "city": p.cities[1],
        "unit": "Kaupunkiympäristön toimiala",
        "provider": p.company,
        "solution": "Purkumateriaalien kierrätysalusta",
        "role": AdoptionRole.PURCHASE,
        "adopted_on": D(2026, 3, 1),
        "evidence": "Hankintapäätös 12/2026",
        "evidence_url": "",
        **kw,
    }
    return services.record_adoption(user=p.coordinator, project=project, values=values)


def test_adoption__recorded__audited_and_on_the_company_and_project_pages(p: Portfolio) -> None:
    (project,) = add_funded_projects(p, 1)
    adoption = _adopt(p, project)
    assert AuditEntry.objects.get(action="adoption.recorded").agreement_id == p.agreement.pk
    client = _client(p.coordinator)
    company_page = client.get(reverse("partners:organisation_detail", args=[p.company.pk])).content.decode()
    assert "Purkumateriaalien kierrätysalusta" in company_page and "References" in company_page
    project_page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert adoption.solution in project_page
    assert reverse("ecosystem:adoption_create", args=[project.pk]) in project_page


def test_adoption__city_not_a_city_or_before_the_project__refused(p: Portfolio) -> None:
    (project,) = add_funded_projects(p, 1)
    with pytest.raises(ValidationError) as error:
        _adopt(p, project, city=p.company)
    assert "city" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _adopt(p, project, adopted_on=D(2000, 1, 1))
    assert "adopted_on" in error.value.message_dict


def test_adoption__by_an_applicant__refused(p: Portfolio) -> None:
    (project,) = add_funded_projects(p, 1)
    applicant = UserFactory.applicant(p.university, p.agreement)
    with pytest.raises(PermissionDenied):
        services.record_adoption(user=applicant, project=project, values={})


def test_adoption_list__filters_by_city_and_company(p: Portfolio) -> None:
    (project,) = add_funded_projects(p, 1)
    _adopt(p, project, solution="Ratkaisu A")
    _adopt(p, project, solution="Ratkaisu B", city=p.cities[0], provider=OrganisationFactory(name="Muu Oy"))
    client = _client(p.coordinator)
    url = reverse("ecosystem:adoption_list")
    page = client.get(url, {"city": p.cities[1].pk}).content.decode()
    assert "Ratkaisu A" in page and "Ratkaisu B" not in page
    page = client.get(url, {"company": "Muu"}).content.decode()
    assert "Ratkaisu B" in page and "Ratkaisu A" not in page


def test_adoption_form__post__records_and_returns_to_the_project(p: Portfolio) -> None:
    (project,) = add_funded_projects(p, 1)
    response = _client(p.coordinator).post(
        reverse("ecosystem:adoption_create", args=[project.pk]),
        {
            "city": p.cities[0].pk,
            "unit": "Kasvatuksen toimiala",
            "solution": "Oppimisalusta",
            "role": "pilot",
            "adopted_on": "2026-02-01",
            "evidence": "Pilottisopimus",
        },
    )
    assert response.status_code == 302
    assert Adoption.objects.get().solution == "Oppimisalusta"


def test_solutions_target__counts_register_adoptions_by_their_date(p: Portfolio) -> None:
    # given a target of 2 adopted solutions and one adoption recorded on 1.3.2026
    (project,) = add_funded_projects(p, 1)
    ThemeTarget.objects.create(
        agreement=p.agreement, kind=TargetKind.SOLUTIONS, target=2, start_year=2025, target_year=2027
    )
    _adopt(p, project)

    def solutions(on: dt.date) -> object:
        return next(
            t for t in agreement_health(p.agreement, on).targets if t.target.kind == "solutions"
        ).actual

    # then it counts from its date on, and a withdrawn one does not
    assert solutions(D(2026, 2, 1)) in (None, 0)
    assert solutions(D(2026, 4, 1)) == 1
    services.withdraw_adoption(user=p.coordinator, adoption=Adoption.objects.get())
    assert solutions(D(2026, 4, 1)) in (None, 0)


# --- API ----------------------------------------------------------------------------------------------


def test_api__environments__same_visibility_as_the_pages_with_periods(p: Portfolio) -> None:
    _environment(p, name="Julkinen alusta")
    _environment(p, name="Salainen alusta", published=False)
    reviewer = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    seen = _client(reviewer).get("/api/v1/test-environments/").json()
    rows = seen["results"] if isinstance(seen, dict) else seen
    assert [r["name"] for r in rows] == ["Julkinen alusta"]
    assert rows[0]["periods"][0] == {"starts_on": "2021-01-01", "ends_on": "2023-12-31", "note": ""}
    assert rows[0]["themes"] == ["T1"]
    staff = _client(p.coordinator).get("/api/v1/test-environments/").json()
    assert len(staff["results"] if isinstance(staff, dict) else staff) == 2
    assert Client().get("/api/v1/test-environments/").status_code == 403
