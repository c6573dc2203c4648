"""The optimiser: exact optimum (vs enumeration), every rule, integer money, honest status; the greedy baseline."""

from __future__ import annotations

import importlib
import random
import threading
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cores.portfolio.brute import best, enumerate_feasible
from cores.portfolio.generator import generate
from cores.portfolio.greedy import greedy
from cores.portfolio.linear import LinearModel, compile_problem
from cores.portfolio.model import City, Dependency, ExclusiveGroup, ShareRange, Theme
from cores.portfolio.solve import Extra, MilpOutcome, Settings, Solution, Status, solve
from cores.portfolio.summary import summarise
from tests.test_portfolio_model import build, cand

F = Fraction
solve_module = importlib.import_module("cores.portfolio.solve")  # the package exports the function `solve`


def ids(lm: LinearModel, sol: Solution) -> set[str]:
    return {lm.problem.candidates[lm.options[j].cand].id for j in sol.chosen}


def test_solve__frame_used_to_the_cent__is_allowed_and_one_cent_more_is_not() -> None:
    # given A + B cost exactly the frame and C is one cent more expensive than B
    people = [
        cand("A", {2024: {"EU": 60_000}}, 3),
        cand("B", {2024: {"EU": 40_000}}, 3),
        cand("C", {2024: {"EU": 40_001}}, F(5, 2)),
    ]
    exact = compile_problem(build(people, {("EU", 2024): 100_000}))
    short = compile_problem(build(people, {("EU", 2024): 99_999}))
    # when solved
    at_frame, below = solve(exact), solve(short)
    # then A + B fill the frame exactly; a frame one cent smaller forces B + C
    assert (
        at_frame.status is Status.OPTIMAL and ids(exact, at_frame) == {"A", "B"} and at_frame.score == F(6, 5)
    )
    assert ids(short, below) == {"B", "C"} and below.score == F(11, 10)


def test_solve__carry_over__lets_unused_money_pay_a_later_year() -> None:
    # given 2024 money unused and a project needing more than the 2025 frame
    people = [cand("A", {2025: {"EU": 150}}, 4)]
    frames = {("EU", 2024): 100, ("EU", 2025): 100}
    # when solved with and without carry-over
    without = compile_problem(build(people, frames))
    with_carry = compile_problem(build(people, frames, carry_over=True))
    # then only carry-over makes it affordable
    assert ids(without, solve(without)) == set()
    assert ids(with_carry, solve(with_carry)) == {"A"}


def test_solve__start_window__project_moves_to_the_year_with_money() -> None:
    # given no money in 2024 and a project planned for 2024 that may start in 2025
    lm = compile_problem(
        build([cand("A", {2024: {"EU": 100}}, 4, latest_start=2025)], {("EU", 2024): 0, ("EU", 2025): 100})
    )
    sol = solve(lm)
    # then it is in, shifted a year
    pick = summarise(lm, sol.chosen).picks[0]
    assert (pick.id, pick.start, pick.shifted) == ("A", 2025, 1)


def test_solve__theme_cap__is_a_share_of_the_portfolios_frame_money() -> None:
    # given two strong T1 proposals and a weak T2 one, with T1 capped at 50 % of the portfolio's money
    people = [
        cand("A", {2024: {"EU": 100}}, 5),
        cand("B", {2024: {"EU": 100}}, 5),
        cand("C", {2024: {"EU": 100}}, 1, theme="T2"),
    ]
    themes = (Theme("T1", share=ShareRange(None, F(1, 2))), Theme("T2"))
    lm = compile_problem(build(people, {("EU", 2024): 300}, themes=themes))
    sol = solve(lm)
    # then one T1 proposal goes with the T2 one (exactly 50 %), not both T1 ones
    assert sol.score == F(6, 5) and "C" in ids(lm, sol) and len(ids(lm, sol)) == 2
    assert summarise(lm, sol.chosen).themes[0].share == F(1, 2)


def test_solve__theme_minimum__forces_money_into_the_theme() -> None:
    people = [
        cand("A", {2024: {"EU": 100}}, 5),
        cand("B", {2024: {"EU": 100}}, 5),
        cand("C", {2024: {"EU": 100}}, 1, theme="T2"),
    ]
    themes = (Theme("T1"), Theme("T2", share=ShareRange(F(1, 3), None)))
    lm = compile_problem(build(people, {("EU", 2024): 200}, themes=themes))
    assert "C" in ids(lm, solve(lm))


