"""General portfolio problems in the shape papers print them: the format and its reading.

A *general* problem (``kind: general``) has criteria, items with scores (a number or an interval
``[low, high]``, used as given) and named uses (cost, benefit, ...), limits (a minimum and/or maximum)
on any total of a use and on ``count`` (the number of items chosen), rules (must-in, must-out, exclusive
groups, dependencies) and the feasible weights: ``w >= min`` for every criterion, ``sum(w) = 1`` and any
linear statements such as ``"C1 >= C2 + C3"`` or ``"2 C2 <= C3"``. Statements can also be read from
words ("A at least as important as B and C together", ``statement_from_words``).

The sets it defines are in ``general_sets`` (values and dominance), ``general_dp`` (the exact
dynamic programme) and ``general`` (the analysis as a whole).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from cores.portfolio.general_sets import MAX_CRITERIA, weight_vertices
from cores.portfolio.model import Issue, ProblemError
from cores.portfolio.model import WeightStatement as Statement

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
