"""The optimiser's rules on the portfolio page in the reader's language: the core names a blocking rule by
its kind and key as well as in English, and the page words it with the fund, theme or city by name."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from cores.money import format_eur
from cores.portfolio.cli import to_json
from cores.portfolio.explain import bring_in, explain
from cores.portfolio.linear import compile_problem
from cores.portfolio.model import ExclusiveGroup
from cores.portfolio.solve import Settings, solve
from portfolio.presenters import bring_in_text, relaxation_text, rule_label
from tests.test_portfolio_model import build, cand

SETTINGS = Settings(time_limit=10)


def test_bring_in__a_blocked_proposal__names_its_blocking_rules_by_kind_and_key() -> None:
    # given A locked out, and B in a group of which at most one is chosen with C, which is locked in
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
    # when each is explained
    locked_out = bring_in(lm, base, 0, SETTINGS)
    grouped = bring_in(lm, base, 1, SETTINGS)
    # then the rules come as (kind, key) beside the English words
    assert locked_out.blocking_refs == (("must_out", "A"),)
    assert ("exclusive", "G") in grouped.blocking_refs and ("must_in", "C") in grouped.blocking_refs
    assert len(grouped.blocking_refs) == len(grouped.blocking)
    # and the result document carries them
    doc = to_json(lm, base, explain(lm, base, SETTINGS, next_k=0, budget=20), None)
    rows = {r["id"]: r for r in doc["rejected"]}
    assert rows["A"]["blocking_rules"] == [{"rule": "must_out", "key": "A"}]


def test_rule_label__a_frame__names_the_fund_in_the_readers_language() -> None:
    # given the frame rule of ERDF in 2027, as the optimiser keys it
    # when it is worded in each language
    with translation.override("fi"):
        fi = rule_label("frame", "ERDF 2027", {})
        fi_state = rule_label("frame", "STATE 2027", {})
    with translation.override("sv"):
        sv = rule_label("frame", "ERDF 2027", {})
    with translation.override("en"):
        en = rule_label("frame", "STATE 2027", {})
    # then the fund has its name, never its code
    assert "EAKR 2027" in fi and "ERDF" not in fi
    assert "STATE" not in fi_state and "2027" in fi_state
    assert "ERDF" not in sv and "2027" in sv
    assert "STATE" not in en and "2027" in en


def test_bring_in_text__blocking_rules__in_the_readers_language_not_the_cores_english() -> None:
    # given a rejected proposal that a fund's frames and a locked-out rule block
    entry = {
        "id": "P1",
        "status": "impossible",
        "blocking": ["the ERDF frames", "P1 must be out"],
        "blocking_rules": [{"rule": "group", "key": "frame ERDF"}, {"rule": "must_out", "key": "P1"}],
    }
    # when the page words it in Swedish
    with translation.override("sv"):
        text = bring_in_text(entry, {})
    # then neither the core's English nor the fund code is shown
    assert "must be out" not in text and "frames" not in text and "ERDF" not in text
    assert "P1" in text


def test_bring_in_text__an_older_result_without_structured_rules__still_names_them() -> None:
    # given a result stored before the rules came structured
    entry = {"id": "P1", "status": "impossible", "blocking": ["P1 must be out"]}
    # when it is worded
    with translation.override("fi"):
        text = bring_in_text(entry, {})
    # then the stored words are shown rather than nothing
    assert "P1 must be out" in text


def test_relaxation_text__a_frames_extra_money__in_the_readers_number_format() -> None:
    # given a binding frame whose relaxation is 100 000 euros more (the core also words it in Finnish)
    effect = {
        "rule": "frame",
        "key": "ERDF 2027",
        "relaxation": "+100 000,00 €",
        "relaxation_money": "100000.00",
    }
    # when the page words it in English and in Finnish
    with translation.override("en"):
        en = relaxation_text(effect)
    with translation.override("fi"):
        fi = relaxation_text(effect)
    # then each language writes the money its own way
    assert "€100,000" in en and "100 000,00 €" not in en
    assert "100" in fi and "000,00" in fi and "€100" not in fi


def test_frame_effect__carries_its_relaxation_as_money() -> None:
    # given a problem whose single frame binds (room for one of two proposals)
    problem = build([cand("A", {2024: {"EU": 2}}, 5), cand("B", {2024: {"EU": 2}}, 4)], {("EU", 2024): 3})
    lm = compile_problem(problem)
    base = solve(lm, SETTINGS)
    # when the rules are explained
    doc = to_json(lm, base, explain(lm, base, SETTINGS, next_k=0, budget=20), None)
    # then the frame's relaxation is a number, not only a Finnish-formatted text
    frame = next(r for r in doc["rules"] if r["rule"] == "frame")
    assert frame["relaxation_money"] is not None
    assert frame["relaxation"] == "+" + format_eur(Decimal(frame["relaxation_money"]))
