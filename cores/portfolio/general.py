"""General portfolio problems in the shape papers print them, and their exact non-dominated sets.

A *general* problem (``kind: general``) has criteria, items with scores (a number or an interval
``[low, high]``, used as given) and named uses (cost, benefit, ...), limits (a minimum and/or maximum)
on any total of a use and on ``count`` (the number of items chosen), rules (must-in, must-out, exclusive
groups, dependencies) and the feasible weights: ``w >= min`` for every criterion, ``sum(w) = 1`` and any
linear statements such as ``"C1 >= C2 + C3"`` or ``"2 C2 <= C3"``.

Robust Portfolio Modelling (Liesiö, Mild & Salo 2007, EJOR 181; 2008, EJOR 190) defines the
non-dominated portfolios: ``p`` dominates ``q`` when ``V(p) >= V(q)`` for every feasible weight and
every score in its interval, and ``>`` for some. The test runs on the extreme points of the weight set
(``weight_vertices``); items in both portfolios cancel, so with interval scores it compares the low
scores of ``p \\ q`` against the high scores of ``q \\ p`` (and, for strictness, the reverse).

``non_dominated_dp`` computes the set exactly by dynamic programming over the items with dominance
pruning, in the style of the multi-objective knapsack literature (Bazgan, Hugot & Vanderpooten 2009):

* every limit and rule is a row ``min <= sum_i a_i x_i <= max`` (the count, an exclusive group's
  ``sum <= 1``, a dependency's ``x_B - x_A <= 0``); must-in items are forced, must-out items dropped;
* a state is a partial portfolio over the first ``k`` items: its value at every extreme point (low and
  high scores) and its row totals;
* a state is dropped when no completion can satisfy every row (the undecided items' least and largest
  possible contributions), when a known feasible portfolio dominates an upper bound of every completion's
  value (the LP bound of the knapsack rows per extreme point), or when another state of the same stage
  dominates it: better value (the RPM test on what differs) and rows at least as good for every
  completion (the interval of additions that keeps each row feasible is at least as wide);
* the states after the last item are the feasible portfolios left; a final RPM filter gives the set.

Each drop removes only portfolios some feasible portfolio dominates, so every non-dominated portfolio
survives. With a deadline, the search stops between (or inside) stages; the states then still hold a
prefix of every non-dominated portfolio, which proves some items *core* (in every state) or *exterior*
(in none) among the items already decided. The result says whether it is complete.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray

from cores.portfolio.model import Issue, ProblemError
from cores.portfolio.model import WeightStatement as Statement

MAX_CRITERIA = 30
MAX_VERTICES = 20000
_PICK_ALL = 400
_PARETO_BLOCK = 256
_PROJECTION = np.random.default_rng(12345).random(MAX_VERTICES)
IntArray = NDArray[np.int64]


# ---- the problem ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: str
    scores: dict[str, tuple[Fraction, Fraction]]  # criterion -> (low, high)
    uses: dict[str, Fraction]


@dataclass(frozen=True)
class Limit:
    min: Fraction | None = None
    max: Fraction | None = None


@dataclass(frozen=True)
class GeneralProblem:
    criteria: tuple[str, ...]
    items: tuple[Item, ...]
    limits: dict[str, Limit] = field(default_factory=dict)  # use name or "count" -> limit
    must_in: frozenset[str] = frozenset()
    must_out: frozenset[str] = frozenset()
    exclusive: tuple[tuple[str, ...], ...] = ()
    requires: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (item, items it needs)
    weight_min: Fraction = Fraction(0)
    statements: tuple[Statement, ...] = ()
    name: str = ""

    @property
    def has_intervals(self) -> bool:
        return any(lo != hi for it in self.items for lo, hi in it.scores.values())


# ---- reading --------------------------------------------------------------------------------------------


def _number(value: Any, path: str, issues: list[Issue]) -> Fraction | None:
    if isinstance(value, bool) or value is None:
        issues.append(Issue(path, f"a number is needed, not {value!r}"))
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            issues.append(Issue(path, "a finite number is needed"))
            return None
        return Fraction(repr(value))  # the decimal as typed (2.7 -> 27/10)
    if isinstance(value, str):
        text = value.strip().replace(",", ".").replace(" ", "")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            issues.append(Issue(path, f"not a number: {value!r}"))
            return None
    issues.append(Issue(path, f"a number is needed, not {type(value).__name__}"))
    return None


def _ident_list(value: Any, path: str, issues: list[Issue]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        issues.append(Issue(path, "a list of item ids is needed"))
        return []
    out = []
    for k, v in enumerate(value):
        if isinstance(v, (str, int)) and not isinstance(v, bool):
            out.append(str(v))
        else:
            issues.append(Issue(f"{path}[{k}]", "an item id is needed"))
    return out


_TERM = re.compile(r"^(?:(\d+(?:[.,]\d+)?(?:/\d+)?)\s*\*?\s*)?([A-Za-z_][\w.\-]*)?$")


def parse_statement(text: str, criteria: tuple[str, ...]) -> Statement:
    """``"C1 >= C2 + C3"``, ``"2 C2 <= C3"``, ``"C1 >= 0.1"``, ``"C1 = C2"`` -> ``coef . w >= rhs``.

    Raises ``ValueError`` with the reason. (An equality is returned as ``>=``; ``parse_statements`` adds
    the reverse.)
    """
    s = text.replace("≥", ">=").replace("≤", "<=").replace("−", "-").strip()
    m = re.match(r"^(.*?)(>=|<=|==|=|>|<)(.*)$", s)
    if not m:
        raise ValueError("a statement needs one of >=, <= or =")
    left, op, right = m.group(1), m.group(2), m.group(3)
    if op in (">", "<"):
        raise ValueError("use >= or <= (a strict inequality is not a closed weight set)")
    if re.search(r"(>=|<=|=)", right):
        raise ValueError("only one comparison per statement")
    coef: dict[str, Fraction] = {}
    const = Fraction(0)
    for side, sign in ((left, 1), (right, -1)):
        side = side.strip()
        if not side:
            raise ValueError("a side of the statement is empty")
        tokens = re.findall(r"[+-]?[^+-]+", side.replace(" ", " "))
        for tok in tokens:
            tok = tok.strip()
            neg = tok.startswith("-")
            tok = tok.lstrip("+-").strip()
            tm = _TERM.match(tok)
            if not tm or (tm.group(1) is None and tm.group(2) is None):
                raise ValueError(f"cannot read the term {tok!r}")
            num = Fraction(tm.group(1).replace(",", ".")) if tm.group(1) else Fraction(1)
            num = -num if neg else num
            name = tm.group(2)
            if name is None:
                const += sign * num
                continue
            if name not in criteria:
                raise ValueError(f"unknown criterion {name!r}")
            coef[name] = coef.get(name, Fraction(0)) + sign * num
    coef = {k: v for k, v in coef.items() if v}
    if op == "<=":
        coef = {k: -v for k, v in coef.items()}
        const = -const
    # coef . w + const >= 0
    return Statement(coef, -const, text)


def parse_statements(text: str, criteria: tuple[str, ...]) -> list[Statement]:
    st = parse_statement(text, criteria)
    if re.search(r"(?<![<>])==?(?!=)", text.replace(">=", "").replace("<=", "")):
        return [st, Statement({k: -v for k, v in st.coef.items()}, -st.rhs, text)]
    return [st]


def parse_general(data: Any) -> GeneralProblem:
    """A general problem from parsed YAML/JSON; ``ProblemError`` lists every issue with its path."""
    issues: list[Issue] = []
    if not isinstance(data, dict):
        raise ProblemError([Issue("(file)", "the problem must be a mapping with kind, criteria and items")])
    known = {"kind", "name", "criteria", "items", "limits", "rules", "weights"}
    for key in sorted(set(data) - known, key=str):
        issues.append(Issue(str(key), "unknown field"))
    raw_crit = data.get("criteria")
    criteria: list[str] = []
    if not isinstance(raw_crit, list) or not raw_crit:
        issues.append(Issue("criteria", "a list of criterion names is needed"))
    else:
        for k, c in enumerate(raw_crit):
            if isinstance(c, dict) and "id" in c:
                c = c["id"]
            if not isinstance(c, (str, int)) or isinstance(c, bool):
                issues.append(Issue(f"criteria[{k}]", "a criterion name is needed"))
                continue
            if str(c) in criteria:
                issues.append(Issue(f"criteria[{k}]", f"criterion {c!r} appears twice"))
            criteria.append(str(c))
    if len(criteria) > MAX_CRITERIA:
        issues.append(Issue("criteria", f"{len(criteria)} criteria; at most {MAX_CRITERIA} are supported"))
    crit = tuple(criteria)
    items: list[Item] = []
    raw_items = data.get("items")
    ids: list[str] = []
    if not isinstance(raw_items, list) or not raw_items:
        issues.append(Issue("items", "a list of items is needed"))
        raw_items = []
    for k, raw in enumerate(raw_items):
        path = f"items[{k}]"
        if not isinstance(raw, dict):
            issues.append(Issue(path, "an item is a mapping with id, scores and uses"))
            continue
        for key in sorted(set(raw) - {"id", "name", "scores", "uses"}, key=str):
            issues.append(Issue(f"{path}.{key}", "unknown field"))
        ident = raw.get("id")
        if not isinstance(ident, (str, int)) or isinstance(ident, bool) or str(ident) == "":
            issues.append(Issue(f"{path}.id", "an id is needed"))
            ident = f"#{k}"
        ident = str(ident)
        if ident in ids:
            issues.append(Issue(f"{path}.id", f"item {ident!r} appears twice"))
        ids.append(ident)
        scores: dict[str, tuple[Fraction, Fraction]] = {}
        raw_scores = raw.get("scores")
        if not isinstance(raw_scores, dict):
            issues.append(Issue(f"{path}.scores", "a mapping criterion -> score is needed"))
            raw_scores = {}
        for c in crit:
            if c not in raw_scores:
                issues.append(Issue(f"{path}.scores.{c}", "the score is missing"))
        for c, v in raw_scores.items():
            sp = f"{path}.scores.{c}"
            if str(c) not in crit:
                issues.append(Issue(sp, f"unknown criterion {c!r}"))
                continue
            if isinstance(v, list):
                if len(v) != 2:
                    issues.append(Issue(sp, "an interval is [low, high]"))
                    continue
                lo = _number(v[0], f"{sp}[0]", issues)
                hi = _number(v[1], f"{sp}[1]", issues)
                if lo is None or hi is None:
                    continue
                if lo > hi:
                    issues.append(Issue(sp, "the interval's low end is above its high end"))
                    continue
                scores[str(c)] = (lo, hi)
            else:
                x = _number(v, sp, issues)
                if x is not None:
                    scores[str(c)] = (x, x)
        uses: dict[str, Fraction] = {}
        raw_uses = raw.get("uses", {})
        if not isinstance(raw_uses, dict):
            issues.append(Issue(f"{path}.uses", "a mapping name -> amount is needed"))
            raw_uses = {}
        for u, v in raw_uses.items():
            if str(u) == "count":
                issues.append(Issue(f"{path}.uses.count", "'count' is the number of items; use another name"))
                continue
            x = _number(v, f"{path}.uses.{u}", issues)
            if x is not None:
                uses[str(u)] = x
        items.append(Item(ident, scores, uses))
    idset = set(ids)
    use_names = {u for it in items for u in it.uses}
    limits: dict[str, Limit] = {}
    raw_limits = data.get("limits") or {}
    if not isinstance(raw_limits, dict):
        issues.append(Issue("limits", "a mapping name -> {min, max} is needed"))
        raw_limits = {}
    for name, spec in raw_limits.items():
        lp = f"limits.{name}"
        if not isinstance(spec, dict) or not spec or set(spec) - {"min", "max"}:
            issues.append(Issue(lp, "a limit is {min: number} and/or {max: number}"))
            continue
        lo = _number(spec["min"], f"{lp}.min", issues) if "min" in spec else None
        hi = _number(spec["max"], f"{lp}.max", issues) if "max" in spec else None
        if lo is not None and hi is not None and lo > hi:
            issues.append(Issue(lp, "min is above max"))
        if str(name) != "count" and str(name) not in use_names:
            issues.append(Issue(lp, f"no item has a use called {name!r}"))
        limits[str(name)] = Limit(lo, hi)
    rules = data.get("rules") or {}
    must_in: list[str] = []
    must_out: list[str] = []
    exclusive: list[tuple[str, ...]] = []
    requires: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(rules, dict):
        issues.append(Issue("rules", "a mapping with must_in, must_out, exclusive, requires is needed"))
        rules = {}
    for key in sorted(set(rules) - {"must_in", "must_out", "exclusive", "requires"}, key=str):
        issues.append(Issue(f"rules.{key}", "unknown rule"))
    for name, bucket in (("must_in", must_in), ("must_out", must_out)):
        for k, ident in enumerate(_ident_list(rules.get(name), f"rules.{name}", issues)):
            if ident not in idset:
                issues.append(Issue(f"rules.{name}[{k}]", f"unknown item {ident!r}"))
            bucket.append(ident)
    for ident in sorted(set(must_in) & set(must_out)):
        issues.append(Issue("rules.must_in", f"{ident!r} is both must-in and must-out"))
    raw_ex = rules.get("exclusive") or []
    if not isinstance(raw_ex, list):
        issues.append(Issue("rules.exclusive", "a list of groups (lists of item ids) is needed"))
        raw_ex = []
    for k, group in enumerate(raw_ex):
        members = _ident_list(group, f"rules.exclusive[{k}]", issues)
        if len(members) < 2:
            issues.append(Issue(f"rules.exclusive[{k}]", "a group needs at least two items"))
        for ident in members:
            if ident not in idset:
                issues.append(Issue(f"rules.exclusive[{k}]", f"unknown item {ident!r}"))
        exclusive.append(tuple(members))
    raw_req = rules.get("requires") or []
    if not isinstance(raw_req, list):
        issues.append(Issue("rules.requires", "a list of {item: X, needs: [A, ...]} is needed"))
        raw_req = []
    for k, dep in enumerate(raw_req):
        rp = f"rules.requires[{k}]"
        if isinstance(dep, dict) and "item" in dep and "needs" in dep:
            item = str(dep["item"])
            needs_raw = dep["needs"] if isinstance(dep["needs"], list) else [dep["needs"]]
        elif isinstance(dep, list) and len(dep) == 2:  # [B, A]: B only with A
            item = str(dep[0])
            needs_raw = dep[1] if isinstance(dep[1], list) else [dep[1]]
        else:
            issues.append(Issue(rp, "a dependency is {item: B, needs: [A]} or [B, A] (B only with A)"))
            continue
        needs = tuple(str(x) for x in needs_raw)
        for ident in (item, *needs):
            if ident not in idset:
                issues.append(Issue(rp, f"unknown item {ident!r}"))
        if item in needs:
            issues.append(Issue(rp, "an item cannot require itself"))
        requires.append((item, needs))
    weights = data.get("weights") or {}
    if not isinstance(weights, dict):
        issues.append(Issue("weights", "a mapping with min and constraints is needed"))
        weights = {}
    for key in sorted(set(weights) - {"min", "constraints"}, key=str):
        issues.append(Issue(f"weights.{key}", "unknown field"))
    wmin = Fraction(0)
    if "min" in weights:
        x = _number(weights["min"], "weights.min", issues)
        if x is not None:
            if x < 0:
                issues.append(Issue("weights.min", "cannot be negative"))
            elif crit and x * len(crit) > 1:
                issues.append(Issue("weights.min", f"{len(crit)} weights of at least {x} sum to more than 1"))
            else:
                wmin = x
    statements: list[Statement] = []
    raw_st = weights.get("constraints") or []
    if not isinstance(raw_st, list):
        issues.append(Issue("weights.constraints", 'a list of statements such as "C1 >= C2 + C3"'))
        raw_st = []
    for k, text in enumerate(raw_st):
        if not isinstance(text, str):
            issues.append(Issue(f"weights.constraints[{k}]", 'a statement is a string such as "C1 >= C2"'))
            continue
        try:
            statements.extend(parse_statements(text, crit))
        except ValueError as exc:
            issues.append(Issue(f"weights.constraints[{k}]", f"{exc} in {text!r}"))
    name = data.get("name", "")
    if issues:
        raise ProblemError(issues)
    problem = GeneralProblem(
        criteria=crit,
        items=tuple(items),
        limits=limits,
        must_in=frozenset(must_in),
        must_out=frozenset(must_out),
        exclusive=tuple(exclusive),
        requires=tuple(requires),
        weight_min=wmin,
        statements=tuple(statements),
        name=str(name or ""),
    )
    try:
        pts = weight_vertices(problem)
    except ValueError as exc:
        raise ProblemError([Issue("weights", str(exc))]) from None
    if not pts:
        raise ProblemError([Issue("weights.constraints", "no weights satisfy these statements together")])
    return problem


def is_general(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == "general"


def load_general(path: str | Path) -> GeneralProblem:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError([Issue("(file)", f"cannot read the file: {exc.strerror}")]) from None
    return parse_general(read_data(text, json_format=p.suffix.lower() == ".json"))


def read_data(text: str, *, json_format: bool) -> Any:
    try:
        return json.loads(text) if json_format else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProblemError(
            [Issue("(file)", f"not valid {'JSON' if json_format else 'YAML'}: {exc}")]
        ) from None


# ---- the weight set ---------------------------------------------------------------------------------------

Point = tuple[Fraction, ...]


def weight_vertices(problem: GeneralProblem) -> list[Point]:
    """Extreme points of the problem's weight set ``{w >= min, sum(w) = 1, every statement}``."""
    index = {c: k for k, c in enumerate(problem.criteria)}
    rows: list[tuple[list[Fraction], Fraction]] = []
    for st in problem.statements:
        g = [Fraction(0)] * len(problem.criteria)
        for c, a in st.coef.items():
            g[index[c]] = a
        rows.append((g, st.rhs))
    return polytope_vertices(len(problem.criteria), problem.weight_min, rows)


