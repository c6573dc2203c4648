"""General portfolio problems (``kind: general``): the format, the weight set, the exact RPM sets."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cores.portfolio import general_dp
from cores.portfolio.cli import EXIT_INVALID, EXIT_NO_PORTFOLIO, EXIT_OK, build_parser, run
from cores.portfolio.general import analyse
from cores.portfolio.general_dp import _joint_rows, non_dominated_dp
from cores.portfolio.general_format import parse_general, parse_statement
from cores.portfolio.general_sets import brute_force, compile_general, weight_vertices
from cores.portfolio.model import ProblemError

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "general-problem.yaml"


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(args)), out, err)
    return code, out.getvalue(), err.getvalue()


def problem(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "kind": "general",
        "criteria": ["C1", "C2", "C3"],
        "items": [
            {
                "id": "x1",
                "scores": {"C1": 2.7, "C2": 4, "C3": [0, 1]},
                "uses": {"cost": 272000, "benefit": 302},
            },
            {"id": "x2", "scores": {"C1": 1, "C2": 2, "C3": 3}, "uses": {"cost": 100000, "benefit": 200}},
            {"id": "x3", "scores": {"C1": 3, "C2": 1, "C3": 2}, "uses": {"cost": 300000, "benefit": 400}},
            {"id": "x4", "scores": {"C1": 2, "C2": 2, "C3": 2}, "uses": {"cost": 200000, "benefit": 100}},
        ],
        "limits": {"cost": {"max": 600000}, "benefit": {"min": 300}, "count": {"max": 3}},
        "rules": {"must_in": [], "must_out": [], "exclusive": [], "requires": []},
        "weights": {"min": 0.02, "constraints": ["C1 >= C2", "C1 >= C2 + C3", "2 C2 <= C3"]},
    }
    doc.update(over)
    return doc


def issues_of(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ProblemError) as exc:
        parse_general(doc)
    return [str(i) for i in exc.value.issues]


# ---- the format ----------------------------------------------------------------------------------------


def test_format__the_issue_example__parses_scores_uses_limits_and_statements() -> None:
    gp = parse_general(problem())
    assert gp.criteria == ("C1", "C2", "C3")
    assert gp.items[0].scores["C1"] == (Fraction(27, 10), Fraction(27, 10))  # 2.7 as typed, exactly
    assert gp.items[0].scores["C3"] == (Fraction(0), Fraction(1))
    assert gp.limits["benefit"].min == 300 and gp.limits["count"].max == 3
    assert gp.weight_min == Fraction(1, 50) and len(gp.statements) == 3


def test_format__bad_score__names_the_path_and_reason() -> None:
    doc = problem()
    doc["items"][3]["scores"]["C2"] = "high"
    assert any(i.startswith("items[3].scores.C2: not a number") for i in issues_of(doc))


def test_format__every_problem_is_reported_at_once() -> None:
    doc = problem()
    doc["items"][1]["scores"]["C3"] = [3, 1]
    del doc["items"][2]["scores"]["C1"]
    doc["limits"]["time"] = {"max": 3}
    doc["rules"]["exclusive"] = [["x1", "x9"]]
    doc["weights"]["constraints"] = ["C1 >= C7"]
    found = issues_of(doc)
    assert "items[1].scores.C3: the interval's low end is above its high end" in found
    assert "items[2].scores.C1: the score is missing" in found
    assert "limits.time: no item has a use called 'time'" in found
    assert "rules.exclusive[0]: unknown item 'x9'" in found
    assert any(i.startswith("weights.constraints[0]: unknown criterion 'C7'") for i in found)


def test_format__twenty_criteria_work_and_too_many_is_a_clear_error() -> None:
    names = [f"K{k}" for k in range(20)]
    items = [
        {"id": f"p{i}", "scores": {c: (i + k) % 5 for k, c in enumerate(names)}, "uses": {"cost": 1}}
        for i in range(6)
    ]
    doc = problem(
        criteria=names,
        items=items,
        limits={"count": {"max": 3}},
        weights={"min": 0.01, "constraints": ["K0 >= K1 + K2", "K3 >= K4"]},
    )
    res = analyse(parse_general(doc), time_limit=None)
    assert res.complete and res.dp.portfolios
    many = problem(criteria=[f"K{k}" for k in range(31)], items=items)
    assert any(i.startswith("criteria: 31 criteria; at most 30") for i in issues_of(many))


def test_format__contradictory_statements__no_weights_left() -> None:
    doc = problem(weights={"constraints": ["C1 >= C2 + 0.6", "C2 >= C1 + 0.1"]})
    assert any(i.startswith("weights.constraints: no weights satisfy") for i in issues_of(doc))


@pytest.mark.parametrize(
    ("text", "coef", "rhs"),
    [
        ("C1 >= C2 + C3", {"C1": 1, "C2": -1, "C3": -1}, 0),
        ("2 C2 <= C3", {"C2": -2, "C3": 1}, 0),
        ("C1 ≥ 0.25", {"C1": 1}, Fraction(1, 4)),
        ("0.5*C1 - C2 >= -0.1", {"C1": Fraction(1, 2), "C2": -1}, Fraction(-1, 10)),
    ],
)
def test_statement__read_as_typed(text: str, coef: dict[str, Fraction], rhs: Fraction) -> None:
    st = parse_statement(text, ("C1", "C2", "C3"))
    assert st.coef == {k: Fraction(v) for k, v in coef.items()} and st.rhs == rhs


@pytest.mark.parametrize("text", ["C1 > C2", "C1 C2", "C1 >= C2 >= C3", "C1 >= foo"])
def test_statement__unreadable__raises_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError):
        parse_statement(text, ("C1", "C2", "C3"))


# ---- the weight set -----------------------------------------------------------------------------------


def _brute_vertices(d: int, rows: list[tuple[list[Fraction], Fraction]]) -> set[tuple[Fraction, ...]]:
    """Every choice of d - 1 tight rows with sum(w) = 1, solved exactly; the feasible solutions."""
    found = set()
    for chosen in combinations(range(len(rows)), d - 1):
        m = [[Fraction(1)] * d + [Fraction(1)]] + [[*rows[r][0], rows[r][1]] for r in chosen]
        ok = True
        for col in range(d):
            piv = next((r for r in range(col, d) if m[r][col] != 0), None)
            if piv is None:
                ok = False
                break
            m[col], m[piv] = m[piv], m[col]
            m[col] = [v / m[col][col] for v in m[col]]
            for r in range(d):
                if r != col and m[r][col] != 0:
                    f = m[r][col]
                    m[r] = [a - f * b for a, b in zip(m[r], m[col], strict=True)]
        if not ok:
            continue
        w = tuple(m[i][d] for i in range(d))
        if all(sum(g[i] * w[i] for i in range(d)) >= h for g, h in rows):
            found.add(w)
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    d=st.integers(2, 4),
    wmin=st.sampled_from([Fraction(0), Fraction(1, 20)]),
    stmts=st.lists(
        st.tuples(st.lists(st.integers(-2, 2), min_size=4, max_size=4), st.integers(-1, 1)), max_size=3
    ),
)
def test_weight_vertices__equal_brute_force(
    d: int, wmin: Fraction, stmts: list[tuple[list[int], int]]
) -> None:
    names = [f"C{k}" for k in range(d)]
    texts = []
    for coef, rhs in stmts:
        terms = " + ".join(f"{c} {names[k]}" for k, c in enumerate(coef[:d]) if c > 0) or "0"
        neg = " + ".join(f"{-c} {names[k]}" for k, c in enumerate(coef[:d]) if c < 0) or "0"
        texts.append(f"{terms} >= {neg} {'-' if rhs < 0 else '+'} {abs(rhs)}/10")
    gp_doc = problem(
        criteria=names,
        items=[{"id": "a", "scores": dict.fromkeys(names, 1), "uses": {}}],
        limits={},
        weights={"min": str(wmin), "constraints": texts},
    )
    try:
        gp = parse_general(gp_doc)
    except ProblemError as exc:  # infeasible statements: brute force must find nothing either
        assert any("no weights" in str(i) for i in exc.issues)
        got: set[tuple[Fraction, ...]] = set()
        statements = [parse_statement(t, tuple(names)) for t in texts]
    else:
        got = set(weight_vertices(gp))
        statements = list(gp.statements)
    rows = [([Fraction(1) if j == k else Fraction(0) for j in range(d)], wmin) for k in range(d)]
    for s in statements:
        rows.append(([s.coef.get(c, Fraction(0)) for c in names], s.rhs))
    assert got == _brute_vertices(d, rows)


# ---- exact non-dominated sets -----------------------------------------------------------------------------


@st.composite
def small_problems(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 9))
    k = draw(st.integers(1, 3))
    names = [f"C{j}" for j in range(k)]
    items = []
    for i in range(n):
        scores: dict[str, Any] = {}
        for c in names:
            lo = draw(st.integers(0, 6))
            scores[c] = (
                [lo, lo + draw(st.integers(1, 3))] if draw(st.booleans()) and draw(st.booleans()) else lo
            )
        items.append(
            {
                "id": f"x{i}",
                "scores": scores,
                "uses": {"cost": draw(st.integers(0, 9)), "gain": draw(st.integers(-2, 5))},
            }
        )
    limits: dict[str, Any] = {"cost": {"max": draw(st.integers(0, 25))}}
    if draw(st.booleans()):
        limits["gain"] = {"min": draw(st.integers(-2, 8))}
    if draw(st.booleans()):
        limits["count"] = {"min": draw(st.integers(0, 2)), "max": draw(st.integers(2, 5))}
    ids = [it["id"] for it in items]
    rules: dict[str, Any] = {}
    if n >= 3 and draw(st.booleans()):
        rules["exclusive"] = [ids[:2]]
        rules["requires"] = [[ids[2], ids[0]]]
    if n >= 4 and draw(st.booleans()):
        rules["must_in"] = [ids[3]]
    if n >= 5 and draw(st.booleans()):
        rules["must_out"] = [ids[4]]
    weights: dict[str, Any] = {"min": draw(st.sampled_from([0, "0.05"]))}
    if k >= 2 and draw(st.booleans()):
        weights["constraints"] = [f"C0 >= C1{' + C2' if k == 3 and draw(st.booleans()) else ''}"]
    return {
        "kind": "general",
        "criteria": names,
        "items": items,
        "limits": limits,
        "rules": rules,
        "weights": weights,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=small_problems())
def test_dp__equals_brute_force_enumeration(doc: dict[str, Any]) -> None:
    cp = compile_general(parse_general(doc))
    dp = non_dominated_dp(cp)
    assert dp.complete
    assert set(dp.portfolios) == set(brute_force(cp))


@st.composite
def point_score_problems(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 14 items, numbers only (no intervals): the plain-dominance path of the pruning."""
    doc = draw(small_problems())
    names = doc["criteria"]
    for _ in range(draw(st.integers(0, 5))):
        doc["items"].append(
            {
                "id": f"y{len(doc['items'])}",
                "scores": {c: 0 for c in names},
                "uses": {"cost": draw(st.integers(0, 9)), "gain": draw(st.integers(-2, 5))},
            }
        )
    for it in doc["items"]:
        it["scores"] = {c: draw(st.integers(0, 9)) for c in names}
    return doc


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=point_score_problems(), block=st.sampled_from([1, 2, 3, 7, 2048]), compact=st.sampled_from([0, 99])
)
def test_dp__point_scores_in_small_blocks__equals_brute_force(
    doc: dict[str, Any], block: int, compact: int
) -> None:
    # given numbers only (plain dominance), query blocks small enough that the per-block candidate
    # filter runs many times, and the column ordering with compaction on (any column count) or off
    cp = compile_general(parse_general(doc))
    # when the DP runs, then its set is brute force's
    with patch.object(general_dp, "_COMPACT_COLUMNS", compact):
        dp = non_dominated_dp(cp, block=block)
    assert dp.complete
    assert set(dp.portfolios) == set(brute_force(cp))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=small_problems())
