"""A small, complete portfolio for page tests: an agreement with frames and themes, proposals with money
plans, funded and historical projects. Built with the factories; every figure is chosen so that the
tests can check it by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import User
from partners.models import Organisation
from pipeline.models import (
    BudgetLine,
    FinancingLine,
    Idea,
    IndicatorTarget,
    PartnerRole,
    Proposal,
    ProposalPartner,
    ProposalStatus,
)
from programme.models import (
    Agreement,
    AgreementParty,
    AnnualFrame,
    Fund,
    Indicator,
    NationalFrame,
    PartyRole,
    SubTopic,
    Theme,
)
from projects.models import Project, ProjectSource, ProjectStatus
from tests.factories import (
    AgreementFactory,
    FundFactory,
    OrganisationFactory,
    ProgrammePeriodFactory,
    ThemeFactory,
    UserFactory,
)

D = Decimal


@dataclass
class Portfolio:
    agreement: Agreement
    themes: dict[str, Theme]
    funds: dict[str, Fund]
    authority: Organisation
    cities: list[Organisation]
    university: Organisation
    company: Organisation
    coordinator: User
    proposals: list[Proposal] = field(default_factory=list)
    funded: list[Project] = field(default_factory=list)
    historical: list[Project] = field(default_factory=list)


def build_agreement(*, slug: str = "capital-region", brand_colour: str = "#0f5e9c") -> Portfolio:
    """An agreement with three cities, a funding authority, ERDF/STATE/ESF+ frames 2025–2026 (ERDF 2026 is
    an estimate), two themes with sub-topics, the national pool and a coordinator."""
    period = ProgrammePeriodFactory()
    funds = {
        "ERDF": FundFactory(code="ERDF", max_share=D("0.40"), order=1),
        "ESF+": FundFactory(
            code="ESF+",
            name_fi="Euroopan sosiaalirahasto plus",
            name_en="European Social Fund Plus",
            max_share=D("0.40"),
            order=2,
        ),
        "STATE": FundFactory(
            code="STATE",
            name_fi="Valtion rahoitus",
            name_en="State co-funding",
            is_eu=False,
            max_share=D("0.60"),
            order=4,
        ),
    }
    authority = OrganisationFactory(name="Uudenmaan liitto", kind="authority", size="", business_id="")
    agreement = AgreementFactory(
        slug=slug,
        name_fi="Pääkaupunkiseudun ekosysteemisopimus",
        name_sv="Huvudstadsregionens ekosystemavtal",
        name_en="Capital region innovation ecosystem agreement",
        region_fi="Pääkaupunkiseutu",
        period=period,
        funding_authority=authority,
        brand_colour=brand_colour,
    )
    cities = [OrganisationFactory(city=True, name=name) for name in ("Helsingin kaupunki", "Espoon kaupunki")]
    for city in cities:
        AgreementParty.objects.create(agreement=agreement, organisation=city, role=PartyRole.CITY)
    themes = {
        "K": ThemeFactory(
            agreement=agreement,
            code="K",
            kind="coordination",
            name_fi="Koordinaatiohanke",
            name_en="Coordination project",
            order=0,
        ),
        "T1": ThemeFactory(
            agreement=agreement,
            code="T1",
            name_fi="Älykkäät ja kestävät kaupunkiratkaisut",
            name_en="Smart and sustainable city solutions",
            order=1,
        ),
    }
    for theme in themes.values():
        theme.eligible_funds.set([funds["ERDF"], funds["STATE"]])
    SubTopic.objects.create(
        theme=themes["T1"], name_fi="Kiertotalouden ratkaisut", name_en="Circular economy solutions"
    )
    for year in (2025, 2026):
        AnnualFrame.objects.create(
            agreement=agreement,
            fund=funds["ERDF"],
            year=year,
            amount=D("2000000.00"),
            is_estimate=year == 2026,
        )
        AnnualFrame.objects.create(
            agreement=agreement, fund=funds["STATE"], year=year, amount=D("1000000.00")
        )
    for year in period.years:
        NationalFrame.objects.create(period=period, year=year, amount=D("10300000.00"), is_estimate=True)
    return Portfolio(
        agreement=agreement,
        themes=themes,
        funds=funds,
        authority=authority,
        cities=cities,
        university=OrganisationFactory(university=True, name="Testiyliopisto"),
        company=OrganisationFactory(name="Kiertoratkaisut Oy"),
        coordinator=UserFactory.coordinator(
            agreement, username="koordinaattori", first_name="Kaisa", last_name="Koordinaattori"
        ),
    )


def add_plan(owner: Proposal | Project, *, lead: Organisation, valid: bool = True) -> None:
    """Budget 2025–2026 (personnel 100 000 + 50 000, services 20 000): eligible costs 192 500,00 €
    with 15 % indirect costs; financing ERDF 40 %, STATE 20 %, own 40 % (or ERDF 50 % when not valid)."""
    key = "proposal" if isinstance(owner, Proposal) else "project"
    for year, category, amount in (
        (2025, "personnel", "100000.00"),
        (2025, "services", "20000.00"),
        (2026, "personnel", "50000.00"),
    ):
        BudgetLine.objects.create(**{key: owner}, year=year, category=category, amount=D(amount))
    erdf = D("77000.00") if valid else D("96250.00")
    own = D("77000.00") if valid else D("57750.00")
    FinancingLine.objects.create(**{key: owner}, source="ERDF", amount=erdf)
    FinancingLine.objects.create(**{key: owner}, source="STATE", amount=D("38500.00"))
    FinancingLine.objects.create(**{key: owner}, source="OWN", organisation=lead, amount=own)


def add_proposals(
    portfolio: Portfolio, count: int, *, status: str = ProposalStatus.SUBMITTED
) -> list[Proposal]:
    indicator, _ = Indicator.objects.get_or_create(
        code="RCO01",
        agreement=None,
        defaults={
            "kind": "output",
            "name_en": "Enterprises supported",
            "name_fi": "Tuetut yritykset",
            "unit": "enterprises",
        },
    )
    made = []
    start = len(portfolio.proposals)
    for n in range(start, start + count):
        proposal = Proposal.objects.create(
            agreement=portfolio.agreement,
            theme=portfolio.themes["T1"],
            title=f"Kiertotalouden kokeilualusta {n}",
            acronym=f"KIERTO{n}",
            summary="Kaupungit tarjoavat kokeiluympäristön kiertotalouden ratkaisuille.",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2026, 11, 29),
            status=status,
            submitted_at=dt.datetime(2024, 11, 29, 12, tzinfo=dt.UTC),
        )
        ProposalPartner.objects.create(
            proposal=proposal, organisation=portfolio.university, role=PartnerRole.LEAD
        )
        ProposalPartner.objects.create(
            proposal=proposal, organisation=portfolio.company, role=PartnerRole.PARTNER
        )
        add_plan(proposal, lead=portfolio.university)
        IndicatorTarget.objects.create(proposal=proposal, indicator=indicator, target=D("1234.50"))
        made.append(proposal)
    portfolio.proposals.extend(made)
    return made


def add_funded_projects(portfolio: Portfolio, count: int) -> list[Project]:
    made = []
    start = len(portfolio.funded)
    for n in range(start, start + count):
        project = Project.objects.create(
            code=f"A9{n:04d}",
            agreement=portfolio.agreement,
            name=f"Älykäs katuvalaistus {n}",
            lead=portfolio.cities[0],
            theme=portfolio.themes["T1"],
            funding_authority=portfolio.authority,
            fund_code="ERDF",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2026, 12, 31),
            status=ProjectStatus.ACTIVE,
        )
        add_plan(project, lead=portfolio.cities[0])
        project.proposal = Proposal.objects.create(
            agreement=portfolio.agreement,
            theme=portfolio.themes["T1"],
            title=project.name,
            summary="Rahoitettu.",
            start_date=project.start_date,
            end_date=project.end_date,
            status=ProposalStatus.FUNDED,
        )
        project.save(update_fields=["proposal"])
        made.append(project)
    portfolio.funded.extend(made)
    return made


def add_historical_projects(
    portfolio: Portfolio, count: int, *, prefix: str = "6Aika: Avoin data"
) -> list[Project]:
    made = []
    start = len(portfolio.historical)
    for n in range(start, start + count):
        made.append(
            Project.objects.create(
                code=f"A7{n:04d}",
                name=f"{prefix} {n}",
                lead=portfolio.cities[1],
                funding_authority=portfolio.authority,
                fund_code="ERDF",
                start_date=dt.date(2015, 9, 1),
                end_date=dt.date(2017, 6, 30),
                is_historical=True,
                source=ProjectSource.EURA2014,
                eura_status="Toiminnassa",
                eura_granted_eu_state=D("415351.00"),
                eura_paid_eu_state=D("49342.02"),
                eura_planned_public=D("824620.00"),
                eura_paid_public=D("69906.63"),
            )
        )
    portfolio.historical.extend(made)
    return made


def build_portfolio(*, proposals: int = 1, funded: int = 1, historical: int = 1) -> Portfolio:
    portfolio = build_agreement()
    Idea.objects.create(
        agreement=portfolio.agreement,
        organisation=portfolio.company,
        theme=portfolio.themes["T1"],
        title="Kierrätysbetoni",
        summary="Idea",
        submitted_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
    )
    add_proposals(portfolio, proposals)
    add_funded_projects(portfolio, funded)
    add_historical_projects(portfolio, historical)
    return portfolio
