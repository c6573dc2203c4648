"""The demo's test-environment periods (with gaps to see on the timeline) and adopted solutions.

The catalogue gives each test environment one start date; here each gets its availability periods and is
published, a few get breaks, one is retired, and a few solutions of the funded demo projects are adopted
by the cities (each a reference of the project's lead or a company of its consortium). Everything made
is returned by model label, for the demo dataset's record (and so for ``--reset``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from ecosystem.models import Adoption, AdoptionRole
from partners.models import AvailabilityPeriod, OrganisationKind, TestEnvironment
from programme.models import Agreement, AgreementParty, PartyRole
from projects.models import Project

D = dt.date

# Breaks in availability (name -> periods) that leave visible gaps on the timeline: a renovation, a
# season, an environment that closed.
PERIODS: dict[str, tuple[tuple[dt.date, dt.date | None], ...]] = {
    # Helsinki's environments on T1 all pause in the first half of 2024 (a gap on the timeline); 2021 has one.
    "Jätkäsaaren liikkumisen kokeilualue": ((D(2022, 1, 1), D(2023, 6, 30)), (D(2024, 7, 1), None)),
    "Kalasataman kokeilualusta": ((D(2021, 1, 1), D(2023, 12, 31)), (D(2025, 1, 1), None)),
    "Viikin kaupunkiviljelyn tutkimusalusta": ((D(2022, 3, 1), D(2023, 12, 31)), (D(2024, 9, 1), None)),
    "Avoimen datan ja kaupunkisensoreiden alusta": ((D(2021, 1, 1), D(2023, 12, 31)), (D(2024, 5, 1), None)),
    "Kera-alueen kiertotalouskokeilut": ((D(2022, 1, 1), D(2024, 12, 31)),),
}
RETIRED = {"Kera-alueen kiertotalouskokeilut": D(2025, 1, 1)}

ADOPTIONS = (
    ("Kaupunkiympäristön toimiala", AdoptionRole.PILOT, "Kokeilusopimus ja pilotin loppuraportti"),
    ("Kasvatuksen ja koulutuksen toimiala", AdoptionRole.PURCHASE, "Hankintapäätös ja hankintasopimus"),
    (
        "Tekninen ja ympäristötoimi",
        AdoptionRole.SCALE_UP,
        "Lautakunnan päätös laajentaa käyttö koko kaupunkiin",
    ),
    ("Sosiaali-, terveys- ja pelastustoimiala", AdoptionRole.PILOT, "Pilotointisopimus"),
)


def periods_and_publication(environments: Iterable[TestEnvironment], starts: dict[str, dt.date]) -> list[int]:
    """Give each demo environment its periods (by default from its catalogue start, open-ended) and publish it."""
    made = []
    for env in environments:
        spans = PERIODS.get(env.name) or ((starts[env.name], None),)
        for start, end in spans:
            made.append(AvailabilityPeriod.objects.create(environment=env, starts_on=start, ends_on=end).pk)
        env.is_published = True
        env.retired_on = RETIRED.get(env.name)
        env.save(update_fields=["is_published", "retired_on"])
    return made


def adoptions_create(agreement: Agreement, today: dt.date) -> list[int]:
    """A few adoptions of the funded demo projects' solutions by the agreement's cities."""
    cities = [
        p.organisation
        for p in AgreementParty.objects.filter(agreement=agreement, role=PartyRole.CITY)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    projects = list(
        Project.objects.funded()
        .filter(agreement=agreement, start_date__lt=today - dt.timedelta(days=200))
        .select_related("lead")
        .order_by("start_date", "pk")[: len(ADOPTIONS)]
    )
    made = []
    for n, (project, (unit, role, evidence)) in enumerate(zip(projects, ADOPTIONS, strict=False)):
        if not cities:
            break
        company = (
            project.proposal.partners.filter(Q(organisation__kind=OrganisationKind.COMPANY))
            .select_related("organisation")
            .first()
            if project.proposal is not None
            else None
        )
        provider = company.organisation if company else project.lead
        assert project.start_date is not None
        adopted_on = min(project.start_date + dt.timedelta(days=180 + 30 * n), today)
        made.append(
            Adoption.objects.create(
                project=project,
                city=cities[n % len(cities)],
                unit=unit,
                provider=provider,
                solution=f"{project.name[:200]}: toimintamalli",
                role=role,
                adopted_on=adopted_on,
                evidence=evidence,
            ).pk
        )
    return made