def test_dp__without_bound_pruning__the_same_set(doc: dict[str, Any]) -> None:
    cp = compile_general(parse_general(doc))
    assert set(non_dominated_dp(cp, bound_prune=False).portfolios) == set(non_dominated_dp(cp).portfolios)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=small_problems(), small=st.sampled_from([1, 2, 5]))
def test_dp__interval_scores_in_small_blocks__equals_brute_force(doc: dict[str, Any], small: int) -> None:
    # given problems with interval scores and query blocks so small that the per-block candidate
    # filter and the sufficient/necessary tests of _prune_interval run across many blocks
    cp = compile_general(parse_general(doc))
    # when the DP runs, then its set is brute force's
    with patch.object(general_dp, "_PARETO_BLOCK", small):
        dp = non_dominated_dp(cp)
    assert dp.complete
    assert set(dp.portfolios) == set(brute_force(cp))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_prune_interval__keeps_exactly_the_states_the_pairwise_test_keeps(seed: int) -> None:
    # given 600 random partial portfolios over 24 items with integer low scores and widths at three
    # extreme points, and two row columns
    rng = np.random.default_rng(seed)
    n, k, s = 24, 3, 600
    lo = rng.integers(0, 20, (n, k)).astype(np.float64)
    width = np.where(rng.random((n, k)) < 0.3, rng.integers(1, 6, (n, k)), 0).astype(np.float64)
    member = rng.random((s, n)) < 0.3
    v_lo = member.astype(np.float64) @ lo
    v_hi = v_lo + member.astype(np.float64) @ width
    res = rng.integers(0, 4, (s, 2)).astype(np.float64)
    args = (member, v_lo, v_hi, res, width, True, 2048, None)
    # when the states are pruned by the filtered test and by the all-pairs test
    with patch.object(general_dp, "_INTERVAL_FILTER", True):
        fast = general_dp._prune_dominated(*args)
    with patch.object(general_dp, "_INTERVAL_FILTER", False):
        slow = general_dp._prune_dominated(*args)
    # then the same states are kept (and some are dropped, so the test decides something)
    assert fast is not None and slow is not None
    assert fast.tolist() == slow.tolist()
    assert 0 < len(fast) < s


