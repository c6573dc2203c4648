"""A small world for the pipeline tests: the capital-region agreement of pages_data with a third city,
an ESF+-eligible theme, users of every role, an open call and helpers that build a valid proposal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from partners.models import Organisation
from pipeline import services
from pipeline.models import Call, Idea, Proposal
from pipeline.services import PartnerIn
from programme.models import AgreementParty, Indicator, PartyRole, Theme
from tests.factories import OrganisationFactory, ThemeFactory, UserFactory
from tests.pages_data import Portfolio, build_agreement

D = Decimal


@dataclass
class World:
    p: Portfolio
    city: Organisation
    applicant: User  # acts for the university (the lead)
    company_applicant: User
    outsider: User  # an applicant of an organisation outside the consortium
    steering: User
    reviewer: User
    authority: User
    esf_theme: Theme
    indicator: Indicator
    call: Call

    @property
    def agreement(self):
        return self.p.agreement

    @property
    def coordinator(self) -> User:
        return self.p.coordinator


def build_world() -> World:
    p = build_agreement()
    city = p.cities[0]
    esf = ThemeFactory(
        agreement=p.agreement, code="T3", name_fi="Oppimisympäristöt", name_en="Learning", order=3
    )
    esf.eligible_funds.set([p.funds["ERDF"], p.funds["ESF+"], p.funds["STATE"]])
    assert AgreementParty.objects.filter(organisation=city, role=PartyRole.CITY).exists()
    indicator, _ = Indicator.objects.get_or_create(
        code="RCO01",
        agreement=None,
        defaults={"kind": "output", "name_en": "Enterprises supported", "unit": "enterprises"},
    )
    today = timezone.localdate()
    call = services.call_create(
        agreement=p.agreement,
        title="Kiertotalouden ideahaku",
        themes=[p.themes["T1"], esf],
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        instructions="Kuvaa idea lyhyesti.",
        actor=p.coordinator,
    )
    call = services.call_transition(call=call, to_status="open", actor=p.coordinator)
    return World(
        p=p,
        city=city,
        applicant=UserFactory.applicant(p.university, p.agreement, username="hakija"),
        company_applicant=UserFactory.applicant(p.company, p.agreement, username="yrittaja"),
        outsider=UserFactory.applicant(
            OrganisationFactory(name="Ulkopuolinen Oy"), p.agreement, username="ulkopuolinen"
        ),
        steering=UserFactory.with_role(
            Role.STEERING_GROUP, agreement=p.agreement, organisation=city, username="johtoryhma"
        ),
        reviewer=UserFactory.with_role(Role.REVIEWER, agreement=p.agreement, username="arvioija"),
        authority=UserFactory.with_role(Role.FUNDING_AUTHORITY, agreement=p.agreement, username="rahoittaja"),
        esf_theme=esf,
        indicator=indicator,
        call=call,
    )


def submit_idea(w: World, *, title: str = "Kierrätysbetonin kokeilu") -> Idea:
    return services.idea_submit(
        call=w.call,
        organisation=w.p.university,
        theme=w.p.themes["T1"],
        title=title,
        summary="Kaupunkien työmaat kokeilevat kierrätysbetonia.",
        actor=w.applicant,
    )


# Budget 2026–2027: personnel 100 000 + 50 000, services 20 000; 15 % indirect costs on personnel:
# eligible costs 192 500,00 €. Financing: ERDF 40 % (77 000), STATE 20 % (38 500), own 40 % (77 000)
# shared by the three parties.
BUDGET = [(2026, "personnel", "100000.00"), (2026, "services", "20000.00"), (2027, "personnel", "50000.00")]
ELIGIBLE = D("192500.00")


def financing(w: World, *, own_university: str = "40000.00", erdf_source: str = "ERDF") -> list:
    return [
        (erdf_source, None, "77000.00"),
        ("STATE", None, "38500.00"),
        ("OWN", w.p.university, own_university),
        ("OWN", w.p.company, "20000.00"),
        ("CITY", w.city, "17000.00"),
    ]


def fill_valid(w: World, proposal: Proposal) -> Proposal:
    """Make the draft complete and valid: three-party consortium, budget, financing, a target."""
    services.proposal_update(
        proposal=proposal,
        actor=w.applicant,
        changes={
            "objectives": "Kierrätysbetonin käyttö kaksinkertaistuu.",
            "start_date": dt.date(2026, 1, 1),
            "end_date": dt.date(2027, 12, 31),
            "adopting_cities": [w.city],
        },
    )
    services.proposal_set_partners(
        proposal=proposal,
        partners=[
            PartnerIn(w.p.university, "lead", "Koordinointi"),
            PartnerIn(w.p.company, "partner", "Betonin valmistus"),
            PartnerIn(w.city, "partner", "Työmaat"),
        ],
        actor=w.applicant,
    )
    services.proposal_set_budget(proposal=proposal, lines=BUDGET, actor=w.applicant)
    services.proposal_set_financing(proposal=proposal, lines=financing(w), actor=w.applicant)
    services.proposal_set_targets(proposal=proposal, targets=[(w.indicator, "12")], actor=w.applicant)
    return proposal


def invited_draft(w: World) -> Proposal:
    idea = submit_idea(w)
    services.idea_invite(idea=idea, actor=w.coordinator)
    return services.proposal_create_from_idea(idea=idea, actor=w.applicant)
