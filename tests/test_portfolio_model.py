"""Portfolio problems: problem files, validation with paths, the weight set's extreme points."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cores.portfolio.generator import generate
from cores.portfolio.io import dumps, load, loads, parse
from cores.portfolio.model import (
    Candidate,
    City,
    Criterion,
    Fund,
    Interval,
    Problem,
    ProblemError,
    Rules,
    ShareRange,
    Theme,
    WeightSet,
    validate,
)
from cores.portfolio.weights import extreme_points, rank_order_points, vertices

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "portfolio-problem.yaml"
F = Fraction


def cand(
    ident: str,
    costs: dict[int, dict[str, int]],
    score: int | Fraction | Interval = 3,
    *,
    theme: str = "T1",
    lead: str = "Org",
    cities: tuple[str, ...] = ("HEL",),
    crits: tuple[str, ...] = ("q",),
    **kw: Any,
) -> Candidate:
    """A candidate with the same score on each criterion (default one, 'q'; scale 0–5); costs in cents."""
    s = score if isinstance(score, Interval) else Interval.point(F(score))
    return Candidate(ident, theme, lead, cities, costs, dict.fromkeys(crits, s), **kw)


def build(
    candidates: list[Candidate],
    frames: dict[tuple[str, int], int],
    *,
    years: tuple[int, ...] = (2024, 2025),
    themes: tuple[Theme, ...] = (Theme("T1"), Theme("T2")),
    cities: tuple[City, ...] = (City("HEL"), City("ESP")),
    carry_over: bool = False,
    criteria: tuple[Criterion, ...] | None = None,
    weight_set: WeightSet | None = None,
    **rules: Any,
) -> Problem:
    """A small problem on fund 'EU' (one criterion unless given) for hand-checked tests."""
    return Problem(
        years=years,
        funds=(Fund("EU", "", carry_over),),
        themes=themes,
        cities=cities,
        criteria=criteria or (Criterion("q", "", F(1)),),
        candidates=tuple(candidates),
        rules=Rules(frames=frames, **rules),
        weight_set=weight_set,
    )


def test_load__sample_problem__money_is_exact_cents_and_shares_exact_fractions() -> None:
    # given the documented sample problem file
    problem = load(SAMPLE)
    # then frames and costs are exact integer cents and shares exact fractions
    assert problem.frame("ERDF", 2024) == 70_000_000
    assert problem.candidate("P03").costs[2025] == {"ERDF": 21_000_000, "STATE": 9_000_000}
    assert problem.themes[0].share == ShareRange(F(1, 4), F(9, 20))
    assert problem.candidate("P04").scores["impact"] == Interval(F(7, 2), F(9, 2))
    assert problem.rules.org_max_share_overrides == {"City of Helsinki": F(7, 20)}
    assert problem.years == (2024, 2025, 2026, 2027)


def test_parse__bad_values__every_error_names_its_path_and_reason() -> None:
    # given money as a float, a malformed amount, a third decimal and a misspelt field
    text = """
years: [2024, 2025]
funds: [{id: EU}]
frames: {EU: {2024: 1000.5, 2025: "12,5x"}}
criteria: [{id: q, weight: 1}]
candidates:
  - {id: A, theme: T1, lead: X, costs: {2024: {EU: "1.001"}}, scores: {q: 3}, colour: red}