@pytest.mark.parametrize(("mode", "expected"), [("split", {"A"}), ("full", set())])
def test_solve__city_share_of_a_two_city_project__split_or_full(mode: str, expected: set[str]) -> None:
    # given one project of Helsinki and Espoo, with Helsinki capped at 60 %
    people = [cand("A", {2024: {"EU": 100}}, 5, cities=("HEL", "ESP"))]
    cities = (City("HEL", share=ShareRange(None, F(3, 5))), City("ESP"))
    lm = compile_problem(build(people, {("EU", 2024): 100}, cities=cities, city_share_mode=mode))
    # then split counts half for Helsinki (50 %: allowed), full counts all (100 %: not allowed)
    assert ids(lm, solve(lm)) == expected


def test_solve__organisation_cap__limits_one_lead() -> None:
    people = [
        cand("A", {2024: {"EU": 100}}, 5, lead="X"),
        cand("B", {2024: {"EU": 100}}, 5, lead="X"),
        cand("C", {2024: {"EU": 100}}, 1, lead="Y"),
    ]
    lm = compile_problem(build(people, {("EU", 2024): 300}, org_max_share=F(1, 2)))
    sol = solve(lm)
    assert sol.score == F(6, 5) and "C" in ids(lm, sol)


def test_solve__must_in_out_exclusive_dependency_and_funded__are_respected() -> None:
    # given every kind of selection rule
    people = [
        cand("LOW", {2024: {"EU": 10}}, 1),  # must be in despite its score
        cand("TOP", {2024: {"EU": 10}}, 5),  # must be out despite its score
        cand("X1", {2024: {"EU": 10}}, 4),
        cand("X2", {2024: {"EU": 10}}, 5),  # at most one of these
        cand("NEXT", {2024: {"EU": 10}}, 5),  # only with BASE
        cand("BASE", {2024: {"EU": 10}}, 0),
        cand("OLD", {2024: {"EU": 20}}, 0, funded=True),  # already funded: in, using its money
    ]
    problem = build(
        people,
        {("EU", 2024): 60},
        must_in=frozenset({"LOW"}),
        must_out=frozenset({"TOP"}),
        exclusive=(ExclusiveGroup("G", ("X1", "X2")),),
        requires=(Dependency("NEXT", ("BASE",)),),
    )
    lm = compile_problem(problem)
    sol = solve(lm)
    # then: LOW and OLD in, TOP out, X2 (not both), NEXT with BASE
    assert ids(lm, sol) == {"LOW", "OLD", "X2", "NEXT", "BASE"}
    assert sol.proven_optimal


def test_solve__contradicting_rules__are_infeasible_never_a_portfolio() -> None:
    people = [cand("A", {2024: {"EU": 1}}), cand("B", {2024: {"EU": 1}})]
    lm = compile_problem(
        build(
            people,
            {("EU", 2024): 10},
            must_in=frozenset({"A", "B"}),
            exclusive=(ExclusiveGroup("G", ("A", "B")),),
        )
    )
    sol = solve(lm)
    assert sol.status is Status.INFEASIBLE and not sol.feasible and sol.chosen == ()


def test_solve__tolerance_breaks_a_frame__selection_is_cut_off_and_solved_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a solver that first returns a portfolio one cent over the frame (as a tolerance could let through)
    people = [
        cand("A", {2024: {"EU": 50_001}}, 5),
        cand("B", {2024: {"EU": 50_000}}, 4),
        cand("C", {2024: {"EU": 50_000}}, 3),
    ]
    lm = compile_problem(build(people, {("EU", 2024): 100_000}))
    real = solve_module.run_milp
    calls: list[int] = []

    def sloppy(*args: Any, **kwargs: Any) -> MilpOutcome:
        calls.append(1)
        if len(calls) == 1:
            return MilpOutcome([1.0, 1.0, 0.0], Status.OPTIMAL, 9.0, 1)
        return real(*args, **kwargs)

    monkeypatch.setattr(solve_module, "run_milp", sloppy)
    # when solved
    sol = solve(lm)
    # then the exact check rejected A + B and the result fits the frame
    assert sol.repairs == 1 and ids(lm, sol) == {"B", "C"} and lm.is_feasible(set(sol.chosen))


def test_solve__time_limit_reached__is_never_reported_optimal() -> None:
    # given a large problem and far too little time
    lm = compile_problem(generate(1000, 3))
    sol = solve(lm, Settings(time_limit=0.3))
    # then the status says so, with the gap when a portfolio was found
    assert sol.status in (Status.TIME_LIMIT, Status.NO_SOLUTION) and not sol.proven_optimal
    if sol.status is Status.TIME_LIMIT:
        assert sol.bound is not None and sol.score is not None and sol.bound >= sol.score