def polytope_vertices(d: int, wmin: Fraction, rows: list[tuple[list[Fraction], Fraction]]) -> list[Point]:
    """Extreme points of ``{w >= wmin, sum(w) = 1, g . w >= h for every row}``, exactly (double description).

    Start from the simplex's vertices and cut by one row at a time: vertices on the wrong side
    go, and each edge between a kept and a removed vertex gives a new vertex where it crosses the
    row's plane. Two vertices are joined by an edge when no third vertex is on every row that is
    tight at both (the combinatorial test of the double description method).
    """
    if d > MAX_CRITERIA:
        raise ValueError(f"{d} criteria; at most {MAX_CRITERIA} are supported")
    m = wmin
    free = 1 - d * m
    if free < 0:
        return []
    verts: list[list[Fraction]] = []
    tight: list[set[int]] = []
    for k in range(d):
        v = [m] * d
        v[k] = m + free
        verts.append(v)
        tight.append({j for j in range(d) if j != k} if free > 0 else set(range(d)))
    if free == 0:
        verts, tight = verts[:1], [set(range(d))]
    row_id = d
    for g, rhs in rows:
        slack = [sum((g[k] * v[k] for k in range(d)), Fraction(0)) - rhs for v in verts]
        pos = [i for i, s in enumerate(slack) if s > 0]
        neg = [i for i, s in enumerate(slack) if s < 0]
        zero = [i for i, s in enumerate(slack) if s == 0]
        new_v: list[list[Fraction]] = []
        new_t: list[set[int]] = []
        for p in pos:
            for q in neg:
                common = tight[p] & tight[q]
                if len(common) < d - 2:
                    continue
                if any(r not in (p, q) and common <= tight[r] for r in range(len(verts))):
                    continue
                t = slack[p] / (slack[p] - slack[q])
                new_v.append([verts[p][k] + t * (verts[q][k] - verts[p][k]) for k in range(d)])
                new_t.append(common | {row_id})
        keep = pos + zero
        merged: dict[Point, set[int]] = {}
        for i in keep:
            tset = tight[i] | ({row_id} if i in zero else set())
            merged.setdefault(tuple(verts[i]), set()).update(tset)
        for v, tset in zip(new_v, new_t, strict=True):
            merged.setdefault(tuple(v), set()).update(tset)
        verts = [list(v) for v in merged]
        tight = list(merged.values())
        row_id += 1
        if not verts:
            return []
        if len(verts) > MAX_VERTICES:
            raise ValueError(f"the weight set has more than {MAX_VERTICES} extreme points")
    return sorted((tuple(v) for v in verts), reverse=True)