def test_joint_rows__count_limit_tightens_the_other_rows_and_drops_hopeless_states() -> None:
    # given three undecided items with costs 5, 3, 1 and benefits 4, 9, 2; rows: count (max), cost (max),
    # benefit (min); state 0 has one slot and 10 cost left and lacks 9 benefit, state 1 lacks 10
    a_f = np.array([[1.0, 5.0, 4.0], [1.0, 3.0, 9.0], [1.0, 1.0, 2.0]])
    lo_add = np.array([[0.0, 0.0, 9.0], [0.0, 0.0, 10.0]])
    hi_add = np.array([[1.0, 10.0, 15.0], [3.0, 4.0, 15.0]])
    # when the rows are tightened jointly
    ok = _joint_rows([0, 1, 2], lo_add, hi_add, a_f, 0, [1], [2])
    # then one slot uses at most the largest cost (5) and 4 cost holds at most two items (1 + 3); both
    # states can still reach their benefit (one item: 9; two items: at most 9 + 4)
    assert hi_add[0, 1] == 5.0 and hi_add[1, 0] == 2.0
    assert ok.tolist() == [True, True]
    # and with 10 missing, the one-slot state cannot reach it any more
    lo_add[0, 2] = 10.0
    assert _joint_rows([0, 1, 2], lo_add, hi_add.copy(), a_f, 0, [1], [2]).tolist() == [False, True]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=small_problems())
