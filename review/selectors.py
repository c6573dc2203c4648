"""Reads of the review: the summary of a call (weighted scores, spread, normalised scores)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from cores.scoring import ProposalScore, Rating, Summary, summarise
from pipeline.models import Call, Proposal, ProposalStatus
from review.models import Criterion, Review, ReviewStatus


@dataclass(frozen=True)
class SummaryRow:
    rank: int | None
    proposal: Proposal
    score: ProposalScore | None
    assigned: int
    submitted: int


@dataclass(frozen=True)
class CallSummary:
    call: Call
    criteria: list[Criterion]
    rows: list[SummaryRow]
    summary: Summary
    reviewer_names: dict[Hashable, str]


def call_summary(call: Call) -> CallSummary:
    """Every submitted proposal of the call with its scores; a fixed number of queries (four)."""
    criteria = list(Criterion.objects.filter(call=call).order_by("order", "pk"))
    weights: dict[Hashable, Decimal] = {c.pk: c.weight for c in criteria}
    proposals = list(
        Proposal.objects.filter(call=call)
        .exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN])
        .select_related("theme")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").prefetch_related("scores"))
        )
        .order_by("title", "pk")
    )
    ratings = []
    names: dict[Hashable, str] = {}
    for proposal in proposals:
        for review in proposal.reviews.all():
            names[review.reviewer_id] = review.reviewer.get_full_name() or review.reviewer.get_username()
            if review.status != ReviewStatus.SUBMITTED:
                continue
            ratings += [
                Rating(review.reviewer_id, proposal.pk, s.criterion_id, s.value)
                for s in review.scores.all()
                if s.criterion_id in weights
            ]
    summary = summarise(ratings, weights)
    scored = {result.proposal: (rank, result) for rank, result in enumerate(summary.proposals, start=1)}
    rows = []
    for proposal in proposals:
        rank, result = scored.get(proposal.pk, (None, None))
        reviews = proposal.reviews.all()
        rows.append(
            SummaryRow(
                rank=rank,
                proposal=proposal,
                score=result,
                assigned=len(reviews),
                submitted=sum(1 for r in reviews if r.status == ReviewStatus.SUBMITTED),
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.proposal.title))
    return CallSummary(call=call, criteria=criteria, rows=rows, summary=summary, reviewer_names=names)


def criteria_of(call_id: int | None) -> list[Criterion]:
    """A call's review criteria in their order; none for a proposal without a call."""
    if call_id is None:
        return []
    return list(Criterion.objects.filter(call_id=call_id).order_by("order", "pk"))