# ---- values and rows ------------------------------------------------------------------------------------


@dataclass
class Compiled:
    """The problem as integer arrays: item values at every extreme point and the rows."""

    problem: GeneralProblem
    points: list[Point]
    ids: list[str]  # the items that can be chosen (must-out dropped), in problem order
    lo: IntArray  # n x K, values with low scores (common integer unit)
    hi: IntArray  # n x K
    a: IntArray  # n x R row coefficients (integers)
    rmin: list[int | None]
    rmax: list[int | None]
    row_names: list[str]
    forced: NDArray[np.bool_]

    @property
    def n(self) -> int:
        return len(self.ids)


def _ints(values: list[list[Fraction]]) -> tuple[list[list[int]], int]:
    den = 1
    for row in values:
        for v in row:
            den = math.lcm(den, v.denominator)
    return [[int(v * den) for v in row] for row in values], den


def compile_general(problem: GeneralProblem, points: list[Point] | None = None) -> Compiled:
    pts = points if points is not None else weight_vertices(problem)
    items = [it for it in problem.items if it.id not in problem.must_out]
    ids = [it.id for it in items]
    lo_f = [
        [sum((w[k] * it.scores[c][0] for k, c in enumerate(problem.criteria)), Fraction(0)) for w in pts]
        for it in items
    ]
    hi_f = [
        [sum((w[k] * it.scores[c][1] for k, c in enumerate(problem.criteria)), Fraction(0)) for w in pts]
        for it in items
    ]
    both, _ = _ints(lo_f + hi_f)
    lo = np.array(both[: len(items)], dtype=object).reshape(len(items), len(pts))
    hi = np.array(both[len(items) :], dtype=object).reshape(len(items), len(pts))
    biggest = max((abs(int(x)) for x in np.concatenate([lo.ravel(), hi.ravel()])), default=0)
    if biggest * max(1, len(items)) >= 2**52:
        raise ValueError("the scores and weights need too many digits for exact comparisons")
    pos = {ident: k for k, ident in enumerate(ids)}
    rows: list[list[Fraction]] = []
    rmin_f: list[Fraction | None] = []
    rmax_f: list[Fraction | None] = []
    names: list[str] = []
    for name, lim in problem.limits.items():
        rows.append([Fraction(1) if name == "count" else it.uses.get(name, Fraction(0)) for it in items])
        rmin_f.append(lim.min)
        rmax_f.append(lim.max)
        names.append(f"limits.{name}")
    for k, group in enumerate(problem.exclusive):
        members = [g for g in group if g in pos]
        if len(members) >= 2:
            rows.append([Fraction(1) if ident in members else Fraction(0) for ident in ids])
            rmin_f.append(None)
            rmax_f.append(Fraction(1))
            names.append(f"rules.exclusive[{k}]")
    forced_out: set[str] = set()
    for k, (item, needs) in enumerate(problem.requires):
        for need in needs:
            if item not in pos:
                continue
            if need not in pos:  # the needed item is must-out: so is this one
                forced_out.add(item)
                continue
            row = [Fraction(0)] * len(ids)
            row[pos[item]] = Fraction(1)
            row[pos[need]] = Fraction(-1)
            rows.append(row)
            rmin_f.append(None)
            rmax_f.append(Fraction(0))
            names.append(f"rules.requires[{k}]")
    int_rows: list[list[int]] = []
    rmin: list[int | None] = []
    rmax: list[int | None] = []
    for row, lo_b, hi_b in zip(rows, rmin_f, rmax_f, strict=True):
        den = 1
        for v in [*row, *(b for b in (lo_b, hi_b) if b is not None)]:
            den = math.lcm(den, v.denominator)
        int_rows.append([int(v * den) for v in row])
        rmin.append(None if lo_b is None else int(lo_b * den))
        rmax.append(None if hi_b is None else int(hi_b * den))
    for ident in sorted(forced_out):  # an item whose needed item is must-out can never be chosen
        row = [Fraction(0)] * len(ids)
        row[pos[ident]] = Fraction(1)
        int_rows.append([int(v) for v in row])
        rmin.append(None)
        rmax.append(0)
        names.append(f"rules.requires ({ident} needs a must-out item)")
    a = np.array(int_rows, dtype=np.int64).T.reshape(len(ids), len(int_rows))
    forced = np.array([ident in problem.must_in for ident in ids], dtype=bool)
    return Compiled(problem, pts, ids, lo.astype(np.int64), hi.astype(np.int64), a, rmin, rmax, names, forced)