def test_dp__without_the_joint_row_bounds__the_same_set(doc: dict[str, Any]) -> None:
    cp = compile_general(parse_general(doc))
    assert set(non_dominated_dp(cp, joint=False).portfolios) == set(non_dominated_dp(cp).portfolios)


def test_dp__stopped_at_once__incomplete_and_proves_only_what_is_proven() -> None:
    gp = parse_general(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    exact = analyse(gp, time_limit=None)
    assert exact.complete
    cp = exact.compiled
    for stop_after in (0.0, 1e-4, 1e-3, 1e-2):
        import time

        part = non_dominated_dp(cp, deadline=time.perf_counter() + stop_after)
        if part.complete:
            continue
        for i in part.proven_core:
            assert all(i in s for s in exact.dp.portfolios)
        for i in part.proven_exterior:
            assert all(i not in s for s in exact.dp.portfolios)
        for s in part.portfolios:  # what an incomplete run shows is at least feasible
            assert s and all(0 <= i < cp.n for i in s)


def test_example__result_equals_brute_force_over_all_4096_portfolios() -> None:
    gp = parse_general(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    res = analyse(gp, time_limit=None)
    assert res.complete
    assert set(res.dp.portfolios) == set(brute_force(res.compiled))
    assert res.classification()["x11"] == "exterior"  # must-out


# ---- the command ------------------------------------------------------------------------------------------


def test_cli__general_example__json_lists_the_set_core_index_and_completeness() -> None:
    code, out, _ = run_cli(str(EXAMPLE), "--robust", "--json")
    doc = json.loads(out)
    assert code == EXIT_OK and doc["complete"] is True and doc["core_index_approximate"] is False
    res = analyse(parse_general(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))), time_limit=None)
    assert sorted(map(sorted, doc["non_dominated"])) == sorted(map(sorted, res.portfolios()))
    assert doc["core_index"]["x11"] == 0.0 and set(doc["core_index"]) == {f"x{i}" for i in range(1, 13)}
    for ident, share in doc["core_index"].items():
        assert share == sum(ident in p for p in doc["non_dominated"]) / len(doc["non_dominated"])


