"""Problem files (JSON or YAML) to :class:`Problem` and back, with errors naming the path and the reason.

Money is written as decimal euro strings ("1234.56", "1 234,56") or whole euros as integers, and becomes
exact cents through ``cores.money``; a floating-point amount is refused, since it may not be exact.
Shares are "45 %", "0.45" or "9/20"; scores and weights are decimals or fractions; an interval score is a
two-element list ``[low, high]``. Every problem found is reported at once, each with its path, e.g.
``candidates[3].costs.2024.ERDF: '12,5x' is not a number``. See docs/decision-support.md for the format
and docs/examples/portfolio-problem.yaml for an example.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from cores.money import MoneyError, from_cents, parse_amount, to_cents
from cores.portfolio.general_format import parse_statements, statement_text
from cores.portfolio.model import (
    Candidate,
    City,
    Criterion,
    Dependency,
    ExclusiveGroup,
    Fund,
    Interval,
    Issue,
    Problem,
    ProblemError,
    Rules,
    ShareRange,
    Theme,
    TotalLimit,
    WeightSet,
    WeightStatement,
    validate,
)

TOP_KEYS = {
    "name",
    "years",
    "funds",
    "frames",
    "themes",
    "cities",
    "city_share",
    "organisations",
    "criteria",
    "robustness",
    "rules",
    "candidates",
    "version",
}


class _Reader:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def fail(self, path: str, message: str) -> None:
        self.issues.append(Issue(path, message))

    def mapping(self, value: Any, path: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(path or "(file)", f"expected a mapping (key: value), not {type(value).__name__}")
            return {}
        out = {str(k): v for k, v in value.items()}
        if allowed is not None:
            for key in sorted(set(out) - allowed):
                self.fail(
                    f"{path}.{key}" if path else key,
                    f"unknown field (expected one of: {', '.join(sorted(allowed))})",
                )
        return out

    def items(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"expected a list, not {type(value).__name__}")
            return []
        return value

    def text(self, value: Any, path: str, *, required: bool = True) -> str:
        if value is None:
            if required:
                self.fail(path, "is required")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(path, f"expected text, not {type(value).__name__}")
            return ""
        return str(value).strip()

    def year(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool):
            self.fail(path, "expected a year")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        self.fail(path, f"{value!r} is not a year")
        return None

    def number(self, value: Any, path: str) -> Fraction | None:
        """An exact number: int, decimal string, fraction "p/q", or a float read by its shortest repr."""
        if isinstance(value, bool) or value is None:
            self.fail(path, "expected a number")
            return None
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, float):
            return Fraction(Decimal(repr(value)))
        if isinstance(value, str):
            raw = value.strip().replace(",", ".")
            try:
                if "/" in raw:
                    num, den = raw.split("/", 1)
                    return Fraction(int(num.strip()), int(den.strip()))
                dec = Decimal(raw)
                if not dec.is_finite():
                    raise InvalidOperation
                return Fraction(dec)
            except (InvalidOperation, ValueError, ZeroDivisionError):
                self.fail(path, f"{value!r} is not a number")
                return None
        self.fail(path, f"expected a number, not {type(value).__name__}")
        return None

    def share(self, value: Any, path: str) -> Fraction | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip().endswith("%"):
            number = self.number(value.strip()[:-1].strip(), path)
            return None if number is None else number / 100
        return self.number(value, path)

    def money(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool | float):
            self.fail(path, f'write money as a string such as "1234.50" so that it is exact, not {value!r}')
            return None
        if isinstance(value, int):
            if value < 0:
                self.fail(path, "a cost cannot be negative")
                return None
            return value * 100
        if not isinstance(value, str):
            self.fail(path, 'expected an amount of money such as "1234.50"')
            return None
        try:
            return to_cents(parse_amount(value))
        except MoneyError as exc:
            self.fail(path, str(exc))
            return None

    def score(self, value: Any, path: str) -> Interval | None:
        if isinstance(value, list):
            if len(value) != 2:
                self.fail(path, "an interval is a list of two numbers [low, high]")
                return None
            lo = self.number(value[0], f"{path}[0]")
            hi = self.number(value[1], f"{path}[1]")
            return None if lo is None or hi is None else Interval(lo, hi)
        number = self.number(value, path)
        return None if number is None else Interval.point(number)

    def ids(self, value: Any, path: str) -> tuple[str, ...]:
        return tuple(self.text(v, f"{path}[{k}]") for k, v in enumerate(self.items(value, path)))


def _years(r: _Reader, value: Any) -> tuple[int, ...]:
    if isinstance(value, Mapping):
        first = r.year(value.get("first"), "years.first")
        last = r.year(value.get("last"), "years.last")
        if first is None or last is None:
            return ()
        if first > last:
            r.fail("years", "the first year is after the last")
            return ()
        return tuple(range(first, last + 1))
    read = [r.year(v, f"years[{k}]") for k, v in enumerate(r.items(value, "years"))]
    years = [y for y in read if y is not None]
    if len(read) == 2 and len(years) == 2:  # [first, last]
        if years[0] > years[1]:
            r.fail("years", "the first year is after the last")
            return ()
        return tuple(range(years[0], years[1] + 1))
    return tuple(sorted(years))


def parse(data: Any) -> Problem:
    """A problem from the parsed JSON/YAML document; ``ProblemError`` lists every problem with its path."""
    r = _Reader()
    top = r.mapping(data, "", TOP_KEYS)
    if not top and not r.issues:
        raise ProblemError([Issue("(file)", "the problem file is empty")])
    years = _years(r, top.get("years"))
    funds = []
    for k, f in enumerate(r.items(top.get("funds"), "funds")):
        path = f"funds[{k}]"
        m = r.mapping(f, path, {"id", "name", "carry_over"})
        carry = m.get("carry_over", False)
        if not isinstance(carry, bool):
            r.fail(f"{path}.carry_over", "expected true or false")
            carry = False
        funds.append(
            Fund(
                r.text(m.get("id"), f"{path}.id"),
                r.text(m.get("name"), f"{path}.name", required=False),
                carry,
            )
        )
    frames: dict[tuple[str, int], int] = {}
    for fund_id, by_year in r.mapping(top.get("frames"), "frames").items():
        for year_key, amount in r.mapping(by_year, f"frames.{fund_id}").items():
            year = r.year(year_key, f"frames.{fund_id}.{year_key}")
            cents = r.money(amount, f"frames.{fund_id}.{year_key}")
            if year is not None and cents is not None:
                frames[(fund_id, year)] = cents
    themes = []
    for k, t in enumerate(r.items(top.get("themes"), "themes")):
        path = f"themes[{k}]"
        m = r.mapping(t, path, {"id", "name", "min_share", "max_share", "funds"})
        eligible = r.ids(m["funds"], f"{path}.funds") if "funds" in m else None
        themes.append(
            Theme(
                r.text(m.get("id"), f"{path}.id"),
                r.text(m.get("name"), f"{path}.name", required=False),
                ShareRange(
                    r.share(m.get("min_share"), f"{path}.min_share"),
                    r.share(m.get("max_share"), f"{path}.max_share"),
                ),
                eligible,
            )
        )
    cities = []
    for k, c in enumerate(r.items(top.get("cities"), "cities")):
        path = f"cities[{k}]"
        m = r.mapping(c, path, {"id", "name", "min_share", "max_share"})
        cities.append(
            City(
                r.text(m.get("id"), f"{path}.id"),
                r.text(m.get("name"), f"{path}.name", required=False),
                ShareRange(
                    r.share(m.get("min_share"), f"{path}.min_share"),
                    r.share(m.get("max_share"), f"{path}.max_share"),
                ),
            )
        )
    criteria = []
    for k, c in enumerate(r.items(top.get("criteria"), "criteria")):
        path = f"criteria[{k}]"
        m = r.mapping(c, path, {"id", "name", "weight", "scale"})
        weight = r.number(m["weight"], f"{path}.weight") if m.get("weight") is not None else None
        scale = (Fraction(0), Fraction(5))
        if "scale" in m:
            pair = r.items(m["scale"], f"{path}.scale")
            if len(pair) != 2:
                r.fail(f"{path}.scale", "the scale is a list [worst, best]")
            else:
                lo, hi = r.number(pair[0], f"{path}.scale[0]"), r.number(pair[1], f"{path}.scale[1]")
                if lo is not None and hi is not None:
                    scale = (lo, hi)
        criteria.append(
            Criterion(
                r.text(m.get("id"), f"{path}.id"),
                r.text(m.get("name"), f"{path}.name", required=False),
                weight,
                scale,
            )
        )
    orgs = r.mapping(top.get("organisations"), "organisations", {"max_share", "overrides"})
    org_cap = r.share(orgs.get("max_share"), "organisations.max_share")
    overrides: dict[str, Fraction] = {}
    for org, share in r.mapping(orgs.get("overrides"), "organisations.overrides").items():
        value = r.share(share, f"organisations.overrides.{org}")
        if value is not None:
            overrides[org] = value
    city_share = top.get("city_share", "split")
    if city_share not in ("split", "full"):
        r.fail(
            "city_share",
            "must be 'split' (a project's money is divided equally between its cities) or 'full'",
        )
        city_share = "split"
    rules_m = r.mapping(
        top.get("rules"), "rules", {"must_in", "must_out", "exclusive", "requires", "count", "totals"}
    )
    count_m = r.mapping(rules_m.get("count"), "rules.count", {"min", "max"})
    count_lim: dict[str, int | None] = {}
    for end in ("min", "max"):
        value = count_m.get(end)
        if value is None:
            count_lim[end] = None
        elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            count_lim[end] = value
        else:
            r.fail(f"rules.count.{end}", "a whole number of proposals (0 or more) is needed")
            count_lim[end] = None
    totals = []
    for k, t in enumerate(r.items(rules_m.get("totals"), "rules.totals")):
        path = f"rules.totals[{k}]"
        m = r.mapping(t, path, {"fund", "year", "min", "max"})
        totals.append(
            TotalLimit(
                fund=r.text(m.get("fund"), f"{path}.fund", required=False) or None,
                year=r.year(m.get("year"), f"{path}.year") if m.get("year") is not None else None,
                min=r.money(m.get("min"), f"{path}.min") if m.get("min") is not None else None,
                max=r.money(m.get("max"), f"{path}.max") if m.get("max") is not None else None,
            )
        )
    exclusive = []
    for k, g in enumerate(r.items(rules_m.get("exclusive"), "rules.exclusive")):
        path = f"rules.exclusive[{k}]"
        if isinstance(g, list):
            exclusive.append(ExclusiveGroup(f"G{k + 1}", r.ids(g, path)))
            continue
        m = r.mapping(g, path, {"id", "members"})
        exclusive.append(
            ExclusiveGroup(
                r.text(m.get("id"), f"{path}.id", required=False) or f"G{k + 1}",
                r.ids(m.get("members"), f"{path}.members"),
            )
        )
    requires = []
    for k, d in enumerate(r.items(rules_m.get("requires"), "rules.requires")):
        path = f"rules.requires[{k}]"
        m = r.mapping(d, path, {"project", "requires"})
        needed = m.get("requires")
        needed_ids = (
            (r.text(needed, f"{path}.requires"),)
            if isinstance(needed, str)
            else r.ids(needed, f"{path}.requires")
        )
        requires.append(Dependency(r.text(m.get("project"), f"{path}.project"), needed_ids))
    weight_set = None
    if top.get("robustness") is not None:
        rob = r.mapping(top.get("robustness"), "robustness", {"weights"})
        wm = r.mapping(rob.get("weights"), "robustness.weights", {"intervals", "rank", "min", "constraints"})
        intervals: dict[str, Interval] = {}
        for crit, pair in r.mapping(wm.get("intervals"), "robustness.weights.intervals").items():
            interval = r.score(pair, f"robustness.weights.intervals.{crit}")
            if interval is not None:
                intervals[crit] = interval
        wmin = Fraction(0)
        if wm.get("min") is not None:
            got = r.number(wm.get("min"), "robustness.weights.min")
            if got is not None and got >= 0:
                wmin = got
            elif got is not None:
                r.fail("robustness.weights.min", "cannot be negative")
        statements: list[WeightStatement] = []
        crit_names = tuple(
            str(c.get("id")) for c in (top.get("criteria") or []) if isinstance(c, dict) and c.get("id")
        )
        for k, text in enumerate(r.items(wm.get("constraints"), "robustness.weights.constraints")):
            where = f"robustness.weights.constraints[{k}]"
            if not isinstance(text, str):
                r.fail(where, 'a statement is a string such as "impact >= relevance + feasibility"')
                continue
            try:
                statements.extend(parse_statements(text, crit_names))
            except ValueError as exc:
                r.fail(where, f"{exc} in {text!r}")
        weight_set = WeightSet(
            intervals, r.ids(wm.get("rank"), "robustness.weights.rank"), wmin, tuple(statements)
        )
    candidates = []
    cand_keys = {
        "id",
        "name",
        "theme",
        "lead",
        "cities",
        "costs",
        "earliest_start",
        "latest_start",
        "scores",
        "funded",
    }
    for k, c in enumerate(r.items(top.get("candidates"), "candidates")):
        path = f"candidates[{k}]"
        m = r.mapping(c, path, cand_keys)
        costs: dict[int, dict[str, int]] = {}
        for year_key, by_fund in r.mapping(m.get("costs"), f"{path}.costs").items():
            year = r.year(year_key, f"{path}.costs.{year_key}")
            row: dict[str, int] = {}
            for fund_id, amount in r.mapping(by_fund, f"{path}.costs.{year_key}").items():
                cents = r.money(amount, f"{path}.costs.{year_key}.{fund_id}")
                if cents is not None:
                    row[fund_id] = cents
            if year is not None:
                costs[year] = row
        scores: dict[str, Interval] = {}
        for crit, value in r.mapping(m.get("scores"), f"{path}.scores").items():
            score = r.score(value, f"{path}.scores.{crit}")
            if score is not None:
                scores[crit] = score
        funded = m.get("funded", False)
        if not isinstance(funded, bool):
            r.fail(f"{path}.funded", "expected true or false")
            funded = False
        earliest = (
            r.year(m["earliest_start"], f"{path}.earliest_start")
            if m.get("earliest_start") is not None
            else None
        )
        latest = (
            r.year(m["latest_start"], f"{path}.latest_start") if m.get("latest_start") is not None else None
        )
        candidates.append(
            Candidate(
                id=r.text(m.get("id"), f"{path}.id"),
                name=r.text(m.get("name"), f"{path}.name", required=False),
                theme=r.text(m.get("theme"), f"{path}.theme"),
                lead=r.text(m.get("lead"), f"{path}.lead"),
                cities=r.ids(m.get("cities"), f"{path}.cities"),
                costs=costs,
                scores=scores,
                earliest_start=earliest,
                latest_start=latest,
                funded=funded,
            )
        )
    if r.issues:
        raise ProblemError(r.issues)
    problem = Problem(
        years=years,
        funds=tuple(funds),
        themes=tuple(themes),
        cities=tuple(cities),
        criteria=tuple(criteria),
        candidates=tuple(candidates),
        rules=Rules(
            frames=frames,
            must_in=frozenset(r.ids(rules_m.get("must_in"), "rules.must_in")),
            must_out=frozenset(r.ids(rules_m.get("must_out"), "rules.must_out")),
            exclusive=tuple(exclusive),
            requires=tuple(requires),
            org_max_share=org_cap,
            org_max_share_overrides=overrides,
            city_share_mode=city_share,
            count_min=count_lim["min"],
            count_max=count_lim["max"],
            totals=tuple(totals),
        ),
        weight_set=weight_set,
        name=r.text(top.get("name"), "name", required=False),
    )
    issues = validate(problem)
    if issues:
        raise ProblemError(issues)
    return problem


def loads(text: str, *, fmt: str = "yaml") -> Problem:
    """Parse JSON or YAML text (YAML also reads JSON)."""
    try:
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProblemError([Issue("(file)", f"not valid {fmt.upper()}: {exc}")]) from None
    return parse(data)


def load(path: str | Path) -> Problem:
    """A problem file: ``.json`` as JSON, anything else as YAML."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError([Issue("(file)", f"cannot read {p.name}: {exc.strerror}")]) from None
    return loads(text, fmt="json" if p.suffix.lower() == ".json" else "yaml")


