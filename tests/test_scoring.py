"""cores.scoring: weighted scores, spread between reviewers, per-reviewer normalisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cores.scoring import Rating, ScoringError, check_score, population_sd, summarise, weighted_score

D = Decimal
WEIGHTS = {"impact": D("3"), "business": D("2"), "feasibility": D("1")}
EPS = D("1e-20")


def test_weighted_score__hand_computed__matches() -> None:
    # given scores 5, 2, 1 with weights 3, 2, 1; when weighted; then (15 + 4 + 1) / 6
    assert round(weighted_score({"impact": 5, "business": 2, "feasibility": 1}, WEIGHTS), 20) == round(
        D(20) / D(6), 20
    )


def test_weighted_score__criterion_without_weight__is_refused_naming_it() -> None:
    with pytest.raises(ScoringError, match="'city'"):
        weighted_score({"city": 3}, WEIGHTS)


def test_check_score__outside_1_to_5_or_fraction__is_refused() -> None:
    for bad in (0, 6, D("2.5")):
        with pytest.raises(ScoringError, match="1 to 5"):
            check_score(bad)
    check_score(1)
    check_score(5)


def test_summarise__two_reviewers__spread_and_sd() -> None:
    # given reviewer A scores 4 everywhere and B scores 2 everywhere on one proposal
    ratings = [Rating("A", "p", c, 4) for c in WEIGHTS] + [Rating("B", "p", c, 2) for c in WEIGHTS]
    # when summarised
    result = summarise(ratings, WEIGHTS).proposals[0]
    # then mean 3, range 2–4, population sd 1
    assert (result.weighted, result.low, result.high, result.sd) == (D(3), D(4) - 2, D(4), D(1))
    assert result.reviewers == 2 and result.spread == D(2)


def test_summarise__strict_reviewer__normalised_order_follows_each_reviewers_own_order() -> None:
    # given a lenient reviewer (5, 4) and a strict one (2, 1) who agree that p1 beats p2,
    # and p3 scored only by the lenient reviewer
    ratings = [
        *[Rating("lenient", "p1", c, 5) for c in WEIGHTS],
        *[Rating("lenient", "p2", c, 4) for c in WEIGHTS],
        *[Rating("strict", "p1", c, 2) for c in WEIGHTS],
        *[Rating("strict", "p2", c, 1) for c in WEIGHTS],
    ]
    summary = summarise(ratings, WEIGHTS)
    # then p1 is first and both reviewers have z = +1 on it, mapped to overall mean + overall sd
    first = summary.proposals[0]
    assert first.proposal == "p1"
    assert first.normalised_by_reviewer["lenient"] == first.normalised_by_reviewer["strict"]
    assert abs(first.normalised - (summary.overall_mean + summary.overall_sd)) < EPS


def test_summarise__reviewer_with_one_proposal__gets_the_overall_mean() -> None:
    ratings = [Rating("A", "p1", c, 5) for c in WEIGHTS] + [Rating("A", "p2", c, 1) for c in WEIGHTS]
    ratings += [Rating("B", "p1", c, 3) for c in WEIGHTS]
    summary = summarise(ratings, WEIGHTS)
    assert summary.proposals[0].normalised_by_reviewer["B"] == summary.overall_mean


def test_summarise__criterion_scored_twice__is_refused() -> None:
    with pytest.raises(ScoringError, match="scored twice"):
        summarise([Rating("A", "p", "impact", 3), Rating("A", "p", "impact", 4)], WEIGHTS)


def test_summarise__no_ratings__is_empty() -> None:
    assert summarise([], WEIGHTS).proposals == ()


# --- properties ------------------------------------------------------------------------------------

scores = st.integers(min_value=1, max_value=5)
weights = st.dictionaries(
    st.sampled_from(["impact", "business", "city", "carbon", "international", "feasibility"]),
    st.decimals(min_value=D("0.1"), max_value=D("10"), places=1),
    min_size=1,
)


@st.composite
def score_tables(draw):
    """Weights and, for 2–4 reviewers × 2–6 proposals, a score per criterion of each review made."""
    w = draw(weights)
    reviewers = [f"r{i}" for i in range(draw(st.integers(2, 4)))]
    proposals = [f"p{i}" for i in range(draw(st.integers(2, 6)))]
    ratings = []
    for r in reviewers:
        for p in proposals:
            if draw(st.booleans()) or p == proposals[0]:
                ratings += [Rating(r, p, c, draw(scores)) for c in w]
    return w, ratings


def order_pairs(summary):
    """The strict order between every two proposals (ignoring differences below rounding)."""
    values = {p.proposal: p.normalised for p in summary.proposals}
    return {
        (a, b): (values[a] - values[b] > EPS) - (values[b] - values[a] > EPS)
        for a in values
        for b in values
        if a < b
    }


@given(score_tables(), st.integers(min_value=-3, max_value=3))
def test_normalised__constant_added_to_one_reviewer__order_unchanged(table, shift) -> None:
    # given a call's scores; when one reviewer's scores all move by a constant
    w, ratings = table
    before = summarise(ratings, w)
    assume(before.overall_sd and before.overall_sd > EPS)
    moved = [
        Rating(r.reviewer, r.proposal, r.criterion, r.score + shift if r.reviewer == "r0" else r.score)
        for r in ratings
    ]
    after = summarise(moved, w)
    assume(after.overall_sd and after.overall_sd > EPS)
    # then the order of the normalised scores is the same
    assert order_pairs(before) == order_pairs(after)


@given(score_tables(), st.integers(min_value=2, max_value=4))
def test_normalised__one_reviewer_scaled__order_unchanged(table, factor) -> None:
    w, ratings = table
    before = summarise(ratings, w)
    assume(before.overall_sd and before.overall_sd > EPS)
    scaled = [
        Rating(r.reviewer, r.proposal, r.criterion, r.score * factor if r.reviewer == "r0" else r.score)
        for r in ratings
    ]
    after = summarise(scaled, w)
    assume(after.overall_sd and after.overall_sd > EPS)
    assert order_pairs(before) == order_pairs(after)


@given(score_tables())
def test_weighted__between_lowest_and_highest__and_sd_non_negative(table) -> None:
    w, ratings = table
    for result in summarise(ratings, w).proposals:
        assert D(1) <= result.low <= result.weighted <= result.high <= D(5)
        assert result.sd >= 0
        assert result.sd <= (result.high - result.low) / 2 + EPS


@given(score_tables(), st.decimals(min_value=D("0.5"), max_value=D("20"), places=2))
def test_weighted__weights_scaled_together__scores_unchanged(table, factor) -> None:
    w, ratings = table
    before = summarise(ratings, w)
    after = summarise(ratings, {c: v * factor for c, v in w.items()})
    assert [(p.proposal, round(p.weighted, 20)) for p in before.proposals] == [
        (p.proposal, round(p.weighted, 20)) for p in after.proposals
    ]


@given(st.lists(st.integers(1, 5), min_size=1, max_size=10))
def test_population_sd__equal_values__zero_otherwise_positive(values) -> None:
    sd = population_sd([D(v) for v in values])
    assert (sd == 0) == (len(set(values)) == 1)