def feasible(cp: Compiled, chosen: list[int] | set[int] | frozenset[int]) -> bool:
    idx = sorted(chosen)
    if any(cp.forced[i] for i in range(cp.n)) and not all(i in chosen for i in np.nonzero(cp.forced)[0]):
        return False
    tot = cp.a[idx].sum(axis=0) if idx else np.zeros(cp.a.shape[1], dtype=np.int64)
    for r in range(cp.a.shape[1]):
        lo_b, hi_b = cp.rmin[r], cp.rmax[r]
        if lo_b is not None and int(tot[r]) < lo_b:
            return False
        if hi_b is not None and int(tot[r]) > hi_b:
            return False
    return True


def dominates(cp: Compiled, p: frozenset[int], q: frozenset[int]) -> bool:
    """The RPM pairwise test: does portfolio ``p`` dominate ``q``?"""
    only_p = sorted(p - q)
    only_q = sorted(q - p)
    k = cp.lo.shape[1]
    z = np.zeros(k, dtype=np.int64)
    worst = (cp.lo[only_p].sum(axis=0) if only_p else z) - (cp.hi[only_q].sum(axis=0) if only_q else z)
    best = (cp.hi[only_p].sum(axis=0) if only_p else z) - (cp.lo[only_q].sum(axis=0) if only_q else z)
    return bool(np.all(worst >= 0) and np.any(best > 0))


def filter_non_dominated(cp: Compiled, portfolios: list[frozenset[int]]) -> list[frozenset[int]]:
    """The portfolios no other of the list dominates (exact), highest centroid value first."""
    unique = sorted(set(portfolios), key=lambda s: sorted(s))
    if not unique:
        return []
    n = cp.n
    member = np.zeros((len(unique), n), dtype=np.float64)
    for k, s in enumerate(unique):
        member[k, sorted(s)] = 1.0
    lo_sum = member @ cp.lo.astype(np.float64)
    hi_sum = member @ cp.hi.astype(np.float64)
    centre = (lo_sum + hi_sum).sum(axis=1)
    order = np.argsort(-centre, kind="stable")
    delta = (cp.hi - cp.lo).astype(np.float64)
    intervals = bool(delta.any())
    kept: list[int] = []
    for k in order:
        if kept:
            kk = np.array(kept)
            common = member[kk] @ (delta * member[k][:, None]) if intervals else 0.0
            worst = lo_sum[kk] - hi_sum[k] + common
            best = hi_sum[kk] - lo_sum[k] - common
            if np.any(np.all(worst >= 0, axis=1) & np.any(best > 0, axis=1)):
                continue
        kept.append(int(k))
    return [unique[k] for k in kept]


def brute_force(cp: Compiled) -> list[frozenset[int]]:
    """Every feasible portfolio filtered for dominance: the reference for small problems."""
    n = cp.n
    if n > 22:
        raise ValueError("brute force is for at most 22 items")
    feas = [
        frozenset(i for i in range(n) if mask >> i & 1)
        for mask in range(1 << n)
        if feasible(cp, {i for i in range(n) if mask >> i & 1})
    ]
    return filter_non_dominated(cp, feas)


# ---- the dynamic programme ----------------------------------------------------------------------------------


@dataclass
class DPResult:
    portfolios: list[frozenset[int]]  # indices into Compiled.ids
    complete: bool
    seconds: float
    max_states: int = 0
    stages_done: int = 0
    proven_core: set[int] = field(default_factory=set)
    proven_exterior: set[int] = field(default_factory=set)
    note: str = ""


