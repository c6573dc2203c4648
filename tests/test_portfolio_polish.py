"""Local search on a portfolio (drop one, refill) and its use in the optimiser: feasible, better, exact."""

from __future__ import annotations

import importlib
import time
from fractions import Fraction
from typing import Any

import pytest

from cores.portfolio.brute import best
from cores.portfolio.generator import generate
from cores.portfolio.greedy import greedy
from cores.portfolio.linear import Row, RuleRef, compile_problem
from cores.portfolio.polish import Polisher
from cores.portfolio.solve import Settings, Status, run_milp, solve
from tests.test_portfolio_model import build, cand

F = Fraction
solve_module = importlib.import_module("cores.portfolio.solve")
polish_module = importlib.import_module("cores.portfolio.polish")


def test_polish__one_big_project_blocks_two_better_ones__is_swapped_for_them() -> None:
    # given a frame of 100 taken by A (value 3, cost 100) while B and C (cost 50 each) are worth 2 + 2
    people = [
        cand("A", {2024: {"EU": 100}}, 3),
        cand("B", {2024: {"EU": 50}}, 2),
        cand("C", {2024: {"EU": 50}}, 2),
    ]
    lm = compile_problem(build(people, {("EU", 2024): 100}))
    polisher = Polisher(lm, lm.rows)
    a = lm.by_cand[0][0]
    # when A alone is polished
    better = polisher.improve([a], time.perf_counter() + 5)
    # then A is dropped and B and C fill the frame
    assert better is not None
    assert {lm.problem.candidates[lm.options[j].cand].id for j in better} == {"B", "C"}


def test_polish__local_optimum__returns_none() -> None:
    # given B + C, which nothing improves by dropping one and refilling
    people = [
        cand("A", {2024: {"EU": 100}}, 3),
        cand("B", {2024: {"EU": 50}}, 2),
        cand("C", {2024: {"EU": 50}}, 2),
    ]
    lm = compile_problem(build(people, {("EU", 2024): 100}))
    # when polished, then there is nothing better to offer
    assert (
        Polisher(lm, lm.rows).improve([lm.by_cand[1][0], lm.by_cand[2][0]], time.perf_counter() + 5) is None
    )


def test_polish__infeasible_start__is_not_polished() -> None:
    # given a start over the frame
    people = [cand("A", {2024: {"EU": 100}}, 3), cand("B", {2024: {"EU": 50}}, 2)]
    lm = compile_problem(build(people, {("EU", 2024): 100}))
    # when polished, then nothing is returned (the polisher only improves feasible portfolios)
    assert Polisher(lm, lm.rows).improve([0, 1], time.perf_counter() + 5) is None


def test_polish__coefficients_beyond_int64__polisher_is_unused() -> None:
    # given a row whose sums could overflow 64-bit integers
    lm = compile_problem(generate(10, 0))
    rows = [*lm.rows, Row(RuleRef("total_max", "huge"), {0: 2**61}, 2**61)]
    # then the polisher declines rather than risk a wrong sum
    polisher = Polisher(lm, rows)
    assert not polisher.usable and polisher.improve(greedy(lm) or [], time.perf_counter() + 1) is None


# generated problems where the greedy repair finds a portfolio; the polisher improves it on (14, 6) and (14, 16)
GREEDY_FEASIBLE = [(12, 0), (12, 4), (14, 1), (14, 5), (14, 6), (14, 16)]


def test_polish__matrix_beyond_the_size_cap__polisher_is_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a cap on the dense matrix smaller than this problem's options x rows
    lm = compile_problem(generate(10, 0))
    monkeypatch.setattr(polish_module, "MAX_ENTRIES", len(lm.options) * len(lm.rows) - 1)
    # then the polisher is not built (at n = 3,000 it would cost seconds of the time limit)
    assert not Polisher(lm, lm.rows).usable


