"""A small world for the overlap tests: an agreement with near-duplicate proposals, a funded project and a
historical EURA project of the same kind, an unrelated proposal, and users of each role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import Role, User
from overlaps import engine, services
from overlaps.models import OverlapCluster
from overlaps.texts import key_of
from pipeline.models import BudgetLine, FinancingLine, PartnerRole, Proposal, ProposalPartner, ProposalStatus
from projects.models import Project, ProjectSource, ProjectStatus
from tests.factories import UserFactory
from tests.pages_data import Portfolio, build_agreement

D = Decimal

TEXT_A = (
    "Energiatehokkuuden parantaminen kerrostaloissa digitaalisella seurannalla",
    "Hankkeessa kehitetään kerrostalojen energiatehokkuutta parantava digitaalinen seurantapalvelu, joka "
    "kerää asuntojen lämpötila- ja kulutustiedot ja ohjaa lämmitystä. Palvelua kokeillaan "
    "kaupunkien vuokrataloissa.",
)
TEXT_B = (
    "Kerrostalojen energiatehokkuus paremmaksi digitaalisen seurannan avulla",
    "Kehitämme digitaalisen seurantapalvelun, joka parantaa kerrostalojen energiatehokkuutta keräämällä "
    "asuntojen lämpötilatiedot ja kulutustiedot sekä ohjaamalla lämmitystä. Kokeilut tehdään kaupungin "
    "vuokrataloissa.",
)
TEXT_C = (
    "Digitaalinen seurantapalvelu kerrostalojen energiatehokkuuteen",
    "Kerrostalojen energiatehokkuutta parannetaan digitaalisella seurantapalvelulla, joka kerää "
    "lämpötila- ja kulutustiedot asunnoista ja ohjaa lämmitystä vuokrataloissa.",
)
TEXT_H = (
    "Energiatehokkaat kerrostalot: digitaalinen seuranta",
    "Kerrostalojen energiatehokkuuden parantaminen digitaalisella seurannalla ja lämmityksen ohjauksella.",
)
TEXT_U = (
    "Nuorten työllisyyspolut kulttuurialalla",
    "Tuetaan nuorten pääsyä kulttuurialan töihin mentoroinnin ja harjoittelujaksojen avulla.",
)


@dataclass
class OverlapWorld:
    p: Portfolio
    a: Proposal  # submitted; the university leads
    b: Proposal  # the company's draft: near-duplicate of a
    c: Project  # funded here, led by the university, at the same time as a
    h: Project  # historical EURA project
    u: Proposal  # unrelated
    coordinator: User
    steering: User
    university_applicant: User
    company_applicant: User
    ministry: User

    @property
    def agreement(self):
        return self.p.agreement


def _proposal(p: Portfolio, text: tuple[str, str], lead, status: str, title_suffix: str = "") -> Proposal:
    proposal = Proposal.objects.create(
        agreement=p.agreement,
        theme=p.themes["T1"],
        title=text[0] + title_suffix,
        summary=text[1],
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 12, 31),
        status=status,
    )
    ProposalPartner.objects.create(proposal=proposal, organisation=lead, role=PartnerRole.LEAD)
    return proposal


def build_overlap_world() -> OverlapWorld:
    p = build_agreement()
    a = _proposal(p, TEXT_A, p.university, ProposalStatus.SUBMITTED)
    b = _proposal(p, TEXT_B, p.company, ProposalStatus.DRAFT)
    u = _proposal(p, TEXT_U, p.company, ProposalStatus.SUBMITTED)
    c = Project.objects.create(
        code="A90001",
        agreement=p.agreement,
        name=TEXT_C[0],
        summary=TEXT_C[1],
        lead=p.university,
        theme=p.themes["T1"],
        funding_authority=p.authority,
        fund_code="ERDF",
        start_date=dt.date(2025, 6, 1),
        end_date=dt.date(2027, 5, 31),
        status=ProjectStatus.ACTIVE,
    )
    h = Project.objects.create(
        code="A70001",
        name=TEXT_H[0],
        summary=TEXT_H[1],
        lead=p.cities[1],
        funding_authority=p.authority,
        start_date=dt.date(2016, 1, 1),
        end_date=dt.date(2018, 12, 31),
        is_historical=True,
        source=ProjectSource.EURA2014,
    )
    # The same equipment, to the euro, in the proposal's and the funded project's budgets.
    BudgetLine.objects.create(proposal=a, year=2026, category="equipment", amount=D("48500.00"))
    BudgetLine.objects.create(project=c, year=2026, category="equipment", amount=D("48500.00"))
    FinancingLine.objects.create(project=c, source="ERDF", amount=D("400000.00"))
    return OverlapWorld(
        p=p,
        a=a,
        b=b,
        c=c,
        h=h,
        u=u,
        coordinator=p.coordinator,
        steering=UserFactory.with_role(Role.STEERING_GROUP, agreement=p.agreement, username="ohjaus"),
        university_applicant=UserFactory.applicant(p.university, p.agreement, username="yliopisto"),
        company_applicant=UserFactory.applicant(p.company, p.agreement, username="yritys"),
        ministry=UserFactory.with_role(Role.MINISTRY, username="ministerio"),
    )


# --- what the overlap tests share (import the fixtures into a test module to use them) ----------------


@pytest.fixture(autouse=True)
def fresh_index() -> None:
    """Every test starts without the process's cached similarity index."""
    engine.forget()


@pytest.fixture
def w() -> OverlapWorld:
    """The world, with its similarity index built."""
    world = build_overlap_world()
    services.rebuild()
    return world


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cluster_of(w: OverlapWorld) -> OverlapCluster:
    """The cluster of the world's near-duplicate proposals."""
    return next(c for c in OverlapCluster.objects.filter(agreements=w.agreement) if key_of(w.a) in c.members)
