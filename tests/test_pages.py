"""The server-rendered pages: sign-in, the agreement overview, organisations, proposals, projects."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from partners.models import OrganisationKind
from pipeline.models import ProposalStatus
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from tests.pages_data import (
    Portfolio,
    add_funded_projects,
    add_historical_projects,
    add_plan,
    add_proposals,
    build_portfolio,
)
from web.templatetags.salkku import brand_palette, contrast_ratio, eur, percent, sdate

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"  # narrow no-break space: groups thousands
NBSP = "\u00a0"  # no-break space: before the euro sign


@pytest.fixture
def portfolio() -> Portfolio:
    return build_portfolio()


@pytest.fixture
def signed_in(client: Client, portfolio: Portfolio) -> Client:
    client.force_login(portfolio.coordinator)
    return client


def page_urls(p: Portfolio) -> dict[str, str]:
    return {
        "overview": reverse("home"),
        "agreement": reverse("agreement_overview", args=[p.agreement.slug]),
        "organisations": reverse("partners:organisation_list"),
        "organisation": reverse("partners:organisation_detail", args=[p.university.pk]),
        "proposals": reverse("pipeline:proposal_list"),
        "proposal": reverse("pipeline:proposal_detail", args=[p.proposals[0].pk]),
        "projects": reverse("projects:project_list"),
        "funded project": reverse("projects:project_detail", args=[p.funded[0].pk]),
        "historical project": reverse("projects:project_detail", args=[p.historical[0].pk]),
    }


def text_of(response) -> str:
    """The page's text with tags removed and white space collapsed (no-break spaces kept)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


# --- access ---------------------------------------------------------------------------------------


def test_pages__anonymous__are_redirected_to_sign_in(client: Client, portfolio: Portfolio) -> None:
    # given no signed-in user; when each page is requested
    for name, url in page_urls(portfolio).items():
        response = client.get(url)
        # then the answer is a redirect to the sign-in page that comes back here
        assert response.status_code == 302, name
        assert response["Location"] == f"{reverse('login')}?next={url}", name


