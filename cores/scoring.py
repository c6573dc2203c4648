"""Review scores of a call: weighted scores, the spread between reviewers, and scores normalised per
reviewer. Plain Python (no Django), exact where it can be: Decimal with 40 significant digits.

Method (explained on the summary page in the same words):

1. **Weighted score** of one reviewer for one proposal: the weighted mean of their 1–5 criterion scores,
   ``Σ weightᵢ × scoreᵢ / Σ weightᵢ``. It stays on the 1–5 scale whatever the weights add up to.
2. **Proposal score**: the mean of its reviewers' weighted scores.
3. **Spread**: the lowest and highest reviewer's weighted score and their (population) standard
   deviation; a large spread means the reviewers disagree and the proposal deserves a discussion.
4. **Normalised score** corrects for lenient and strict reviewers. Each reviewer's weighted scores over
   the proposals *they* scored are turned into z-scores (how many of their own standard deviations a
   score lies above their own mean). A z-score is mapped back to the 1–5 scale with the mean and standard
   deviation of all weighted scores of the call: ``overall mean + z × overall sd``. The proposal's
   normalised score is the mean over its reviewers. A reviewer who gave one proposal only, or the same
   score to all, says nothing about order: their z-score is 0 (the overall mean). Normalised scores can
   fall slightly outside 1–5; they are for ranking, not grading.

Adding a constant to, or multiplying by a positive factor, all of one reviewer's scores changes neither
their z-scores nor the order of the normalised scores: that is what "correcting for lenient and strict
reviewers" means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

MIN_SCORE = 1
MAX_SCORE = 5
_PRECISION = 40


class ScoringError(ValueError):
    """The scores cannot be summarised; the message names the reviewer, proposal and criterion."""


@dataclass(frozen=True)
class Rating:
    """One reviewer's score of one proposal on one criterion."""

    reviewer: Hashable
    proposal: Hashable
    criterion: Hashable
    score: Decimal | int


@dataclass(frozen=True)
class ReviewerStats:
    reviewer: Hashable
    count: int
    mean: Decimal
    sd: Decimal


@dataclass(frozen=True)
class ProposalScore:
    proposal: Hashable
    reviewers: int
    weighted: Decimal  # mean of the reviewers' weighted scores
    low: Decimal
    high: Decimal
    sd: Decimal  # population standard deviation between reviewers
    normalised: Decimal
    by_reviewer: Mapping[Hashable, Decimal]  # reviewer -> weighted score
    normalised_by_reviewer: Mapping[Hashable, Decimal]

    @property
    def spread(self) -> Decimal:
        return self.high - self.low


@dataclass(frozen=True)
class Summary:
    proposals: tuple[ProposalScore, ...]  # best normalised score first
    reviewers: tuple[ReviewerStats, ...]
    overall_mean: Decimal | None
    overall_sd: Decimal | None


def weighted_score(scores: Mapping[Hashable, Decimal | int], weights: Mapping[Hashable, Decimal]) -> Decimal:
    """The weighted mean of criterion scores. Every scored criterion needs a positive weight."""
    if not scores:
        raise ScoringError("no criterion was scored")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        numerator = Decimal(0)
        denominator = Decimal(0)
        for criterion, score in scores.items():
            if criterion not in weights:
                raise ScoringError(f"criterion {criterion!r} has no weight")
            weight = Decimal(weights[criterion])
            if weight <= 0:
                raise ScoringError(f"criterion {criterion!r}: the weight {weight} must be positive")
            numerator += weight * Decimal(score)
            denominator += weight
        return numerator / denominator


_FLAT = Decimal("1e-12")


def mean(values: Iterable[Decimal]) -> Decimal:
    items = list(values)
    if not items:
        raise ScoringError("the mean of nothing")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return sum(items, Decimal(0)) / len(items)


def population_sd(values: Iterable[Decimal]) -> Decimal:
    items = list(values)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        centre = mean(items)
        variance = sum(((v - centre) ** 2 for v in items), Decimal(0)) / len(items)
        return variance.sqrt()


def check_score(score: Decimal | int, *, where: str = "") -> None:
    if not (MIN_SCORE <= Decimal(score) <= MAX_SCORE) or Decimal(score) != int(score):
        raise ScoringError(f"{where}the score {score} must be a whole number from {MIN_SCORE} to {MAX_SCORE}")


def summarise(ratings: Iterable[Rating], weights: Mapping[Hashable, Decimal]) -> Summary:
    """Weighted scores, spread and normalised scores of every proposal that has at least one review."""
    by_pair: dict[tuple[Hashable, Hashable], dict[Hashable, Decimal | int]] = defaultdict(dict)
    for rating in ratings:
        key = (rating.reviewer, rating.proposal)
        if rating.criterion in by_pair[key]:
            raise ScoringError(
                f"reviewer {rating.reviewer!r}, proposal {rating.proposal!r}: "
                f"criterion {rating.criterion!r} is scored twice"
            )
        by_pair[key][rating.criterion] = rating.score
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        weighted = {key: weighted_score(scores, weights) for key, scores in by_pair.items()}
        if not weighted:
            return Summary((), (), None, None)
        overall_mean = mean(weighted.values())
        overall_sd = population_sd(weighted.values())

        per_reviewer: dict[Hashable, dict[Hashable, Decimal]] = defaultdict(dict)
        for (reviewer, proposal), value in weighted.items():
            per_reviewer[reviewer][proposal] = value
        stats: dict[Hashable, ReviewerStats] = {}
        z: dict[tuple[Hashable, Hashable], Decimal] = {}
        for reviewer, values in per_reviewer.items():
            r_mean = mean(values.values())
            r_sd = population_sd(values.values())
            stats[reviewer] = ReviewerStats(reviewer, len(values), r_mean, r_sd)
            for proposal, value in values.items():
                # A reviewer who gave every proposal the same score has no spread to correct for; a
                # spread below _FLAT is rounding residue of the Decimal mean, not a difference.
                z[(reviewer, proposal)] = (value - r_mean) / r_sd if r_sd > _FLAT else Decimal(0)

        per_proposal: dict[Hashable, dict[Hashable, Decimal]] = defaultdict(dict)
        for (reviewer, proposal), value in weighted.items():
            per_proposal[proposal][reviewer] = value
        results = []
        for proposal, values in per_proposal.items():
            normalised = {r: overall_mean + z[(r, proposal)] * overall_sd for r in values}
            results.append(
                ProposalScore(
                    proposal=proposal,
                    reviewers=len(values),
                    weighted=mean(values.values()),
                    low=min(values.values()),
                    high=max(values.values()),
                    sd=population_sd(values.values()),
                    normalised=mean(normalised.values()),
                    by_reviewer=dict(values),
                    normalised_by_reviewer=normalised,
                )
            )
    results.sort(key=lambda r: (-r.normalised, -r.weighted, str(r.proposal)))
    return Summary(
        proposals=tuple(results),
        reviewers=tuple(sorted(stats.values(), key=lambda s: str(s.reviewer))),
        overall_mean=overall_mean,
        overall_sd=overall_sd,
    )
