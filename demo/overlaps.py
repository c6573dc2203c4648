"""A double-funding case planted in the demo portfolio, beside the catalogue's near-duplicate ideas and
proposals, so that a visitor sees the overlap checks work:

- a project in the public EURA 2021 list, led by the same organisation as one of the demo's submitted
  proposals, running at the same time, whose summary is the proposal's own text lightly edited (sentences
  reordered, one left out, one added): the usual shape of a project funded twice;
- one of that organisation's contact people named on the personnel lines of the proposal and of another
  concurrent budget of the organisation, at shares of working time that add up to more than 100 %.

Everything is derived from the seeded demo data, so it is as deterministic as the rest of the demo, and
everything created is recorded in the demo dataset so that ``demo-data --reset`` removes it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db.models import Q

from partners.models import OrganisationKind, Person
from pipeline.models import BudgetLine, CostCategory, PartnerRole, Proposal, ProposalStatus
from programme.models import Agreement
from projects.models import Project, ProjectSource, ProjectStatus

EURA_CODE = "S20999"
_LIVE = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.PRESENTED)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def edited_copy(title: str, summary: str) -> tuple[str, str]:
    """The title and summary as a second application of the same work would carry them."""
    sentences = _sentences(summary)
    if len(sentences) >= 3:
        sentences = [sentences[1], sentences[0], *sentences[3:], sentences[2]]
        del sentences[-1]
    sentences.append("Hanke toteutetaan yhteistyössä alueen kaupunkien kanssa.")
    return f"{title} – jatkokehitys", " ".join(sentences)


def _candidate(agreement: Agreement) -> Proposal | None:
    """A live proposal whose lead is a university, research institute or company with a business ID."""
    kinds = (
        OrganisationKind.UNIVERSITY,
        OrganisationKind.UAS,
        OrganisationKind.RESEARCH_INSTITUTE,
        OrganisationKind.COMPANY,
    )
    proposals = (
        Proposal.objects.filter(agreement=agreement, status__in=_LIVE)
        .filter(
            partners__role=PartnerRole.LEAD,
            partners__organisation__kind__in=kinds,
        )
        .exclude(partners__role=PartnerRole.LEAD, partners__organisation__business_id="")
        .filter(budget_lines__category=CostCategory.PERSONNEL)
        .distinct()
        .order_by("pk")
    )
    return proposals.first()


def plant_double_funding(agreement: Agreement, created: dict[str, list[int]]) -> str:
    """Plant the case; returns the title of the proposal it is about ("" when the demo has none to use)."""
    proposal = _candidate(agreement)
    if proposal is None or Project.objects.filter(code=EURA_CODE).exists():
        return ""
    lead = proposal.partners.get(role=PartnerRole.LEAD).organisation
    name, summary = edited_copy(proposal.title, proposal.summary)
    start = proposal.start_date - dt.timedelta(days=180)
    project = Project.objects.create(
        code=EURA_CODE,
        name=name,
        summary=summary,
        lead=lead,
        funding_authority=agreement.funding_authority,
        fund_code="ERDF",
        start_date=start,
        end_date=max(proposal.end_date - dt.timedelta(days=90), start),
        status=ProjectStatus.ACTIVE,
        is_historical=True,
        source=ProjectSource.EURA2021,
        eura_status="Käynnissä",
        eura_granted_eu_state=Decimal("412000.00"),
        eura_planned_total=Decimal("686700.00"),
    )
    created.setdefault(Project._meta.label_lower, []).append(project.pk)
    _plant_staff(agreement, created)
    return proposal.title


def _plant_staff(agreement: Agreement, created: dict[str, list[int]]) -> None:
    """Name one of an organisation's contact people on the personnel lines of two of its concurrent
    budgets (a live proposal it leads, and a funded project it leads or another live proposal)."""
    from overlaps.models import StaffAllocation

    leads = (
        Proposal.objects.filter(agreement=agreement, status__in=_LIVE, partners__role=PartnerRole.LEAD)
        .order_by("pk")
        .values_list("pk", "partners__organisation_id")
    )
    for proposal_id, lead_id in leads:
        person = Person.objects.filter(organisation_id=lead_id).order_by("pk").first()
        line = (
            BudgetLine.objects.filter(proposal_id=proposal_id, category=CostCategory.PERSONNEL)
            .order_by("year")
            .first()
        )
        if person is None or line is None:
            continue
        other = (
            BudgetLine.objects.filter(category=CostCategory.PERSONNEL, year=line.year)
            .filter(
                Q(project__lead_id=lead_id, project__agreement=agreement, project__is_historical=False)
                | Q(
                    proposal__agreement=agreement,
                    proposal__status__in=_LIVE,
                    proposal__partners__organisation_id=lead_id,
                    proposal__partners__role=PartnerRole.LEAD,
                )
            )
            .exclude(proposal_id=proposal_id)
            .order_by("pk")
            .first()
        )
        if other is None:
            continue
        name = f"{person.first_name} {person.last_name}"
        rows = StaffAllocation.objects.bulk_create(
            [
                StaffAllocation(budget_line=line, person=name, role="Projektipäällikkö", share=Decimal("70")),
                StaffAllocation(budget_line=other, person=name, role="Asiantuntija", share=Decimal("50")),
            ]
        )
        created.setdefault(StaffAllocation._meta.label_lower, []).extend(r.pk for r in rows)
        return