def test_solve__time_spent_building__is_taken_from_highs_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a clock on which building the model (rewriting its share rows) takes 5 seconds
    lm = compile_problem(generate(30, 1))
    clock = [1000.0]
    real_rows, real_milp = solve_module.total_money_rows, solve_module.run_milp
    limits: list[float] = []

    def slow_rows(*args: Any, **kwargs: Any) -> Any:
        clock[0] += 5.0
        return real_rows(*args, **kwargs)

    def record(*args: Any, **kwargs: Any) -> MilpOutcome:
        limits.append(kwargs["time_limit"])
        return real_milp(*args, **kwargs)

    monkeypatch.setattr(solve_module.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(solve_module, "total_money_rows", slow_rows)
    monkeypatch.setattr(solve_module, "run_milp", record)
    # when solved with a 12 s limit
    solve(lm, Settings(time_limit=12.0))
    # then HiGHS was given only what was left after building
    assert limits and limits[0] == pytest.approx(7.0)


def test_solve__clock_started_before_the_greedy_start__limit_covers_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a run whose clock started 10 s ago (compiling and the greedy start took that long)
    lm = compile_problem(generate(30, 1))
    real_milp = solve_module.run_milp
    limits: list[float] = []

    def record(*args: Any, **kwargs: Any) -> MilpOutcome:
        limits.append(kwargs["time_limit"])
        return real_milp(*args, **kwargs)

    monkeypatch.setattr(solve_module.time, "perf_counter", lambda: 1000.0)
    monkeypatch.setattr(solve_module, "run_milp", record)
    # when solved with a 12 s limit counted from then
    sol = solve(lm, Settings(time_limit=12.0), start=greedy(lm), started=990.0)
    # then HiGHS gets the 2 s left, and the run's seconds count from the start
    assert limits == [pytest.approx(2.0)] and sol.seconds == pytest.approx(10.0)


def test_run_within__call_that_does_not_return__is_left_behind_and_reported() -> None:
    # given a call that blocks until released (as HiGHS did in a sub-MIP's presolve past its limit)
    release = threading.Event()
    # when it is given 0.05 s
    finished = solve_module.run_within(lambda: release.wait(), 0.05)
    # then the caller gets False back while the call still waits; released, it ends in its thread
    assert finished is False
    release.set()


def test_run_within__call_that_fails__raises_its_error_in_the_caller() -> None:
    # given a call that raises
    def boom() -> None:
        raise RuntimeError("solver failed")

    # when it runs within a generous limit, then its error reaches the caller
    with pytest.raises(RuntimeError, match="solver failed"):
        solve_module.run_within(boom, 60.0)


def test_solve__highs_misses_its_time_limit__last_reported_portfolio_is_checked_and_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given HiGHS runs to its end but the guard reports that it had not returned in time
    lm = compile_problem(generate(12, 2, shift_fraction=0.3))

    def late(run: Any, _seconds: float) -> bool:
        run()  # the improving solutions it reports are all the caller will have
        return False

    monkeypatch.setattr(solve_module, "run_within", late)
    # when solved
    sol = solve(lm, Settings(time_limit=30.0))
    # then the answer is the last improving portfolio HiGHS reported, exactly checked, never "optimal",
    # with a bound no lower than its score, and the overrun is said
    assert sol.status is Status.TIME_LIMIT and sol.overran and not sol.proven_optimal
    assert sol.score is not None and sol.bound is not None and sol.bound >= sol.score
    assert lm.is_feasible(set(sol.chosen))
    optimum = best(lm)
    assert optimum is not None and sol.score == optimum[0]  # HiGHS's last improving solution: its optimum


def test_solve__highs_overruns_before_reporting_anything__warm_start_is_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a greedy start and a HiGHS run that never returns nor reports a solution
    lm = compile_problem(generate(30, 4))
    start = greedy(lm)
    monkeypatch.setattr(solve_module, "run_within", lambda _run, _seconds: False)
    # when solved
    sol = solve(lm, Settings(time_limit=5.0), start=start)
    # then the greedy portfolio comes back, feasible, marked as stopped, with no bound claimed
    assert sol.status is Status.TIME_LIMIT and sol.overran
    assert set(sol.chosen) == set(start) and lm.is_feasible(set(sol.chosen))
    assert sol.bound is None and sol.gap is None


@pytest.mark.parametrize("seed", range(3))
def test_total_money_rows__share_rows__become_sparse_and_keep_every_left_hand_side(seed: int) -> None:
    # given a generated problem, whose share rows have a coefficient on every option
    lm = compile_problem(generate(40, seed))
    n_opt = len(lm.options)
    # when its rows are rewritten on the column T (the portfolio's money / S)
    rows, scale = solve_module.total_money_rows(lm, lm.rows)
    # then organisation rows keep only their members (and T), and two rows define T
    assert scale > 0 and len(rows) == len(lm.rows) + 2
    for old, new in zip(lm.rows, rows, strict=False):
        if old.ref.kind == "org_max":
            members = {
                j for j, o in enumerate(lm.options) if lm.problem.candidates[o.cand].lead == old.ref.key
            }
            assert set(new.coef) == members | {n_opt}
    # and for any selection every row's left-hand side is exactly the original one
    rng = random.Random(seed)
    for _ in range(30):
        chosen = {j for j in range(n_opt) if rng.random() < 0.4}
        money = sum(lm.total_cost[lm.options[j].cand] for j in chosen)
        for old, new in zip(lm.rows, rows, strict=False):
            lhs = sum(a for j, a in new.coef.items() if j in chosen) + Fraction(
                new.coef.get(n_opt, 0) * money, scale
            )
            assert lhs == lm.lhs(old, chosen)


SMALL_SEEDS = [(n, seed) for n in (8, 10, 12) for seed in range(6)]


@pytest.mark.parametrize(("n", "seed"), SMALL_SEEDS)
def test_solve__random_small_problem__optimum_equals_enumeration(n: int, seed: int) -> None:
    # given a generated problem with every rule
    lm = compile_problem(generate(n, seed, shift_fraction=0.3))
    # when solved and enumerated
    sol = solve(lm)
    reference = best(lm)
    # then both agree exactly (or both find no portfolio)
    if reference is None:
        assert sol.status is Status.INFEASIBLE
    else:
        assert sol.proven_optimal and sol.score == reference[0] and lm.is_feasible(set(sol.chosen))


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(6, 11), rules=st.sampled_from(["all", "budget"]))
def test_solve__any_small_problem__optimal_feasible_and_at_least_greedy(
    seed: int, n: int, rules: str
) -> None:
    lm = compile_problem(generate(n, seed, rules=rules, shift_fraction=0.5))
    sol = solve(lm)
    reference = best(lm)
    assert (reference is None) == (sol.status is Status.INFEASIBLE)
    if reference is not None:
        assert sol.score == reference[0]
        start = greedy(lm)
        if start is not None:
            assert (
                lm.is_feasible(set(start)) and lm.score([lm.options[j].cand for j in start]) <= reference[0]
            )