def test_cli__general_text__says_complete() -> None:
    code, out, _ = run_cli(str(EXAMPLE))
    assert code == EXIT_OK and "Status: COMPLETE: exactly" in out


def test_cli__general_stopped__says_incomplete_and_marks_the_index_approximate(tmp_path: Path) -> None:
    names = ["A", "B", "C", "D"]
    items = [
        {
            "id": f"p{i}",
            "scores": {c: (i * 7 + k * 13) % 17 for k, c in enumerate(names)},
            "uses": {"cost": 5 + (i * 11) % 23},
        }
        for i in range(60)
    ]
    path = tmp_path / "big.json"
    path.write_text(
        json.dumps({"kind": "general", "criteria": names, "items": items, "limits": {"cost": {"max": 300}}})
    )
    code, out, _ = run_cli(str(path), "--json", "--time-limit", "0")
    doc = json.loads(out)
    assert code == EXIT_OK and doc["complete"] is False and doc["core_index_approximate"] is True
    assert set(doc["classification"].values()) <= {"core", "exterior", "unknown"}


def test_cli__general_infeasible__exit_1(tmp_path: Path) -> None:
    path = tmp_path / "inf.yaml"
    path.write_text(yaml.safe_dump(problem(limits={"benefit": {"min": 10**6}})))
    code, _, err = run_cli(str(path), "--json")
    assert code == EXIT_NO_PORTFOLIO and "infeasible" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 1\n- 2\n", "(file): expected a mapping (key: value), not list"),
        ("kind: general\ncriteria: [C1\n", "(file): not valid YAML"),
        ("kind: general\ncriteria: []\nitems: []\n", "criteria: a list of criterion names is needed"),
        (
            "kind: general\ncriteria: [C1, C2]\nitems:\n  - {id: x1, scores: {C1: 1, C2: 2}, uses: {cost: 5}}\n"
            'weights: {constraints: ["1 >= 2"]}\n',
            "weights.constraints: no weights satisfy these statements together",
        ),
    ],
)
def test_cli__malformed_files__exit_2_with_the_file_and_reason(
    tmp_path: Path, text: str, expected: str
) -> None:
    # given a file that is not a problem (a list, broken YAML, nothing in it, impossible statements)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    # when the command reads it
    code, _, err = run_cli(str(path), "--robust", "--json")
    # then exit 2, the file named with the path inside it and the reason, no traceback
    assert code == EXIT_INVALID and str(path) in err and expected in err
    assert "Traceback" not in err


def test_cli__general_bad_file__exit_2_naming_the_path(tmp_path: Path) -> None:
    doc = problem()
    doc["items"][3]["scores"]["C2"] = [1]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    code, _, err = run_cli(str(path), "--robust", "--json")
    assert code == EXIT_INVALID and "items[3].scores.C2: an interval is [low, high]" in err
    assert "Traceback" not in err


# ---- the programme format gains the same ---------------------------------------------------------------

SAMPLE = EXAMPLE.parent / "portfolio-problem.yaml"


def _sample(tmp_path: Path, change: Any) -> Path:
    doc = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    return path


