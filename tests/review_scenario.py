"""The issue's scenario from review on: an agreement with two cities, a call with weighted criteria, a
submitted proposal (lead: the university, partner: a company), and a user for every role involved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Role, User
from pipeline.models import Call, CallStatus, Proposal, ProposalStatus
from review.models import Criterion
from tests.factories import UserFactory
from tests.pages_data import Portfolio, add_proposals, build_agreement

NO_PASSWORD = "!"  # an unusable password: tests sign in with force_login, and hashing is slow

CRITERIA = (
    ("TKI-vaikuttavuus", "3"),
    ("Liiketoimintapotentiaali", "2"),
    ("Kaupunkien käyttöönotto", "2"),
    ("Hiilineutraalius", "1"),
    ("Kansainväliset yhteydet", "1"),
    ("Toteutettavuus", "1"),
)


@dataclass
class Scenario:
    p: Portfolio
    call: Call
    criteria: list[Criterion]
    proposal: Proposal
    reviewer: User
    reviewer_from_lead: User
    sg_helsinki: User
    sg_espoo: User
    officer: User
    applicant: User
    outsider: User

    @property
    def coordinator(self) -> User:
        return self.p.coordinator


def build_scenario(*, proposals: int = 1, status: str = ProposalStatus.SUBMITTED) -> Scenario:
    p = build_agreement()
    call = Call.objects.create(
        agreement=p.agreement,
        title="Kiertotalouden kokeilut 2025",
        opens_on=dt.date(2024, 9, 1),
        closes_on=dt.date(2024, 11, 30),
        status=CallStatus.CLOSED,
    )
    criteria = [
        Criterion.objects.create(call=call, name=name, weight=Decimal(weight), order=n)
        for n, (name, weight) in enumerate(CRITERIA)
    ]
    add_proposals(p, proposals, status=status)
    Proposal.objects.filter(pk__in=[x.pk for x in p.proposals]).update(call=call)
    for x in p.proposals:
        x.refresh_from_db()
    a = p.agreement
    helsinki, espoo = p.cities
    return Scenario(
        p=p,
        call=call,
        criteria=criteria,
        proposal=p.proposals[0],
        reviewer=UserFactory.with_role(
            Role.REVIEWER, agreement=a, username="arvioija-1", first_name="Arttu", password=NO_PASSWORD
        ),
        reviewer_from_lead=UserFactory.with_role(
            Role.REVIEWER,
            agreement=a,
            organisation=p.university,
            username="arvioija-yliopisto",
            password=NO_PASSWORD,
        ),
        sg_helsinki=UserFactory.with_role(
            Role.STEERING_GROUP, agreement=a, organisation=helsinki, username="jr-hki", password=NO_PASSWORD
        ),
        sg_espoo=UserFactory.with_role(
            Role.STEERING_GROUP, agreement=a, organisation=espoo, username="jr-espoo", password=NO_PASSWORD
        ),
        officer=UserFactory.with_role(
            Role.FUNDING_AUTHORITY,
            agreement=a,
            organisation=p.authority,
            username="rahoittaja",
            password=NO_PASSWORD,
        ),
        applicant=UserFactory.applicant(p.university, agreement=a, username="hakija", password=NO_PASSWORD),
        outsider=UserFactory(username="ulkopuolinen", password=NO_PASSWORD),
    )


def all_scores(scenario: Scenario, value: int = 4, comment: str = "Hyvä") -> dict:
    from review.services import ScoreIn

    return {c.pk: ScoreIn(value, comment) for c in scenario.criteria}
