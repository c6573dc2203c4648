"""Robust Portfolio Modelling: dominance, non-dominated portfolios and core indices against enumeration."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cores.portfolio.brute import enumerate_feasible
from cores.portfolio.generator import generate
from cores.portfolio.linear import compile_problem, criterion_values
from cores.portfolio.model import Criterion, ExclusiveGroup, Interval, Problem, WeightSet
from cores.portfolio.robust import _exact_by_milp, robust
from cores.portfolio.robust_values import core_indices, dominates, value_table
from cores.portfolio.solve import Extra, solve
from cores.portfolio.weights import extreme_points
from tests.test_portfolio_model import build, cand

F = Fraction


def reference(problem: Problem) -> tuple[set[frozenset[str]], dict[str, Fraction]]:
    """Every feasible portfolio enumerated; each pair compared by the definition in exact fractions.

    q dominates p when, at every extreme weight, q's worst case beats p's best case on the projects that
    differ (each project's score varies on its own, so the minimum over scores splits per project), and
    q is strictly better for some weight and scores.
    """
    lm = compile_problem(problem)
    n = lm.n
    points = extreme_points(problem)

    def at(ends: str) -> list[list[Fraction]]:  # value of each candidate at each extreme weight
        norm = [criterion_values(problem, c, ends) for c in problem.candidates]
        return [
            [sum((a * b for a, b in zip(w, norm[i], strict=True)), F(0)) for w in points] for i in range(n)
        ]

    lo, hi = at("lo"), at("hi")
    sets = [{i for i in range(n) if int(m) >> i & 1} for m in enumerate_feasible(lm).masks]

    def dom(q: set[int], p: set[int]) -> bool:
        only_q, only_p = q - p, p - q
        for e in range(len(points)):
            if sum((lo[i][e] for i in only_q), F(0)) < sum((hi[i][e] for i in only_p), F(0)):
                return False
        return any(
            sum((hi[i][e] for i in only_q), F(0)) > sum((lo[i][e] for i in only_p), F(0))
            for e in range(len(points))
        )

    nd = [p for p in sets if not any(dom(q, p) for q in sets if q != p)]
    ids = [c.id for c in problem.candidates]
    core = {ids[i]: (F(sum(1 for p in nd if i in p), len(nd)) if nd else F(0)) for i in range(n)}
    return {frozenset(ids[i] for i in p) for p in nd}, core


def as_ids(problem: Problem, portfolios: list[frozenset[int]]) -> set[frozenset[str]]:
    return {frozenset(problem.candidates[i].id for i in p) for p in portfolios}


def test_dominates__common_project_with_a_wide_interval__does_not_prevent_dominance() -> None:
    # given C in both portfolios with a very uncertain score, and A surely better than B
    people = [
        cand("A", {2024: {"EU": 1}}, Interval(F(4), F(5))),
        cand("B", {2024: {"EU": 1}}, Interval(F(1), F(3))),
        cand("C", {2024: {"EU": 1}}, Interval(F(0), F(5))),
    ]
    problem = build(people, {("EU", 2024): 2})
    vt = value_table(problem)
    # then {A, C} dominates {B, C}: C's score is the same realisation in both
    assert dominates(vt, {0, 2}, {1, 2}) and not dominates(vt, {1, 2}, {0, 2})
    # and overlapping intervals of A and B alone would not decide
    overlapping = build(
        [cand("A", {2024: {"EU": 1}}, Interval(F(2), F(4))), cand("B", {2024: {"EU": 1}}, 3)],
        {("EU", 2024): 1},
    )
    vt2 = value_table(overlapping)
    assert not dominates(vt2, {0}, {1}) and not dominates(vt2, {1}, {0})


def test_robust__overlapping_intervals__both_portfolios_non_dominated_core_and_borderline() -> None:
    # given room for two, C plus at most one of A (score 2–4) and B (score 3)
    people = [
        cand("A", {2024: {"EU": 1}}, Interval(F(2), F(4))),
        cand("B", {2024: {"EU": 1}}, 3),
        cand("C", {2024: {"EU": 1}}, 1),
    ]
    problem = build(people, {("EU", 2024): 2}, exclusive=(ExclusiveGroup("G", ("A", "B")),))
    result = robust(problem, method="exact")
    # then {A, C} and {B, C} are non-dominated: C is core, A and B borderline
    assert result.method == "exact"
    assert as_ids(problem, result.portfolios) == {frozenset({"A", "C"}), frozenset({"B", "C"})}
    assert result.by_id() == {"A": (F(1, 2), "borderline"), "B": (F(1, 2), "borderline"), "C": (F(1), "core")}


def test_robust__rank_order__decides_what_intervals_alone_cannot() -> None:
    # given A better on criterion a, B better on b, and only one fits
    crits = (Criterion("a", weight=F(1)), Criterion("b", weight=F(1)))
    people = [cand("A", {2024: {"EU": 1}}, crits=("a", "b")), cand("B", {2024: {"EU": 1}}, crits=("a", "b"))]
    people[0] = type(people[0])(
        "A", "T1", "Org", ("HEL",), {2024: {"EU": 1}}, {"a": Interval.point(F(4)), "b": Interval.point(F(2))}
    )
    people[1] = type(people[1])(
        "B", "T1", "Org", ("HEL",), {2024: {"EU": 1}}, {"a": Interval.point(F(3)), "b": Interval.point(F(3))}
    )
    free = build(people, {("EU", 2024): 1}, criteria=crits, weight_set=WeightSet())
    ranked = build(people, {("EU", 2024): 1}, criteria=crits, weight_set=WeightSet(rank=("a", "b")))
    # then with any weights both are non-dominated; with a >= b, A (4+2 >= 3+3 at w = 1/2) dominates B
    assert as_ids(free, robust(free, method="exact").portfolios) == {frozenset({"A"}), frozenset({"B"})}
    assert as_ids(ranked, robust(ranked, method="exact").portfolios) == {frozenset({"A"})}


CASES = [
    (n, seed, info, intervals, rules)
    for n, seed, info, intervals, rules in [
        (7, 0, "none", True, "budget"),
        (7, 1, "rank", True, "budget"),
        (8, 2, "intervals", False, "budget"),
        (8, 3, "both", True, "budget"),
        (8, 4, "none", False, "budget"),
        (9, 5, "rank", False, "all"),
        (9, 6, "none", True, "all"),
        (10, 7, "intervals", True, "all"),
        # several non-dominated portfolios with score intervals: the MILP's LP-bound pruning of the
        # disjunctions and the branch and bound's cancellation of shared projects both at work
        (11, 16, "both", True, "budget"),
        (12, 9, "rank", True, "budget"),
    ]
]


@pytest.mark.parametrize(("n", "seed", "info", "intervals", "rules"), CASES)
@pytest.mark.parametrize("algorithm", ["milp", "branch_and_bound"])
def test_robust__exact__equals_pairwise_enumeration(
    n: int, seed: int, info: str, intervals: bool, rules: str, algorithm: str
) -> None:
    # given a small generated problem
    problem = generate(n, seed, weight_info=info, interval_scores=intervals, rules=rules)
    # when the non-dominated portfolios are computed exactly and by comparing every feasible pair
    result = robust(problem, method="exact", algorithm=algorithm)
    expected, core = reference(problem)
    # then they are the same portfolios with the same core indices
    assert as_ids(problem, result.portfolios) == expected
    assert {c.id: result.core_index[i] for i, c in enumerate(problem.candidates)} == core


@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(0, 5000),
    n=st.integers(5, 8),
    info=st.sampled_from(["none", "rank", "intervals", "both"]),
    intervals=st.booleans(),
    rules=st.sampled_from(["all", "budget"]),
)
def test_robust__any_small_problem__exact_equals_enumeration(
    seed: int, n: int, info: str, intervals: bool, rules: str
) -> None:
    problem = generate(n, seed, weight_info=info, interval_scores=intervals, rules=rules, criteria=4)
    expected, core = reference(problem)
    result = robust(problem, method="exact")
    assert as_ids(problem, result.portfolios) == expected
    assert result.core_index == [core[c.id] for c in problem.candidates]


def test_robust__approximate__is_labelled_and_every_portfolio_is_feasible() -> None:
    problem = generate(30, 2, weight_info="rank")
    result = robust(problem, method="approximate", samples=10)
    lm = compile_problem(problem)
    assert result.method == "approximate" and "approximate" in result.note and result.portfolios
    for portfolio in result.portfolios:
        # some start years make exactly this selection feasible
        check = solve(lm, extra=Extra(force_in=set(portfolio), force_out=set(range(lm.n)) - set(portfolio)))
        assert check.feasible
    assert all(0 <= c <= 1 for c in result.core_index)


def test_core_indices__share_of_portfolios_containing_each() -> None:
    assert core_indices([frozenset({0, 1}), frozenset({0, 2})], 4) == [F(1), F(1, 2), F(1, 2), F(0)]
    assert core_indices([], 2) == [F(0), F(0)]


@pytest.mark.parametrize(("n", "seed", "info", "intervals", "rules"), CASES)
def test_exact_by_milp__with_integer_maxima_at_every_ceiling__equals_pairwise_enumeration(
    n: int, seed: int, info: str, intervals: bool, rules: str
) -> None:
    # given a small generated problem, where the MILPs are too quick for the probe to call for them
    problem = generate(n, seed, weight_info=info, interval_scores=intervals, rules=rules)
    lm = compile_problem(problem)
    vt = value_table(problem)
    # when the integer maxima per extreme point are computed under every new ceiling
    found, _, complete = _exact_by_milp(lm, vt, time.perf_counter() + 120, always_tops=True)
    expected, _ = reference(problem)
    # then the pruning and the extra rows lose no non-dominated portfolio and keep no dominated one
    assert complete
    assert as_ids(problem, found) == expected