def test_programme__count_limit_and_minimum_total__hold_in_the_optimum(tmp_path: Path) -> None:
    from cores.portfolio import compile_problem, load, solve
    from cores.portfolio.io import dumps, loads

    base = solve(compile_problem(load(SAMPLE)))
    n_base = sum(1 for i in base.chosen if not load(SAMPLE).candidates[i].funded)

    def limit(doc: dict[str, Any]) -> None:
        doc["rules"]["count"] = {"max": n_base - 1}
        doc["rules"]["totals"] = [{"fund": "ERDF", "min": "100000.00"}]

    problem = load(_sample(tmp_path, limit))
    assert problem.rules.count_max == n_base - 1 and problem.rules.totals[0].min == 10_000_000
    sol = solve(compile_problem(problem))
    chosen = [problem.candidates[i] for i in sol.chosen]
    assert sum(1 for c in chosen if not c.funded) <= n_base - 1
    assert sol.score is not None and base.score is not None and sol.score <= base.score
    assert loads(dumps(problem)).rules == problem.rules  # written and read back the same


def test_programme__weight_statements_and_minimum__cut_the_weight_set(tmp_path: Path) -> None:
    from cores.portfolio import load
    from cores.portfolio.weights import extreme_points

    def statements(doc: dict[str, Any]) -> None:
        doc["robustness"]["weights"] = {"min": "0.05", "constraints": ["impact >= relevance + feasibility"]}

    problem = load(_sample(tmp_path, statements))
    points = extreme_points(problem)
    assert points
    for w in points:
        assert w[0] >= w[1] + w[2] and min(w) >= Fraction(1, 20) and sum(w) == 1


def test_programme__bad_statement__exit_2_naming_the_path(tmp_path: Path) -> None:
    def bad(doc: dict[str, Any]) -> None:
        doc["robustness"]["weights"]["constraints"] = ["impact >> relevance"]

    code, _, err = run_cli(str(_sample(tmp_path, bad)))
    assert code == EXIT_INVALID and "robustness.weights.constraints[0]:" in err


def test_programme__twelve_criteria_robust__no_traceback(tmp_path: Path) -> None:
    def many(doc: dict[str, Any]) -> None:
        extra = [f"k{j}" for j in range(8)]
        doc["criteria"] += [{"id": k, "name": k, "weight": "0.1", "scale": ["0", "5"]} for k in extra]
        for c in doc["candidates"]:
            c["scores"].update({k: "3" for k in extra})
        doc["robustness"]["weights"] = {"rank": ["impact", "relevance"], "min": "0.01"}

    code, out, err = run_cli(str(_sample(tmp_path, many)), "--robust", "--json", "--time-limit", "5")
    assert code == EXIT_OK, err
    assert json.loads(out)["robust"]["core_index"]


# ---- statements in words ------------------------------------------------------------------------------------

NAMES = {"Impact": "c1", "Relevance": "c2", "Feasibility": "c3", "Vaikuttavuus": "c1", "Osuvuus": "c2"}


@pytest.mark.parametrize(
    ("text", "coef"),
    [
        ("Impact at least as important as Relevance and Feasibility together", {"c1": 1, "c2": -1, "c3": -1}),
        ("impact is at least twice as important as relevance.", {"c1": 1, "c2": -2}),
        ("Relevance at most as important as Impact", {"c1": 1, "c2": -1}),
        ("Impact at least 1.5 times as important as Feasibility", {"c1": 1, "c3": Fraction(-3, 2)}),
        ("Vaikuttavuus vähintään yhtä tärkeä kuin Osuvuus", {"c1": 1, "c2": -1}),
        ("c1 >= c2 + c3", {"c1": 1, "c2": -1, "c3": -1}),
    ],
)
def test_words__read_as_a_statement(text: str, coef: dict[str, Fraction]) -> None:
    from cores.portfolio.general_format import statement_from_words

    st = statement_from_words(text, NAMES)
    assert {k: v for k, v in st.coef.items()} == {k: Fraction(v) for k, v in coef.items()} and st.rhs == 0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Impact at least as important as Cost", "unknown criterion 'cost'"),
        ("Impact matters most", "write it as"),
    ],
)
def test_words__not_understood__says_why(text: str, reason: str) -> None:
    from cores.portfolio.general_format import statement_from_words

    with pytest.raises(ValueError, match=reason):
        statement_from_words(text, NAMES)