def _order(cp: Compiled) -> list[int]:
    """Forced items first, then by the sum of their ranks of value per use over the extreme points, worst first."""
    n = cp.n
    k = cp.lo.shape[1]
    mid = (cp.lo + cp.hi).astype(np.float64)
    # a normalised weight per item: its share of every max-limited row's capacity
    weight = np.zeros(n)
    for r in range(cp.a.shape[1]):
        cap = cp.rmax[r]
        if cap is not None and cap > 0 and (cp.a[:, r] >= 0).all():
            weight += cp.a[:, r] / float(cap)
    weight = np.maximum(weight, 1e-9)
    ranks = np.zeros((n, k))
    for e in range(k):
        ratio = mid[:, e] / weight
        order = np.argsort(-ratio, kind="stable")
        ranks[order, e] = np.arange(n)
    # measured: the least attractive items first keeps fewer states (50 items, 3 criteria: 4,897 at most
    # instead of 9,712 with the most attractive first)
    key = -ranks.sum(axis=1)
    forced = [i for i in range(n) if cp.forced[i]]
    rest = sorted((i for i in range(n) if not cp.forced[i]), key=lambda i: (key[i], i))
    return forced + rest


class _Greedy:
    """Feasible portfolios from greedy fills at weights (a lower set for the bound test)."""

    def __init__(self, cp: Compiled, seed: int = 0) -> None:
        self.cp = cp
        self.rng = random.Random(seed)

    def run(self, directions: int) -> list[frozenset[int]]:
        cp = self.cp
        k = cp.lo.shape[1]
        out: list[frozenset[int]] = []
        weight = np.zeros(cp.n)
        for r in range(cp.a.shape[1]):
            cap = cp.rmax[r]
            if cap is not None and cap > 0 and (cp.a[:, r] >= 0).all():
                weight += cp.a[:, r] / float(cap)
        weight = np.maximum(weight, 1e-9)
        dirs = [np.eye(k)[e] for e in range(k)] + [np.ones(k) / k]
        for _ in range(directions):
            x = np.array([self.rng.expovariate(1.0) for _ in range(k)])
            dirs.append(x / x.sum())
        for lam in dirs:
            val = cp.lo.astype(np.float64) @ lam
            for key in (val / weight, val):
                chosen = set(int(i) for i in np.nonzero(cp.forced)[0])
                tot = cp.a[sorted(chosen)].sum(axis=0) if chosen else np.zeros(cp.a.shape[1], dtype=np.int64)
                for i in np.argsort(-key, kind="stable"):
                    i = int(i)
                    if i in chosen or val[i] <= 0:
                        continue
                    new = tot + cp.a[i]
                    if all(b is None or new[r] <= b for r, b in enumerate(cp.rmax)):
                        chosen.add(i)
                        tot = new
                if feasible(cp, chosen):
                    out.append(frozenset(chosen))
        return out