def test_sign_in_page__anonymous__renders_with_labelled_fields(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="govuk-label" for="id_username">' in html
    assert '<label class="govuk-label" for="id_password">' in html
    assert 'lang="fi"' in html


def test_sign_in__right_password__lands_on_the_overview(client: Client, portfolio: Portfolio) -> None:
    # given a coordinator's credentials; when posted to the sign-in form
    response = client.post(
        reverse("login"),
        {"username": "koordinaattori", "password": "correct horse battery staple"},
        follow=True,
    )
    # then the overview of the agreement is shown
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Pääkaupunkiseudun ekosysteemisopimus" in text_of(response)


def test_sign_in__wrong_password__shows_an_error_summary(client: Client, portfolio: Portfolio) -> None:
    response = client.post(reverse("login"), {"username": "koordinaattori", "password": "wrong"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_sign_out__post__signs_out(signed_in: Client) -> None:
    response = signed_in.post(reverse("logout"))
    assert response.status_code == 302
    assert signed_in.get(reverse("home")).status_code == 302


def test_health_and_language_switch__anonymous__are_allowed(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"


# --- every page -----------------------------------------------------------------------------------


def test_pages__signed_in__render_with_landmarks_and_one_h1(signed_in: Client, portfolio: Portfolio) -> None:
    for name, url in page_urls(portfolio).items():
        # when a signed-in coordinator opens the page
        response = signed_in.get(url)
        # then it renders, with a skip link, a main landmark and exactly one h1
        assert response.status_code == 200, name
        html = response.content.decode()
        assert (
            'href="#main-content"' in html and '<main class="govuk-main-wrapper" id="main-content"' in html
        ), name
        assert html.count("<h1") == 1, name
        assert "<caption" in html or "<table" not in html, name
        assert "GOV.UK" not in html and "govuk-header__logo" not in html, name


def test_overview__default__shows_the_agreement_frames_themes_and_counts(
    signed_in: Client, portfolio: Portfolio
) -> None:
    # given one submitted proposal, one funded project (with its funded proposal) and one idea
    response = signed_in.get(reverse("home"))
    text = text_of(response)
    # then the agreement's facts are shown
    assert "Pääkaupunkiseudun ekosysteemisopimus" in text
    assert "Helsingin kaupunki" in text and "Espoon kaupunki" in text
    assert "Uudenmaan liitto" in text
    assert f"60,0{NBSP}%" in text and f"40,0{NBSP}%" in text
    assert "T1 · Älykkäät ja kestävät kaupunkiratkaisut" in text and "Kiertotalouden ratkaisut" in text
    # the funded project's ERDF 77 000 € is spread 135 000 : 57 500 over 2025 and 2026; every amount of
    # the table is whole euros, so ",00" is left out
    assert f"54{NNBSP}000{NBSP}€" in text and f"23{NNBSP}000{NBSP}€" in text
    # the 2026 ERDF frame is an estimate, and the national pool line is there
    assert "arvio" in text
    assert f"72{NNBSP}100{NNBSP}000{NBSP}€" in text  # 7 × 10,3 M€
    overview = response.context["overview"]
    assert overview.idea_count == 1
    assert overview.funded_project_count == 1
    assert {c.status: c.count for c in overview.proposal_counts}[ProposalStatus.FUNDED] == 1
    assert overview.proposal_total == 2
    # and the share of the whole frame used: (77 000 + 38 500) / 6 000 000
    assert overview.frames.total.used_share == Decimal("115500") / Decimal("6000000")


def test_overview__commitment_with_cents__shows_whole_euros_and_says_so(
    signed_in: Client, portfolio: Portfolio
) -> None:
    # given a funded project whose ERDF money does not split into whole euros (100,01 € over 1:1 years)
    project = add_funded_projects(portfolio, 1)[0]
    project.budget_lines.all().delete()
    project.financing_lines.all().delete()
    for year in (2025, 2026):
        project.budget_lines.create(year=year, category="travel", amount=Decimal("10.00"))
    project.financing_lines.create(source="ERDF", amount=Decimal("100.01"))
    # when the overview is shown
    text = text_of(signed_in.get(reverse("home")))
    # then the wide table shows whole euros (rounded half up) and says that it does
    assert f"54{NNBSP}050{NBSP}€" in text and f"23{NNBSP}050{NBSP}€" in text
    assert f"2{NNBSP}000{NNBSP}000{NBSP}€" in text
    assert "pyöristetty täysiin euroihin" in text
    # and the exact amounts are kept for the totals: the odd cent is in the first year's exact figure
    overview = signed_in.get(reverse("home")).context["overview"]
    assert any(c.committed == Decimal("54050.01") for row in overview.frames.rows for c in row.cells)


def test_overview__other_agreement__is_shown_and_remembered(signed_in: Client, portfolio: Portfolio) -> None:
    # given a second agreement with a colour of its own
    other = AgreementFactory(slug="tampere", name_fi="Tampereen ekosysteemisopimus", brand_colour="#ffd700")
    # when it is opened
    response = signed_in.get(reverse("agreement_overview", args=["tampere"]))
    # then it is shown, with its colour and a text colour that contrasts with it
    assert response.context["overview"].agreement == other
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/brand/ffd700.css">' in html
    css = signed_in.get("/brand/ffd700.css").content.decode()
    assert "--salkku-brand:#ffd700;" in css and "--salkku-on-brand:#0b0c0c;" in css
    # and other pages now show it in the header
    assert "Tampereen ekosysteemisopimus" in text_of(signed_in.get(reverse("partners:organisation_list")))


def test_overview__unknown_agreement__is_not_found(signed_in: Client) -> None:
    assert signed_in.get(reverse("agreement_overview", args=["nowhere"])).status_code == 404


def test_overview__no_agreement_yet__says_how_to_load_one(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "salkku agreement load" in text_of(response)


# --- language and formats -------------------------------------------------------------------------


def test_language_switch__to_english__shows_the_page_in_english(
    signed_in: Client, portfolio: Portfolio
) -> None:
    # given the Finnish overview
    finnish = text_of(signed_in.get(reverse("home")))
    assert "Rahoituskehys ja sidotut varat" in finnish
    # when English is chosen in the header
    response = signed_in.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )
    # then the overview is at /en/, in English, with English money formats
    assert response.redirect_chain[-1][0] == "/en/"
    english = text_of(response)
    assert "Money frame and commitments" in english
    assert "Capital region innovation ecosystem agreement" in english
    assert "€54,000" in english
    assert 'lang="en"' in response.content.decode()


def test_language_switch__to_swedish__keeps_the_page_and_its_filters(signed_in: Client) -> None:
    response = signed_in.post(
        reverse("set_language"), {"language": "sv", "next": "/projects/?q=6Aika"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/sv/projects/?q=6Aika"
    assert "Projekt" in text_of(response)


def test_language_switch__form__posts_the_page_in_the_default_language(signed_in: Client) -> None:
    # given the English projects page with a filter; then the switch's `next` is the Finnish address
    html = signed_in.get("/en/projects/?q=6Aika").content.decode()
    assert '<input type="hidden" name="next" value="/projects/?q=6Aika">' in html


@pytest.mark.parametrize(
    ("lang", "amount", "share", "day"),
    [
        ("fi", f"1{NNBSP}234,56{NBSP}€", f"40,0{NBSP}%", "29.11.2026"),
        ("sv", f"1{NNBSP}234,56{NBSP}€", f"40,0{NBSP}%", "29.11.2026"),
        ("en", "€1,234.56", "40.0%", "29 Nov 2026"),
    ],
)
def test_filters__each_language__formats_money_shares_and_dates(
    lang: str, amount: str, share: str, day: str
) -> None:
    import datetime as dt

    with translation.override(lang):
        assert eur(Decimal("1234.56")) == amount
        assert percent(Decimal("0.4")) == share
        assert sdate(dt.date(2026, 11, 29)) == day
        assert eur(None) == "–"


def test_proposal_detail__finnish__shows_dates_money_and_a_valid_plan(
    signed_in: Client, portfolio: Portfolio
) -> None:
    text = text_of(signed_in.get(reverse("pipeline:proposal_detail", args=[portfolio.proposals[0].pk])))
    # the period in Finnish date format, the eligible costs with 15 % indirect costs, the shares
    assert "1.1.2025 – 29.11.2026" in text
    assert f"22{NNBSP}500,00{NBSP}€" in text  # indirect: 15 % of 150 000 €
    assert f"192{NNBSP}500,00{NBSP}€" in text
    assert "Testiyliopisto" in text and "Kiertoratkaisut Oy" in text
    assert f"1{NBSP}234,5 yritystä" in text  # indicator target, its unit in Finnish
    assert "täyttää sopimuksen yhteisrahoitussäännön" in text


def test_proposal_detail__plan_breaks_the_rule__lists_what_to_fix(
    signed_in: Client, portfolio: Portfolio
) -> None:
    # given a proposal whose ERDF is 50 % of eligible costs and own financing 30 %
    proposal = add_proposals(portfolio, 1)[0]
    proposal.budget_lines.all().delete()
    proposal.financing_lines.all().delete()
    add_plan(proposal, lead=portfolio.university, valid=False)
    # when its page is opened in English
    with translation.override("en"):
        url = reverse("pipeline:proposal_detail", args=[proposal.pk])
    text = text_of(signed_in.get(url))
    # then each broken rule is named with its figures
    assert "EU and state financing is 70.0% of eligible costs; at most 60.0% is allowed." in text
    assert "Own financing is 30.0% of eligible costs; at least 40.0% is required." in text
    assert "ERDF is 50.0% of eligible costs; the fund allows at most 40.0%." in text


def test_historical_project__detail__shows_the_eura_figures(signed_in: Client, portfolio: Portfolio) -> None:
    text = text_of(signed_in.get(reverse("projects:project_detail", args=[portfolio.historical[0].pk])))
    assert f"415{NNBSP}351,00{NBSP}€" in text and f"49{NNBSP}342,02{NBSP}€" in text
    assert "1.9.2015 – 30.6.2017" in text


# --- visibility -----------------------------------------------------------------------------------


def test_proposals__applicant_of_another_organisation__sees_none_and_gets_not_found(
    client: Client, portfolio: Portfolio
) -> None:
    # given an applicant of an organisation that is in no consortium
    outsider = UserFactory.applicant(OrganisationFactory(), agreement=portfolio.agreement)
    client.force_login(outsider)
    # then the list is empty and the detail page does not admit the proposal exists
    assert list(client.get(reverse("pipeline:proposal_list")).context["object_list"]) == []
    assert (
        client.get(reverse("pipeline:proposal_detail", args=[portfolio.proposals[0].pk])).status_code == 404
    )
    # and an organisation's page lists no proposal of it either
    response = client.get(reverse("partners:organisation_detail", args=[portfolio.university.pk]))
    assert list(response.context["proposals"]) == []


def test_proposals__applicant_in_the_consortium__sees_their_proposal(
    client: Client, portfolio: Portfolio
) -> None:
    client.force_login(UserFactory.applicant(portfolio.company))
    listed = list(client.get(reverse("pipeline:proposal_list")).context["object_list"])
    assert portfolio.proposals[0] in listed
    assert (
        client.get(reverse("pipeline:proposal_detail", args=[portfolio.proposals[0].pk])).status_code == 200
    )


# --- filters --------------------------------------------------------------------------------------


def test_projects__search_6aika__finds_the_6aika_projects(signed_in: Client, portfolio: Portfolio) -> None:
    add_historical_projects(portfolio, 1, prefix="Kasvuyritysten kiihdyttämö")
    add_historical_projects(portfolio, 1, prefix="6AIKA: Avoimet innovaatioalustat")
    found = list(signed_in.get(reverse("projects:project_list"), {"q": "6Aika"}).context["object_list"])
    assert {p.name for p in found} == {"6Aika: Avoin data 0", "6AIKA: Avoimet innovaatioalustat 2"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "funded"}, {"funded"}),
        ({"kind": "historical"}, {"historical", "esf"}),
        ({"fund": "ESF+"}, {"esf"}),
        ({"q": "A90000"}, {"funded"}),
        ({"q": "Espoon kaupunki"}, {"historical"}),  # the implementer
    ],
)
def test_projects__filters__narrow_the_list(
    signed_in: Client, portfolio: Portfolio, query: dict[str, str], expected: set[str]
) -> None:
    # given a funded, a historical and an ESF+ project
    esf = add_historical_projects(portfolio, 1, prefix="Osaamisen polut")[0]
    esf.fund_code = "ESF+"
    esf.lead = portfolio.university
    esf.save()
    names = {portfolio.funded[0].pk: "funded", portfolio.historical[0].pk: "historical", esf.pk: "esf"}
    # when filtered
    found = signed_in.get(reverse("projects:project_list"), query).context["object_list"]
    # then only the matching ones are listed
    assert {names[p.pk] for p in found} == expected


def test_projects__theme_and_authority_filters__narrow_the_list(
    signed_in: Client, portfolio: Portfolio
) -> None:
    url = reverse("projects:project_list")
    by_theme = signed_in.get(url, {"theme": portfolio.themes["T1"].pk}).context["object_list"]
    assert list(by_theme) == portfolio.funded
    other_authority = OrganisationFactory(name="Etelä-Savon ELY-keskus", kind=OrganisationKind.AUTHORITY)
    add_historical_projects(portfolio, 1, prefix="Metsäbiotalous")[0].__class__.objects.filter(
        name__startswith="Metsäbiotalous"
    ).update(funding_authority=other_authority)
    found = signed_in.get(url, {"authority": other_authority.pk}).context["object_list"]
    assert [p.name for p in found] == ["Metsäbiotalous 1"]


def test_projects__invalid_filter_value__is_reported_and_ignored(
    signed_in: Client, portfolio: Portfolio
) -> None:
    response = signed_in.get(reverse("projects:project_list"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()
    assert len(response.context["object_list"]) == 2


def test_proposals__status_theme_and_search__narrow_the_list(signed_in: Client, portfolio: Portfolio) -> None:
    returned = add_proposals(portfolio, 1, status=ProposalStatus.RETURNED)[0]
    url = reverse("pipeline:proposal_list")
    assert list(signed_in.get(url, {"status": "returned"}).context["object_list"]) == [returned]
    assert list(signed_in.get(url, {"q": "KIERTO0"}).context["object_list"]) == [portfolio.proposals[0]]
    assert list(signed_in.get(url, {"theme": portfolio.themes["K"].pk}).context["object_list"]) == []


def test_organisations__kind_size_and_search__narrow_the_list(
    signed_in: Client, portfolio: Portfolio
) -> None:
    url = reverse("partners:organisation_list")
    cities = signed_in.get(url, {"kind": "city"}).context["object_list"]
    assert {o.name for o in cities} == {"Helsingin kaupunki", "Espoon kaupunki"}
    smes = signed_in.get(url, {"size": "sme"}).context["object_list"]
    assert {o.name for o in smes} == {"Kiertoratkaisut Oy"}
    no_size = signed_in.get(url, {"size": "na", "kind": "authority"}).context["object_list"]
    assert {o.name for o in no_size} == {"Uudenmaan liitto"}
    by_id = signed_in.get(url, {"q": portfolio.company.business_id}).context["object_list"]
    assert list(by_id) == [portfolio.company]


def test_list__htmx_request__returns_only_the_results(signed_in: Client, portfolio: Portfolio) -> None:
    # when htmx asks for the filtered list
    response = signed_in.get(reverse("projects:project_list"), {"q": "6Aika"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    # then only the results and the out-of-band result count come back, and caches keep them apart
    assert "<html" not in html and "<table" in html
    assert 'id="results-status" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]
    # and a history restore gets the whole page
    full = signed_in.get(
        reverse("projects:project_list"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in full.content.decode()


def test_list__pagination__keeps_the_filters(signed_in: Client, portfolio: Portfolio) -> None:
    add_historical_projects(portfolio, 60)
    response = signed_in.get(reverse("projects:project_list"), {"kind": "historical"})
    html = response.content.decode()
    assert response.context["paginator"].count == 61
    assert 'href="/projects/?kind=historical&amp;page=2"' in html


# --- query counts ---------------------------------------------------------------------------------

LIST_QUERIES = {
    # Each: the session, the user, the user's roles (loaded once per request for the access checks and the
    # menu), the page count, the page's rows, the agreement in the header; then
    "partners:organisation_list": 6,
    # + the theme choices, whether themes span agreements, the lead partners
    "pipeline:proposal_list": 9,
    # + the fund choices (funds, distinct fund codes), the theme and funding-authority choices, the span check
    "projects:project_list": 11,
}


def _grow(portfolio: Portfolio, count: int) -> None:
    for n in range(count):
        OrganisationFactory(name=f"Lisäyritys {n} Oy")
    add_proposals(portfolio, count)
    add_historical_projects(portfolio, count)


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
@pytest.mark.parametrize("rows", [1, 30])
def test_list_pages__1_or_30_rows__run_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries, name: str, rows: int
) -> None:
    # given a portfolio with 1 or 30 more rows of each kind
    portfolio = build_portfolio()
    _grow(portfolio, rows)
    client.force_login(portfolio.coordinator)
    # when the list page is rendered, then the number of queries does not depend on the rows
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(name))
    assert len(response.context["object_list"]) > rows


def test_overview__more_projects__runs_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries
) -> None:
    portfolio = build_portfolio()
    client.force_login(portfolio.coordinator)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(reverse("home"))
    add_funded_projects(portfolio, 20)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(reverse("home"))


# session, user, the agreement, parties, themes (+ sub-topics, eligible funds), funds, frames, funded projects
# (+ budget and financing lines), national pool, proposals by status, ideas, funded count, all agreements
OVERVIEW_QUERIES = 18  # includes the user's roles, loaded once per request


# --- theming --------------------------------------------------------------------------------------


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_brand_palette__any_colour__text_and_accent_meet_wcag_aa(colour: str) -> None:
    palette = brand_palette(colour)
    assert contrast_ratio(palette["--salkku-brand"], palette["--salkku-on-brand"]) >= 4.5
    assert contrast_ratio(palette["--salkku-accent"], "#f3f2f1") >= 4.5


@pytest.mark.parametrize("colour", ["red", "#12345", "#0f5e9c;}body{display:none", "", None])
def test_brand_palette__not_a_hex_colour__falls_back_to_the_default(colour: str | None) -> None:
    assert brand_palette(colour)["--salkku-brand"] == "#0f5e9c"


def test_overview__capital_region_fixture__renders(client: Client) -> None:
    # given the capital region loaded from its fixture, as an operator would
    from audit.services import Actor
    from programme.services import agreement_load

    agreement_load(slug="capital-region", actor=Actor(label="test"))
    client.force_login(UserFactory.with_role(Role.MINISTRY))
    # when the overview is opened
    response = client.get(reverse("home"))
    text = text_of(response)
    # then the memo's agreement, its five themes and the estimated frames are shown
    assert response.status_code == 200
    assert "Pääkaupunkiseudun ekosysteemisopimus" in text
    for code in ("K ·", "T1 ·", "T2 ·", "T3 ·", "T4 ·"):
        assert code in text
    assert "ESR+" in text and "arvio" in text


def test_historical_project__status__in_the_readers_language_with_the_eura_text_on_its_page() -> None:
    # given a historical EURA project whose register status is "running" and whose EURA text is Finnish
    portfolio = build_portfolio(proposals=0, funded=0, historical=1)
    project = portfolio.historical[0]
    project.status, project.eura_status = "active", "Käynnissä"
    project.save(update_fields=["status", "eura_status"])
    client = Client()
    client.force_login(portfolio.coordinator)
    # when the project list and the project's page are opened in Swedish
    listing = client.get("/sv" + reverse("projects:project_list"), HTTP_ACCEPT_LANGUAGE="sv")
    with translation.override("sv"):
        detail_url = reverse("projects:project_detail", args=[project.pk])
    detail = client.get(detail_url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    # then the list reads the Swedish status, not EURA's Finnish text, and the page gives both
    text = listing.content.decode()
    assert "Pågående" in text and "Käynnissä" not in text
    assert "Pågående" in detail and '(EURA: <span lang="fi">Käynnissä</span>)' in detail