@pytest.mark.parametrize(("n", "seed"), GREEDY_FEASIBLE)
def test_polish__generated_problem__better_feasible_and_never_above_the_optimum(n: int, seed: int) -> None:
    # given a generated problem with every rule and its greedy portfolio
    lm = compile_problem(generate(n, seed, shift_fraction=0.3))
    start = greedy(lm)
    assert start is not None
    reference = best(lm)
    assert reference is not None
    # when polished
    better = Polisher(lm, lm.rows).improve(start, time.perf_counter() + 5)
    # then, when it offers one, it satisfies every rule exactly, scores more, and not above the optimum
    if better is not None:
        score = lm.score([lm.options[j].cand for j in better])
        assert lm.is_feasible(set(better))
        assert lm.score([lm.options[j].cand for j in start]) < score <= reference[0]


def test_polish__hard_generated_problem__improves_the_greedy_start() -> None:
    # given a hard generated problem (annual frames, 30 % of the money asked for), where the greedy start
    # leaves money unused that a swap can use
    lm = compile_problem(generate(200, 1, carry_over=False, budget_ratio=0.3, correlation=0.3))
    start = greedy(lm)
    assert start is not None
    # when polished
    better = Polisher(lm, lm.rows).improve(start, time.perf_counter() + 30)
    # then it is better and feasible
    assert better is not None and lm.is_feasible(set(better))
    assert lm.score([lm.options[j].cand for j in better]) > lm.score([lm.options[j].cand for j in start])


def test_run_milp__polish_hook__is_called_and_its_solution_is_used() -> None:
    # given a knapsack whose optimum takes items 1 and 2, a poor start (item 0) and a polish hook that
    # offers the optimum when HiGHS reports a solution holding item 0
    cost = [3.0, 2.0, 2.0]
    rows = [({0: 100, 1: 50, 2: 50}, 100)]
    calls: list[list[float]] = []

    def polish(values: Any) -> list[float] | None:
        calls.append(list(values))
        return [0.0, 1.0, 1.0] if values[0] > 0.5 else None

    out = run_milp(
        cost,
        rows,
        settings=Settings(),
        time_limit=10,
        integer_objective=True,
        start=[1.0, 0.0, 0.0],
        polish=polish,
    )
    # then the hook saw HiGHS's solutions and the result is the optimum
    assert calls and out.values is not None and [round(v) for v in out.values] == [0, 1, 1]


def test_solve__polishing_on_and_off__same_proven_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a small generated problem and its enumerated optimum
    lm = compile_problem(generate(12, 4, shift_fraction=0.3))
    reference = best(lm)
    assert reference is not None
    results = []
    for on in (True, False):
        monkeypatch.setattr(solve_module, "POLISH_START", on)
        monkeypatch.setattr(solve_module, "POLISH_INCUMBENTS", on)
        sol = solve(lm, start=greedy(lm))
        results.append((sol.status, sol.score))
    # then both prove the same optimum
    assert results == [(Status.OPTIMAL, reference[0])] * 2


@pytest.mark.parametrize(
    "switches",
    [
        {"IMPLIED_ROWS": False},
        {"CANDIDATE_COLUMNS": False},
        {"IMPLIED_ROWS": False, "CANDIDATE_COLUMNS": False},
        {"POLISH_START": True, "POLISH_INCUMBENTS": True},
    ],
)
@pytest.mark.parametrize(("n", "seed"), [(10, 1), (12, 3), (12, 5)])
def test_solve__benchmark_levers__same_enumerated_optimum(
    monkeypatch: pytest.MonkeyPatch, switches: dict[str, bool], n: int, seed: int
) -> None:
    # given a generated problem with every rule (start windows included) and one of the benchmark's levers
    lm = compile_problem(generate(n, seed, shift_fraction=0.5))
    for name, value in switches.items():
        monkeypatch.setattr(solve_module, name, value)
    # when solved (from the greedy start, as the command line does) and enumerated
    sol = solve(lm, start=greedy(lm))
    reference = best(lm)
    # then the optimum is the enumerated one
    if reference is None:
        assert sol.status is Status.INFEASIBLE
    else:
        assert sol.proven_optimal and sol.score == reference[0] and lm.is_feasible(set(sol.chosen))