"""
    # when parsed
    with pytest.raises(ProblemError) as info:
        loads(text)
    # then each problem is reported with its path
    messages = [str(i) for i in info.value.issues]
    assert any(m.startswith("frames.EU.2024: write money as a string") for m in messages)
    assert "frames.EU.2025: '12,5x' is not a number" in messages
    assert "candidates[0].costs.2024.EU: '1.001' has more than two decimals" in messages
    assert any(m.startswith("candidates[0].colour: unknown field") for m in messages)


def test_parse__inconsistent_problem__semantic_errors_name_paths() -> None:
    # given a candidate on an unknown theme, a score off the scale and ESF+ money on a theme without ESF+
    doc = {
        "years": [2024, 2025],
        "funds": [{"id": "ERDF"}, {"id": "ESF+"}],
        "themes": [{"id": "T1", "funds": ["ERDF"], "min_share": "60 %", "max_share": "40 %"}],
        "criteria": [{"id": "q", "weight": "1"}],
        "candidates": [
            {
                "id": "A",
                "theme": "T9",
                "lead": "X",
                "costs": {"2024": {"ERDF": "10.00"}},
                "scores": {"q": "7"},
            },
            {
                "id": "B",
                "theme": "T1",
                "lead": "X",
                "costs": {"2024": {"ESF+": "10.00"}},
                "scores": {"q": "1"},
            },
        ],
    }
    # when parsed
    with pytest.raises(ProblemError) as info:
        parse(doc)
    # then every inconsistency is named
    paths = {i.path: i.message for i in info.value.issues}
    assert paths["candidates[0].theme"] == "unknown theme 'T9'"
    assert "outside the criterion's scale" in paths["candidates[0].scores.q"]
    assert "ESF+ cannot finance theme T1" in paths["candidates[1].costs.2024.ESF+"]
    assert paths["themes[0]"] == "min_share is larger than max_share"


def test_validate__no_start_year_keeps_costs_in_the_years__says_why() -> None:
    # given a three-year project in a two-year programme
    problem = build([cand("A", {2024: {"EU": 1}, 2025: {"EU": 1}, 2026: {"EU": 1}})], {("EU", 2024): 5})
    # when validated; then the reason is given on the candidate's costs
    issues = validate(problem)
    assert [i.path for i in issues] == ["candidates[0].costs"]
    assert "no start year in 2024–2024" in issues[0].message


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize(("n", "options"), [(15, {}), (25, {"interval_scores": True, "weight_info": "both"})])
def test_dump_then_load__generated_problem__is_equal(fmt: str, n: int, options: dict[str, Any]) -> None:
    # given a generated problem; when written and read back; then nothing changed
    problem = generate(n, 7, **options)
    assert loads(dumps(problem, fmt=fmt), fmt=fmt) == problem


def test_generate__same_seed__same_problem_and_another_seed_differs() -> None:
    assert generate(30, 1) == generate(30, 1)
    assert generate(30, 1) != generate(30, 2)


def test_extreme_points__full_rank_order__general_enumeration_equals_closed_form() -> None:
    # given the rank order w1 >= w2 >= ... >= w5
    d = 5
    order = [(k, k + 1) for k in range(d - 1)]
    # when enumerated as vertices of a general polytope; then they are (1/k, ..., 1/k, 0, ...)
    assert sorted(vertices(d, order=order)) == sorted(rank_order_points(d))
    assert (
        validate(
            problem_with_rank := build(
                [cand("A", {2024: {"EU": 1}}, crits=("a", "b"))],
                {("EU", 2024): 1},
                criteria=(Criterion("a"), Criterion("b")),
                weight_set=WeightSet(rank=("b", "a")),
            )
        )
        == []
    )
    # and a rank order over the problem's criteria maps to the problem's criterion order
    assert extreme_points(problem_with_rank) == [(F(1, 2), F(1, 2)), (F(0), F(1))]


def _interval_vertices(lo: list[Fraction], hi: list[Fraction]) -> set[tuple[Fraction, ...]]:
    """Closed form for {lo <= w <= hi, sum w = 1}: all but one coordinate at a bound."""
    d = len(lo)
    out = set()
    for free in range(d):
        others = [c for c in range(d) if c != free]
        for ends in product((0, 1), repeat=d - 1):
            w = [F(0)] * d
            for c, e in zip(others, ends, strict=True):
                w[c] = hi[c] if e else lo[c]
            w[free] = 1 - sum(w)
            if lo[free] <= w[free] <= hi[free]:
                out.add(tuple(w))
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=2, max_size=5))
def test_extreme_points__weight_intervals__equal_closed_form(bounds: list[tuple[int, int]]) -> None:
    # given weight intervals in tenths
    lo = [F(min(a, b), 10) for a, b in bounds]
    hi = [F(max(a, b), 10) for a, b in bounds]
    # when the vertices are enumerated; then they are exactly the closed-form ones
    assert set(vertices(len(lo), lo, hi)) == _interval_vertices(lo, hi)


def test_extreme_points__rank_and_interval__all_satisfy_constraints_and_include_corners() -> None:
    # given impact >= relevance >= feasibility and impact within [0.5, 0.7]
    problem = build(
        [cand("A", {2024: {"EU": 1}}, crits=("impact", "relevance", "feasibility"))],
        {("EU", 2024): 1},
        criteria=(Criterion("impact"), Criterion("relevance"), Criterion("feasibility")),
        weight_set=WeightSet({"impact": Interval(F(1, 2), F(7, 10))}, ("impact", "relevance", "feasibility")),
    )
    points = extreme_points(problem)
    # then every point is feasible, and the known corners are there
    for w in points:
        assert sum(w) == 1 and w[0] >= w[1] >= w[2] >= 0 and F(1, 2) <= w[0] <= F(7, 10)
    assert (F(7, 10), F(3, 10), F(0)) in points and (F(1, 2), F(1, 4), F(1, 4)) in points
    assert (F(1, 2), F(1, 2), F(0)) in points and (F(7, 10), F(3, 20), F(3, 20)) in points
    assert len(points) == 4


def test_validate__empty_weight_set__is_reported() -> None:
    problem = build(
        [cand("A", {2024: {"EU": 1}}, crits=("a", "b"))],
        {("EU", 2024): 1},
        criteria=(Criterion("a", weight=F(1)), Criterion("b", weight=F(1))),
        weight_set=WeightSet({"a": Interval(F(0), F(1, 10)), "b": Interval(F(0), F(1, 10))}),
    )
    assert [i.path for i in validate(problem)] == ["robustness.weights"]