@pytest.mark.parametrize("seed", range(4))
def test_greedy__generated_problem__satisfies_every_rule_exactly(seed: int) -> None:
    lm = compile_problem(generate(60, seed))
    picked = greedy(lm)
    optimum = solve(lm, Settings(rel_gap=1e-4))
    if picked is not None:
        assert lm.is_feasible(set(picked))
        assert optimum.score is not None and lm.score([lm.options[j].cand for j in picked]) <= optimum.score


@pytest.mark.parametrize("mode", ["split", "full"])
def test_greedy__capped_group_members__are_every_candidate_with_a_weight_in_the_group(mode: str) -> None:
    # given a generated problem with theme, city and organisation caps
    problem = generate(50, 2)
    lm = compile_problem(problem.with_rules(replace(problem.rules, city_share_mode=mode)))
    greedy_module = importlib.import_module("cores.portfolio.greedy")
    capped = [r for r, row in enumerate(lm.rows) if row.ref.kind in greedy_module.UPPER_SHARE]
    assert capped
    for r in capped:
        # when the members of a capped group are looked up
        members = set(greedy_module._members(lm, r))
        # then they hold every candidate with a nonzero weight in the group (checked against all)
        weighted = {i for i in range(lm.n) if greedy_module._member_weight(lm, r, i)}
        assert weighted <= members


def test_solve__next_best_cut__gives_the_second_best_enumerated_value() -> None:
    lm = compile_problem(generate(10, 4, rules="budget"))
    first = solve(lm)
    second = solve(lm, extra=Extra(cuts=[frozenset(lm.options[j].cand for j in first.chosen)]))
    values = sorted(set(enumerate_feasible(lm).values), reverse=True)
    assert first.score == values[0] and second.score == values[1]


def test_summarise__money_by_year__shows_carried_over_money() -> None:
    people = [cand("A", {2024: {"EU": 40}, 2025: {"EU": 130}}, 4)]
    lm = compile_problem(build(people, {("EU", 2024): 100, ("EU", 2025): 100}, carry_over=True))
    s = summarise(lm, solve(lm).chosen)
    assert [(f.year, f.used, f.frame, f.available) for f in s.frames] == [
        (2024, 40, 100, 100),
        (2025, 130, 100, 160),
    ]
    assert s.total == 170 and s.themes[0].share == 1
