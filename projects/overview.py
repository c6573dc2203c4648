"""Reads for the agreement overview (the home page): the parties, themes, frame table and counts.

The overview's money table comes from cores.frames (pure): this module loads the frames and the funded
projects' plans (``projects.money``) in a fixed number of queries and hands them to the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch

from cores.cofinancing import FRAME_SOURCES
from cores.frames import FrameRow, FrameTable, commitments_by_fund_year, frame_table
from cores.money import total
from pipeline.models import FinancingSource, Idea, Proposal, ProposalStatus
from programme.models import (
    Agreement,
    AgreementParty,
    AnnualFrame,
    Fund,
    NationalFrame,
    PartyRole,
    Theme,
)
from projects.models import Project
from projects.money import committed_projects


@dataclass(frozen=True)
class NationalPool:
    cells: tuple[tuple[Decimal | None, bool], ...]  # (amount, is_estimate) per year
    total: Decimal
    is_estimate: bool
    source: str

    @property
    def all_estimates(self) -> bool:
        framed = [estimate for amount, estimate in self.cells if amount is not None]
        return bool(framed) and all(framed)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class AgreementOverview:
    agreement: Agreement
    cities: tuple[AgreementParty, ...]
    state_parties: tuple[AgreementParty, ...]
    themes: tuple[Theme, ...]
    funds: dict[str, Fund]
    frames: FrameTable
    national_pool: NationalPool | None
    idea_count: int
    proposal_counts: tuple[StatusCount, ...]
    funded_project_count: int

    @property
    def money_format(self) -> str:
        """ "whole" when every amount in the frame table is whole euros (then ",00" is left out), else
        "round": the table shows whole euros and says so (it is too wide for cents)."""
        cells = [c for row in self.frames.rows for c in (*row.cells, row.total)]
        cells += [*self.frames.year_totals, self.frames.total]
        amounts = [c.frame for c in cells if c.frame is not None] + [c.committed for c in cells]
        if self.national_pool:
            amounts += [a for a, _ in self.national_pool.cells if a is not None] + [self.national_pool.total]
        return "whole" if all(a == a.to_integral_value() for a in amounts) else "round"

    @property
    def proposal_total(self) -> int:
        return sum(c.count for c in self.proposal_counts)

    def fund_name(self, code: str) -> str:
        fund = self.funds.get(code)
        return fund.name if fund else code

    @property
    def frame_rows(self) -> list[tuple[FrameRow, str]]:
        """Each fund's row with its short label in the active language (EAKR for ERDF in Finnish)."""
        labels = dict(FinancingSource.choices)
        return [(row, str(labels.get(row.fund, row.fund))) for row in self.frames.rows]

    @property
    def fund_legend(self) -> list[tuple[str, str]]:
        labels = dict(FinancingSource.choices)
        return [(str(labels.get(row.fund, row.fund)), self.fund_name(row.fund)) for row in self.frames.rows]


def agreement_overview(agreement: Agreement) -> AgreementOverview:
    """Everything the overview page shows, in a fixed number of queries whatever the agreement's size."""
    parties = list(
        AgreementParty.objects.filter(agreement=agreement)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    themes = list(
        Theme.objects.filter(agreement=agreement)
        .prefetch_related(
            "subtopics", Prefetch("eligible_funds", queryset=Fund.objects.order_by("order", "code"))
        )
        .order_by("order", "code")
    )
    funds = {f.code: f for f in Fund.objects.all()}
    years = list(agreement.period.years)
    frames = {
        (f.fund.code, f.year): (f.amount, f.is_estimate)
        for f in AnnualFrame.objects.filter(agreement=agreement).select_related("fund")
    }
    table = frame_table(
        years=years,
        funds=[code for code in funds if code in FRAME_SOURCES] or list(FRAME_SOURCES),
        frames=frames,
        commitments=commitments_by_fund_year(committed_projects(agreement)),
    )
    national = {n.year: n for n in NationalFrame.objects.filter(period_id=agreement.period_id)}
    pool = None
    if national:
        cells = tuple(
            (national[y].amount, national[y].is_estimate) if y in national else (None, False) for y in years
        )
        pool = NationalPool(
            cells=cells,
            total=total(n.amount for n in national.values() if n.year in years),
            is_estimate=any(n.is_estimate for n in national.values()),
            source=next((n.source for n in national.values() if n.source), ""),
        )
    # Drafts are their authors' own: the overview counts only proposals that have been submitted.
    by_status = dict(
        Proposal.objects.filter(agreement=agreement)
        .submitted()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    shown = [s for s in ProposalStatus if s not in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)]
    return AgreementOverview(
        agreement=agreement,
        cities=tuple(p for p in parties if p.role == PartyRole.CITY),
        state_parties=tuple(p for p in parties if p.role == PartyRole.STATE),
        themes=tuple(themes),
        funds=funds,
        frames=table,
        national_pool=pool,
        idea_count=Idea.objects.filter(agreement=agreement).count(),
        proposal_counts=tuple(StatusCount(s.value, str(s.label), by_status.get(s.value, 0)) for s in shown),
        funded_project_count=Project.objects.funded().filter(agreement=agreement).count(),
    )