def _num(value: Fraction) -> str:
    """An exact number as text: a decimal when it has one, otherwise ``p/q``."""
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den == 1:
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value.numerator}/{value.denominator}"


def _money(cents: int) -> str:
    return str(from_cents(cents))


def _range(rng: ShareRange) -> dict[str, str]:
    out = {}
    if rng.min is not None:
        out["min_share"] = _num(rng.min)
    if rng.max is not None:
        out["max_share"] = _num(rng.max)
    return out


def _score(score: Interval) -> str | list[str]:
    return _num(score.lo) if score.is_point else [_num(score.lo), _num(score.hi)]


def dump(problem: Problem) -> dict[str, Any]:
    """The problem as a JSON/YAML-ready document that ``parse`` reads back to an equal problem."""
    doc: dict[str, Any] = {"name": problem.name, "years": list(problem.years)}
    doc["funds"] = [{"id": f.id, "name": f.name, "carry_over": f.carry_over} for f in problem.funds]
    frames: dict[str, dict[int, str]] = {}
    for (fund, year), cents in sorted(problem.rules.frames.items()):
        frames.setdefault(fund, {})[year] = _money(cents)
    doc["frames"] = frames
    doc["themes"] = [
        {
            "id": t.id,
            "name": t.name,
            **_range(t.share),
            **({"funds": list(t.funds)} if t.funds is not None else {}),
        }
        for t in problem.themes
    ]
    doc["cities"] = [{"id": c.id, "name": c.name, **_range(c.share)} for c in problem.cities]
    doc["city_share"] = problem.rules.city_share_mode
    orgs: dict[str, Any] = {}
    if problem.rules.org_max_share is not None:
        orgs["max_share"] = _num(problem.rules.org_max_share)
    if problem.rules.org_max_share_overrides:
        orgs["overrides"] = {k: _num(v) for k, v in problem.rules.org_max_share_overrides.items()}
    doc["organisations"] = orgs
    doc["criteria"] = [
        {
            "id": c.id,
            "name": c.name,
            **({"weight": _num(c.weight)} if c.weight is not None else {}),
            "scale": [_num(c.scale[0]), _num(c.scale[1])],
        }
        for c in problem.criteria
    ]
    if problem.weight_set is not None:
        ws = problem.weight_set
        doc["robustness"] = {
            "weights": {
                "intervals": {k: [_num(v.lo), _num(v.hi)] for k, v in ws.intervals.items()},
                "rank": list(ws.rank),
                **({"min": _num(ws.min)} if ws.min else {}),
                **({"constraints": [statement_text(st) for st in ws.statements]} if ws.statements else {}),
            }
        }
    r = problem.rules
    doc["rules"] = {
        "must_in": sorted(r.must_in),
        "must_out": sorted(r.must_out),
        "exclusive": [{"id": g.id, "members": list(g.members)} for g in r.exclusive],
        "requires": [{"project": d.project, "requires": list(d.requires)} for d in r.requires],
    }
    if r.count_min is not None or r.count_max is not None:
        doc["rules"]["count"] = {
            k: v for k, v in (("min", r.count_min), ("max", r.count_max)) if v is not None
        }
    if r.totals:
        doc["rules"]["totals"] = [
            {
                **({"fund": t.fund} if t.fund else {}),
                **({"year": t.year} if t.year else {}),
                **({"min": _money(t.min)} if t.min is not None else {}),
                **({"max": _money(t.max)} if t.max is not None else {}),
            }
            for t in r.totals
        ]
    cands = []
    for c in problem.candidates:
        entry: dict[str, Any] = {
            "id": c.id,
            "name": c.name,
            "theme": c.theme,
            "lead": c.lead,
            "cities": list(c.cities),
        }
        entry["costs"] = {
            year: {f: _money(a) for f, a in by_fund.items()} for year, by_fund in sorted(c.costs.items())
        }
        if c.earliest_start is not None:
            entry["earliest_start"] = c.earliest_start
        if c.latest_start is not None:
            entry["latest_start"] = c.latest_start
        entry["scores"] = {k: _score(v) for k, v in c.scores.items()}
        if c.funded:
            entry["funded"] = True
        cands.append(entry)
    doc["candidates"] = cands
    return doc


def dumps(problem: Problem, *, fmt: str = "yaml") -> str:
    doc = dump(problem)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110)
