"""Explanations: which rules bind, how a rejected proposal could get in, the next-best portfolios."""

from __future__ import annotations

from fractions import Fraction

from cores.portfolio.brute import enumerate_feasible
from cores.portfolio.explain import (
    bring_in,
    bring_in_sentence,
    explain,
    next_best,
    rule_effects,
    rule_sentence,
    with_bound,
)
from cores.portfolio.generator import generate
from cores.portfolio.linear import RuleRef, compile_problem
from cores.portfolio.model import ExclusiveGroup, ShareRange, Theme
from cores.portfolio.solve import Extra, Settings, solve
from tests.test_portfolio_model import build, cand

F = Fraction
SETTINGS = Settings(time_limit=10)


def capped_problem():
    """Room for three of four; theme T1 capped at 40 % of the portfolio's money."""
    people = [
        cand("A", {2024: {"EU": 100}}, 5),
        cand("B", {2024: {"EU": 100}}, 4),
        cand("C", {2024: {"EU": 100}}, 1, theme="T2"),
        cand("D", {2024: {"EU": 100}}, 1, theme="T2"),
    ]
    themes = (Theme("T1", share=ShareRange(None, F(2, 5))), Theme("T2"))
    return build(people, {("EU", 2024): 300}, themes=themes)


def test_rule_effects__theme_cap_binds_and_a_full_frame_need_not() -> None:
    # given the best portfolio A, C, D (T1 at 33 %; A + B + C would put T1 at 67 %)
    lm = compile_problem(capped_problem())
    base = solve(lm, SETTINGS)
    assert base.score == F(7, 5)
    # when each rule is relaxed and solved again
    effects = {e.ref.kind: e for e in rule_effects(lm, base, SETTINGS) if e.ref.key != "EU 2025"}
    # then the cap binds (A + B + C scores 2.0), while the frame, used to the cent, does not:
    # 10 % more money does not fit a fourth proposal
    assert effects["theme_max"].gain == F(3, 5) and effects["theme_max"].binds
    assert effects["frame"].slack == 0 and effects["frame"].gain == 0 and not effects["frame"].binds
    assert "raise the score by 0.600" in rule_sentence(effects["theme_max"])


def test_bring_in__rejected_by_a_cap__says_instead_of_whom_and_the_cap_that_lets_it_in() -> None:
    lm = compile_problem(capped_problem())
    base = solve(lm, SETTINGS)
    # when B (rejected) is explained
    b = bring_in(lm, base, 1, SETTINGS)
    # then forced in it displaces A at a loss of 0.2, and it enters at a T1 cap of 66.7 % (2/3 on the grid)
    assert b.status == "in_if_forced" and b.loss == F(1, 5) and b.displaces == ("A",) and b.proven
    assert [(c.ref, c.current, c.needed) for c in b.caps] == [
        (RuleRef("theme_max", "T1"), F(2, 5), F(667, 1000))
    ]
    text = bring_in_sentence(b)
    assert "in instead of A" in text and "maximum share of theme T1 were 66.7% (now 40.0%)" in text
    # and at 66.6 % it would still be out, at 66.7 % it is in
    for cap, inside in ((F(666, 1000), False), (F(667, 1000), True)):
        trial = compile_problem(with_bound(lm.problem, RuleRef("theme_max", "T1"), cap))
        free, forced = solve(trial, SETTINGS), solve(trial, SETTINGS, extra=Extra(force_in={1}))
        assert (forced.score == free.score) is inside


def test_bring_in__must_out_and_exclusive_with_a_must_in__name_the_blocking_rule() -> None:
    people = [
        cand("A", {2024: {"EU": 1}}, 5),
        cand("B", {2024: {"EU": 1}}, 5),
        cand("C", {2024: {"EU": 1}}, 1),
    ]
    problem = build(
        people,
        {("EU", 2024): 3},
        must_out=frozenset({"A"}),
        must_in=frozenset({"C"}),
        exclusive=(ExclusiveGroup("G", ("B", "C")),),
    )
    lm = compile_problem(problem)
    base = solve(lm, SETTINGS)
    assert bring_in(lm, base, 0, SETTINGS).blocking == ("A must be out",)
    blocked = bring_in(lm, base, 1, SETTINGS)
    assert blocked.status == "impossible" and "at most one of group G" in blocked.blocking
    assert "C must be in" in blocked.blocking


def test_next_best__scores_equal_the_enumerated_runners_up() -> None:
    lm = compile_problem(generate(10, 11, rules="budget"))
    base = solve(lm, SETTINGS)
    values = sorted(enumerate_feasible(lm).values, reverse=True)
    alternatives = next_best(lm, base, 4, SETTINGS)
    assert [a.score for a in alternatives] == values[1:5]
    assert all(a.proven and a.loss == base.score - a.score for a in alternatives)


def test_explain__generated_problem__each_statement_checks_out() -> None:
    # given a realistic problem
    lm = compile_problem(generate(40, 5))
    base = solve(lm, SETTINGS)
    chosen = {lm.problem.candidates[lm.options[j].cand].id for j in base.chosen}
    # when explained
    ex = explain(lm, base, SETTINGS, rejected_limit=4, next_k=2, caps=False, budget=60)
    # then every forced-in proposal's loss is real and it displaces only chosen ones
    assert len(ex.rejected) == 4 and len(ex.next_best) == 2
    for b in ex.rejected:
        if b.status == "in_if_forced":
            index = next(i for i, c in enumerate(lm.problem.candidates) if c.id == b.id)
            forced = solve(lm, SETTINGS, extra=Extra(force_in={index}))
            assert base.score is not None and forced.score == base.score - b.loss
            assert set(b.displaces) <= chosen and b.id not in chosen
    assert any(e.binds for e in ex.rules)