def non_dominated_dp(
    cp: Compiled,
    *,
    deadline: float | None = None,
    bound_prune: bool = True,
    lower_directions: int = 30,
    block: int = 2048,
) -> DPResult:
    """The exact non-dominated portfolios (see the module's docstring); ``complete`` unless stopped."""
    t0 = time.perf_counter()
    n, k_pts = cp.n, cp.lo.shape[1]
    n_rows = cp.a.shape[1]
    order = _order(cp)
    intervals = bool((cp.hi != cp.lo).any())
    lo_f = cp.lo.astype(np.float64)
    hi_f = cp.hi.astype(np.float64)
    delta_f = hi_f - lo_f
    big = float(2**62)
    rmin = np.array([-big if v is None else float(v) for v in cp.rmin])
    rmax = np.array([big if v is None else float(v) for v in cp.rmax])
    a_f = cp.a.astype(np.float64)
    # remaining least/largest contributions after stage t (items order[t:])
    rem_neg = np.zeros((n + 1, n_rows))
    rem_pos = np.zeros((n + 1, n_rows))
    for t in range(n - 1, -1, -1):
        i = order[t]
        if cp.forced[i]:
            rem_neg[t] = rem_neg[t + 1] + a_f[i]
            rem_pos[t] = rem_pos[t + 1] + a_f[i]
        else:
            rem_neg[t] = rem_neg[t + 1] + np.minimum(0.0, a_f[i])
            rem_pos[t] = rem_pos[t + 1] + np.maximum(0.0, a_f[i])
    # lower set: feasible portfolios by greedy fills
    lower: list[frozenset[int]] = []
    if bound_prune:
        lower = filter_non_dominated(cp, _Greedy(cp).run(lower_directions))
    low_m = np.zeros((len(lower), n), dtype=bool)
    for r_, s_ in enumerate(lower):
        low_m[r_, sorted(s_)] = True
    low_vals = low_m.astype(np.float64) @ lo_f
    # knapsack rows for the bound: max-limited, non-negative coefficients
    kn_rows = [r for r in range(n_rows) if cp.rmax[r] is not None and (cp.a[:, r] >= 0).all()]
    # states
    member = np.zeros((1, n), dtype=bool)
    v_lo = np.zeros((1, k_pts))
    v_hi = np.zeros((1, k_pts))
    use = np.zeros((1, n_rows))
    max_states = 1
    complete = True
    note = ""
    stages_done = 0
    for t in range(n):
        if deadline is not None and time.perf_counter() > deadline:
            complete = False
            note = f"stopped at the time limit after {t} of {n} items"
            break
        i = order[t]
        with_i_use = use + a_f[i]
        if cp.forced[i]:
            member[:, i] = True
            v_lo, v_hi, use = v_lo + lo_f[i], v_hi + hi_f[i], with_i_use
        else:
            m2 = member.copy()
            m2[:, i] = True
            member = np.vstack([member, m2])
            v_lo = np.vstack([v_lo, v_lo + lo_f[i]])
            v_hi = np.vstack([v_hi, v_hi + hi_f[i]])
            use = np.vstack([use, with_i_use])
        # feasibility of some completion
        ok = np.all(use + rem_neg[t + 1] <= rmax, axis=1) & np.all(use + rem_pos[t + 1] >= rmin, axis=1)
        member, v_lo, v_hi, use = member[ok], v_lo[ok], v_hi[ok], use[ok]
        if not len(use):
            break
        # bound test against the lower set, improved by greedy completions of the states
        if bound_prune and t + 1 < n:
            # complete a spread of states: the best at the centroid and at each extreme point
            if len(v_lo) > _PICK_ALL:
                pick = np.unique(
                    np.concatenate(
                        [np.argsort(-v_lo.sum(axis=1))[:100]]
                        + [np.argsort(-v_lo[:, e])[:50] for e in range(k_pts)]
                    )
                )
            else:
                pick = np.arange(len(v_lo))
            extra_m, extra_v = _greedy_completions(
                cp, order[t + 1 :], member[pick], v_lo[pick], use[pick], lo_f, a_f, rmin, rmax
            )
            if len(extra_v):
                low_m = np.vstack([low_m, extra_m])
                low_vals = np.vstack([low_vals, extra_v])
                # duplicates out (by a random projection of the integer values; a rare collision only
                # drops a lower-set member, which weakens the bound test and nothing else)
                key = low_vals @ _PROJECTION[: low_vals.shape[1]]
                _, uniq = np.unique(key, return_index=True)
                low_m, low_vals = low_m[uniq], low_vals[uniq]
                keep_low = _prune_dominated(
                    low_m, low_vals, low_vals, np.zeros((len(low_vals), 0)), delta_f, False, block, None
                )
                assert keep_low is not None
                low_m, low_vals = low_m[keep_low], low_vals[keep_low]
        if bound_prune and len(low_vals) and t + 1 < n:
            ub = _upper_bounds(cp, order[t + 1 :], v_hi, use, kn_rows, hi_f, a_f, rmax)
            keep = np.ones(len(ub), dtype=bool)
            low_sum = low_vals.sum(axis=1)
            ub_sum = ub.sum(axis=1)
            step_b = max(16, int(4e6 // max(1, len(low_vals))))
            for s0 in range(0, len(ub), step_b):
                part = ub[s0 : s0 + step_b]
                # "at least as good everywhere" and a larger sum: strictly better somewhere
                dom = low_sum[None, :] > ub_sum[s0 : s0 + step_b, None]
                for e in range(k_pts):
                    dom &= low_vals[None, :, e] >= part[:, e, None]
                keep[s0 : s0 + step_b] = ~dom.any(axis=1)
            member, v_lo, v_hi, use = member[keep], v_lo[keep], v_hi[keep], use[keep]
        # dominance between states: rows by the interval of feasible additions
        lo_add = np.maximum(rmin - use, rem_neg[t + 1])  # smaller is better
        hi_add = np.minimum(rmax - use, rem_pos[t + 1])  # larger is better
        res = np.hstack([-lo_add, hi_add])
        keep_idx = _prune_dominated(
            member, v_lo, v_hi, res, delta_f, intervals, block, None if deadline is None else deadline
        )
        if keep_idx is None:  # stopped inside the stage: the unpruned states are still a valid superset
            complete = False
            note = f"stopped at the time limit at item {t + 1} of {n}"
            stages_done = t + 1
            max_states = max(max_states, len(use))
            break
        member, v_lo, v_hi, use = member[keep_idx], v_lo[keep_idx], v_hi[keep_idx], use[keep_idx]
        max_states = max(max_states, len(use))
        stages_done = t + 1
    decided = order[:stages_done]
    proven_core: set[int] = set()
    proven_ext: set[int] = set()
    if complete:
        finals = [frozenset(np.nonzero(row)[0].tolist()) for row in member]
        finals = [s for s in finals if feasible(cp, s)]
        nd = filter_non_dominated(cp, finals)
        for i in range(n):
            share = sum(1 for s in nd if i in s)
            if share == len(nd) and nd:
                proven_core.add(i)
            elif share == 0:
                proven_ext.add(i)
        return DPResult(nd, True, time.perf_counter() - t0, max_states, stages_done, proven_core, proven_ext)
    if len(member):
        for i in decided:
            col = member[:, i]
            if col.all():
                proven_core.add(i)
            elif not col.any():
                proven_ext.add(i)
    elif stages_done:  # no state left: nothing is feasible
        pass
    lower += [frozenset(np.nonzero(row)[0].tolist()) for row in low_m]
    found = filter_non_dominated(cp, lower or _Greedy(cp).run(lower_directions))
    return DPResult(
        found, False, time.perf_counter() - t0, max_states, stages_done, proven_core, proven_ext, note
    )


def _greedy_completions(
    cp: Compiled,
    rest: list[int],
    member: NDArray[np.bool_],
    v_lo: NDArray[np.float64],
    use: NDArray[np.float64],
    lo_f: NDArray[np.float64],
    a_f: NDArray[np.float64],
    rmin: NDArray[np.float64],
    rmax: NDArray[np.float64],
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Every state completed greedily (by value per use at each extreme point); the feasible ones."""
    k_pts = lo_f.shape[1]
    weight = np.zeros(cp.n)
    for r in range(a_f.shape[1]):
        if rmax[r] < 2**61 and rmax[r] > 0 and (a_f[:, r] >= 0).all():
            weight += a_f[:, r] / rmax[r]
    weight = np.maximum(weight, 1e-9)
    forced = [i for i in rest if cp.forced[i]]
    free = [i for i in rest if not cp.forced[i]]
    out_m: list[NDArray[np.bool_]] = []
    out_v: list[NDArray[np.float64]] = []
    dirs = [np.eye(k_pts)[e] for e in range(k_pts)] + ([np.ones(k_pts) / k_pts] if k_pts > 1 else [])
    for lam in dirs:
        m = member.copy()
        u = use.copy()
        if forced:
            m[:, forced] = True
            u = u + a_f[forced].sum(axis=0)
        val = lo_f @ lam
        for i in sorted(free, key=lambda j: -val[j] / weight[j]):
            if val[i] <= 0:
                continue
            nu = u + a_f[i]
            take = np.all(nu <= rmax, axis=1)
            u[take] = nu[take]
            m[take, i] = True
        ok = np.all(u <= rmax, axis=1) & np.all(u >= rmin, axis=1)
        out_m.append(m[ok])
        out_v.append(m[ok].astype(np.float64) @ lo_f)
    return np.vstack(out_m), np.vstack(out_v)


def _upper_bounds(
    cp: Compiled,
    rest: list[int],
    v_hi: NDArray[np.float64],
    use: NDArray[np.float64],
    kn_rows: list[int],
    hi_f: NDArray[np.float64],
    a_f: NDArray[np.float64],
    rmax: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Per state and extreme point: its best-case value plus an upper bound of any completion's.

    Without a knapsack row: every remaining positive value. With one: the LP (Dantzig) bound of that
    row with the state's residual capacity (the minimum over the rows; each is valid).
    """
    s, k_pts = v_hi.shape
    forced_rest = [i for i in rest if cp.forced[i]]
    free_rest = [i for i in rest if not cp.forced[i]]
    base = v_hi + (hi_f[forced_rest].sum(axis=0) if forced_rest else 0.0)
    vals = np.maximum(hi_f[free_rest], 0.0) if free_rest else np.zeros((0, k_pts))
    best = np.tile(vals.sum(axis=0), (s, 1))
    if not free_rest:
        return base
    forced_use = a_f[forced_rest].sum(axis=0) if forced_rest else np.zeros(a_f.shape[1])
    for r in kn_rows:
        w = a_f[free_rest, r]
        cap = rmax[r] - use[:, r] - forced_use[r]
        cap = np.maximum(cap, 0.0)
        zero = w <= 0
        free_val = vals[zero].sum(axis=0)
        wp = w[~zero]
        if not len(wp):
            best = np.minimum(best, np.tile(free_val, (s, 1)))
            continue
        for e in range(k_pts):
            v = vals[~zero, e]
            ordr = np.argsort(-(v / wp), kind="stable")
            cw = np.concatenate([[0.0], np.cumsum(wp[ordr])])
            cv = np.concatenate([[0.0], np.cumsum(v[ordr])])
            idx = np.searchsorted(cw, cap, side="right") - 1  # whole items that fit
            idx = np.minimum(idx, len(wp))
            bound = cv[idx]
            nxt = np.minimum(idx, len(wp) - 1)
            part = np.where(idx < len(wp), (cap - cw[idx]) * (v[ordr][nxt] / wp[ordr][nxt]), 0.0)
            bound = bound + part + free_val[e]
            best[:, e] = np.minimum(best[:, e], bound)
    out: NDArray[np.float64] = base + best
    return out


def _prune_dominated(
    member: NDArray[np.bool_],
    v_lo: NDArray[np.float64],
    v_hi: NDArray[np.float64],
    res: NDArray[np.float64],
    delta: NDArray[np.float64],
    intervals: bool,
    block: int,
    deadline: float | None,
) -> NDArray[np.int64] | None:
    """Indices of the states no other state dominates (None when the deadline passed)."""
    s = len(v_lo)
    centre = (v_lo + v_hi).sum(axis=1)
    order = np.argsort(-centre, kind="stable")
    v_lo, v_hi, res, member = v_lo[order], v_hi[order], res[order], member[order]
    centre = centre[order]
    # drop the row columns that are the same for every state (they decide nothing)
    if len(res):
        res = res[:, np.any(res != res[0], axis=0)]
    if not intervals:
        return _prune_pareto(order, np.hstack([v_lo, res]), centre, block, deadline)
    mf = member.astype(np.float64) if intervals else None
    alive = np.ones(s, dtype=bool)
    for b0 in range(0, s, block):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        b1 = min(s, b0 + block)
        cand = np.nonzero(alive[:b1])[0]  # possible dominators: alive and not lower in centroid order
        q = np.arange(b0, b1)
        q = q[alive[b0:b1]]
        if not len(q) or not len(cand):
            continue
        step = max(64, int(4e6 // len(q)))
        for c0 in range(0, len(cand), step):
            cc = cand[c0 : c0 + step]
            # a dominator is strictly higher at the centroid (given "never worse", this is the strictness)
            dom = centre[cc][:, None] > centre[q][None, :]
            for j in range(res.shape[1]):
                dom &= res[cc, j][:, None] >= res[q, j][None, :]
            if not dom.any():
                continue
            if intervals:
                assert mf is not None
                for e in range(v_lo.shape[1]):
                    common = (mf[cc] * delta[:, e]) @ mf[q].T
                    dom &= v_lo[cc, e][:, None] - v_hi[q, e][None, :] + common >= 0
            else:
                for e in range(v_lo.shape[1]):
                    dom &= v_lo[cc, e][:, None] >= v_lo[q, e][None, :]
            hit = dom.any(axis=0)
            alive[q[hit]] = False
            q = q[~hit]
            if not len(q):
                break
    return np.sort(order[alive])


def _prune_pareto(
    order: NDArray[np.int64],
    x: NDArray[np.float64],
    centre: NDArray[np.float64],
    block: int,
    deadline: float | None,
) -> NDArray[np.int64] | None:
    """``_prune_dominated`` without interval scores: plain dominance of the columns of ``x``.

    The rows of ``x`` are in decreasing ``centre`` order (a dominator is strictly higher there and so
    comes first). Levers, each measured in ``benchmarks/portfolio/robust_dp.py``: integers below 2**24
    compare exactly as float32 (half the memory traffic); the query states go in small blocks, and
    only the alive states at least as high as a block's least value in every column can dominate a
    state of the block, so they are picked first (a cheap O(states x columns) filter per block
    before the quadratic test).
    """
    s = len(x)
    if s and float(np.abs(x).max()) < 2**24 and float(np.abs(centre).max()) < 2**24:
        x = x.astype(np.float32)
        centre = centre.astype(np.float32)
    alive = np.ones(s, dtype=bool)
    small = min(block, _PARETO_BLOCK)
    for b0 in range(0, s, small):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        b1 = min(s, b0 + small)
        q = np.arange(b0, b1)
        if not b0:
            cand = np.arange(b1)
        else:
            floor = x[b0:b1].min(axis=0)
            head = x[:b1]
            ok = alive[:b1].copy()
            for j in range(x.shape[1]):
                ok &= head[:, j] >= floor[j]
            cand = np.nonzero(ok)[0]
        if not len(cand):
            continue
        step = max(64, int(4e6 // len(q)))
        for c0 in range(0, len(cand), step):
            cc = cand[c0 : c0 + step]
            dom = centre[cc][:, None] > centre[q][None, :]
            for j in range(x.shape[1]):
                dom &= x[cc, j][:, None] >= x[q, j][None, :]
            hit = dom.any(axis=0)
            alive[q[hit]] = False
            q = q[~hit]
            if not len(q):
                break
    return np.sort(order[alive])


# ---- the analysis as a whole ------------------------------------------------------------------------------


@dataclass
class GeneralResult:
    problem: GeneralProblem
    compiled: Compiled
    dp: DPResult

    @property
    def complete(self) -> bool:
        return self.dp.complete

    def portfolios(self) -> list[list[str]]:
        ids = self.compiled.ids
        return [sorted((ids[i] for i in s), key=self._rank) for s in self.dp.portfolios]

    def _rank(self, ident: str) -> int:
        return [it.id for it in self.problem.items].index(ident)

    def core_index(self) -> dict[str, Fraction]:
        """Share of the (found) non-dominated portfolios holding each item; exact only when complete."""
        nd = self.dp.portfolios
        out: dict[str, Fraction] = {}
        pos = {ident: k for k, ident in enumerate(self.compiled.ids)}
        for it in self.problem.items:
            if it.id not in pos or not nd:
                out[it.id] = Fraction(0)
            else:
                out[it.id] = Fraction(sum(1 for s in nd if pos[it.id] in s), len(nd))
        return out

    def classification(self) -> dict[str, str]:
        """core / exterior / borderline when proven; ``unknown`` for what an incomplete run cannot tell."""
        pos = {ident: k for k, ident in enumerate(self.compiled.ids)}
        out: dict[str, str] = {}
        for it in self.problem.items:
            if it.id not in pos:
                out[it.id] = "exterior"  # must-out
                continue
            i = pos[it.id]
            if i in self.dp.proven_core:
                out[it.id] = "core"
            elif i in self.dp.proven_exterior:
                out[it.id] = "exterior"
            elif self.dp.complete:
                out[it.id] = "borderline"
            else:
                out[it.id] = "unknown"
        return out

    def core_index_range(self) -> dict[str, tuple[Fraction, Fraction]]:
        """What is proven of each core index: exact when complete; [0, 1] unless core or exterior."""
        ci = self.core_index()
        cls = self.classification()
        out: dict[str, tuple[Fraction, Fraction]] = {}
        for ident, c in cls.items():
            if self.dp.complete:
                out[ident] = (ci[ident], ci[ident])
            elif c == "core":
                out[ident] = (Fraction(1), Fraction(1))
            elif c == "exterior":
                out[ident] = (Fraction(0), Fraction(0))
            else:
                out[ident] = (Fraction(0), Fraction(1))
        return out


def analyse(problem: GeneralProblem, *, time_limit: float | None = 60.0) -> GeneralResult:
    """The non-dominated portfolios of a general problem, exact unless the time limit stops it."""
    t0 = time.perf_counter()
    cp = compile_general(problem)
    deadline = None if time_limit is None else t0 + time_limit
    dp = non_dominated_dp(cp, deadline=deadline)
    dp.seconds = time.perf_counter() - t0
    return GeneralResult(problem, cp, dp)


def to_json(res: GeneralResult) -> dict[str, Any]:
    ci = res.core_index()
    rng = res.core_index_range()
    return {
        "kind": "general",
        "name": res.problem.name,
        "method": "exact dynamic programming with dominance pruning",
        "complete": res.complete,
        "note": res.dp.note
        or ("" if res.complete else "incomplete: portfolios found are feasible but not proven non-dominated"),
        "seconds": round(res.dp.seconds, 3),
        "criteria": list(res.problem.criteria),
        "extreme_points": [[str(w) for w in p] for p in res.compiled.points],
        "non_dominated_count": len(res.dp.portfolios),
        "non_dominated": res.portfolios(),
        "core_index": {k: float(v) for k, v in ci.items()},
        "core_index_exact": {k: str(v) for k, v in ci.items()} if res.complete else None,
        "core_index_approximate": not res.complete,
        "core_index_range": {k: [float(a), float(b)] for k, (a, b) in rng.items()},
        "classification": res.classification(),
        "states_max": res.dp.max_states,
    }


def render(res: GeneralResult) -> str:
    ci = res.core_index()
    rng = res.core_index_range()
    cls = res.classification()
    lines = [
        f"Robust portfolio analysis: {res.problem.name or 'general problem'}",
        f"Weight set: {len(res.problem.criteria)} criteria, {len(res.compiled.points)} extreme points",
    ]
    if res.complete:
        lines.append(
            f"Status: COMPLETE: exactly {len(res.dp.portfolios)} non-dominated portfolios "
            f"({res.dp.seconds:.2f} s)"
        )
    else:
        lines.append(
            f"Status: INCOMPLETE ({res.dp.note}); {len(res.dp.portfolios)} feasible portfolios found, "
            "not proven non-dominated; core indices below are approximate, ranges are what is proven"
        )
    lines.append("")
    width = max([4, *(len(it.id) for it in res.problem.items)])
    head = "core index" if res.complete else "approx. (proven range)"
    lines.append(f"{'item'.ljust(width)}  {head:>24}  class")
    for it in res.problem.items:
        a, b = rng[it.id]
        val = (
            f"{float(ci[it.id]):.3f}"
            if res.complete
            else f"~{float(ci[it.id]):.3f} ({float(a):g}–{float(b):g})"
        )
        lines.append(f"{it.id.ljust(width)}  {val:>24}  {cls[it.id]}")
    lines.append("")
    shown = res.portfolios()[:20]
    lines.append(
        f"Non-dominated portfolios (first {len(shown)}):"
        if res.complete
        else f"Portfolios found (first {len(shown)}):"
    )
    for p in shown:
        lines.append("  " + ", ".join(p))
    return "\n".join(lines) + "\n"


# ---- statements in words ------------------------------------------------------------------------------------

_WORD_FORMS = (
    # English: "A at least as important as B and C together", "A at least twice as important as B"
    re.compile(
        r"^(?P<a>.+?)\s+(?:is\s+)?at\s+(?P<dir>least|most)\s+(?:(?P<k>[\d.,/]+|twice|two|three)\s+(?:times\s+)?)?"
        r"as\s+important\s+as\s+(?P<rest>.+?)(?:\s+(?:together|combined))?$"
    ),
    # Finnish: "A vähintään yhtä tärkeä kuin B ja C yhteensä", "A vähintään 2 kertaa niin tärkeä kuin B"
    re.compile(
        r"^(?P<a>.+?)\s+(?:on\s+)?(?P<dir>vähintään|enintään)\s+(?:(?P<k>[\d.,/]+|kaksi)\s+kertaa\s+)?"
        r"(?:yhtä\s+|niin\s+)?tärkeä\s+kuin\s+(?P<rest>.+?)(?:\s+(?:yhteensä|yhdessä))?$"
    ),
    # Swedish: "A minst lika viktig som B och C tillsammans", "A minst 2 gånger så viktig som B"
    re.compile(
        r"^(?P<a>.+?)\s+(?:är\s+)?(?P<dir>minst|högst)\s+(?:(?P<k>[\d.,/]+|två)\s+gånger\s+)?"
        r"(?:lika\s+|så\s+)?viktig\s+som\s+(?P<rest>.+?)(?:\s+tillsammans)?$"
    ),
)
_WORD_NUMBERS = {"twice": 2, "two": 2, "three": 3, "kaksi": 2, "två": 2}
_AT_LEAST = {"least", "vähintään", "minst"}


def statement_from_words(text: str, names: dict[str, str]) -> Statement:
    """A weight statement written in words, e.g. "Impact at least as important as Reach and Cost together".

    ``names`` maps a criterion's name (any case) to its id. Understood (in English, Finnish, Swedish):
    "A at least/at most [k times] as important as B [and C ...] [together]" -> ``w_A >= k (w_B + w_C)``
    (or ``<=``); a statement with symbols ("A >= B + C", with the criteria's ids) is read as it is.
    Raises ``ValueError`` saying what was not understood.
    """
    clean = " ".join(text.strip().rstrip(".").split())
    lowered = clean.lower()
    by_name = {n.strip().lower(): ident for n, ident in names.items()}
    for form in _WORD_FORMS:
        m = form.match(lowered)
        if not m:
            continue
        a = m.group("a").strip()
        parts = [p.strip() for p in re.split(r",|\s+and\s+|\s+ja\s+|\s+och\s+", m.group("rest")) if p.strip()]
        unknown = [x for x in [a, *parts] if x not in by_name]
        if unknown:
            known = ", ".join(sorted(names))
            raise ValueError(f"unknown criterion {unknown[0]!r} (the criteria are: {known})")
        raw_k = m.group("k")
        k = Fraction(1)
        if raw_k:
            k = (
                Fraction(_WORD_NUMBERS[raw_k])
                if raw_k in _WORD_NUMBERS
                else Fraction(raw_k.replace(",", "."))
            )
        coef: dict[str, Fraction] = {by_name[a]: Fraction(1)}
        for p in parts:
            coef[by_name[p]] = coef.get(by_name[p], Fraction(0)) - k
        if m.group("dir") not in _AT_LEAST:
            coef = {c: -v for c, v in coef.items()}
        return Statement({c: v for c, v in coef.items() if v}, Fraction(0), clean)
    if re.search(r"[<>=≤≥]", clean):
        return parse_statement(clean, tuple(names.values()))
    raise ValueError(
        'write it as "A at least as important as B (and C together)" or "A at most as important as B"'
    )


def statement_text(st: Statement) -> str:
    """A statement with symbols and the criteria's ids: ``"c1 >= 2 c2 + c3"`` (readable by ``parse_statement``)."""

    def side(terms: list[tuple[str, Fraction]]) -> str:
        return " + ".join(f"{v} {c}" if v != 1 else c for c, v in terms) or "0"

    left = [(c, v) for c, v in st.coef.items() if v > 0]
    right = [(c, -v) for c, v in st.coef.items() if v < 0]
    rhs = f" + {st.rhs}" if st.rhs > 0 else (f" - {-st.rhs}" if st.rhs < 0 else "")
    return f"{side(left)} >= {side(right)}{rhs}"
