"""The portfolio problem: candidates, the steering group's rules, criteria and weights. Exact types only.

Money is integer cents (``int``), shares, weights and scores are :class:`fractions.Fraction`, so that a
frame is never exceeded by a rounding and two portfolios' scores compare exactly. ``validate`` returns
every inconsistency of a problem with the path of the offending field and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

CityShareMode = Literal["split", "full"]


@dataclass(frozen=True)
class Interval:
    """A closed interval of exact numbers; a point value has ``lo == hi``."""

    lo: Fraction
    hi: Fraction

    @classmethod
    def point(cls, value: Fraction | int) -> Interval:
        return cls(Fraction(value), Fraction(value))

    @property
    def mid(self) -> Fraction:
        return (self.lo + self.hi) / 2

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi


@dataclass(frozen=True)
class ShareRange:
    """Lower and upper bound of a share of the portfolio's frame money (None: no bound)."""

    min: Fraction | None = None
    max: Fraction | None = None


@dataclass(frozen=True)
class Fund:
    id: str
    name: str = ""
    carry_over: bool = False  # unused money of a year may be used in any later year


@dataclass(frozen=True)
class Theme:
    id: str
    name: str = ""
    share: ShareRange = ShareRange()
    funds: tuple[str, ...] | None = None  # eligible funds; None: every fund


@dataclass(frozen=True)
class City:
    id: str
    name: str = ""
    share: ShareRange = ShareRange()


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str = ""
    weight: Fraction | None = None  # the call's weight; normalised over all criteria
    scale: tuple[Fraction, Fraction] = (Fraction(0), Fraction(5))  # worst and best score


@dataclass(frozen=True)
class Candidate:
    """A proposal (or an already-funded project) with its planned yearly costs by fund."""

    id: str
    theme: str
    lead: str
    cities: tuple[str, ...]
    costs: Mapping[int, Mapping[str, int]]  # calendar year -> fund -> cents, as planned
    scores: Mapping[str, Interval]
    name: str = ""
    earliest_start: int | None = None  # the first cost year may move to any year in the window
    latest_start: int | None = None
    funded: bool = False  # already funded: always in, at its planned years

    @property
    def planned_start(self) -> int:
        return min(self.costs)

    @property
    def total_cents(self) -> int:
        return sum(amount for by_fund in self.costs.values() for amount in by_fund.values())

    def start_window(self) -> tuple[int, int]:
        if self.funded:
            return self.planned_start, self.planned_start
        earliest = self.planned_start if self.earliest_start is None else self.earliest_start
        latest = self.planned_start if self.latest_start is None else self.latest_start
        return earliest, latest

    def shifted_costs(self, start: int) -> dict[tuple[str, int], int]:
        """Cost by (fund, year) when the project starts in ``start`` instead of its planned start."""
        shift = start - self.planned_start
        out: dict[tuple[str, int], int] = {}
        for year, by_fund in self.costs.items():
            for fund, amount in by_fund.items():
                if amount:
                    key = (fund, year + shift)
                    out[key] = out.get(key, 0) + amount
        return out

    def fund_total(self, fund: str) -> int:
        return sum(by_fund.get(fund, 0) for by_fund in self.costs.values())


@dataclass(frozen=True)
class ExclusiveGroup:
    """Overlapping proposals: at most one of them may be in the portfolio."""

    id: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Dependency:
    """``project`` may be in the portfolio only if every one of ``requires`` is."""

    project: str
    requires: tuple[str, ...]


@dataclass(frozen=True)
class TotalLimit:
    """A minimum and/or maximum on the portfolio's money (cents) in one fund and/or year, or in all."""

    fund: str | None = None
    year: int | None = None
    min: int | None = None
    max: int | None = None

    @property
    def key(self) -> str:
        return f"{self.fund or 'all funds'} {self.year or 'all years'}"


@dataclass(frozen=True)
class WeightStatement:
    """A linear weight statement ``sum_k coef[k] w_k >= rhs``, as typed in ``text``."""

    coef: Mapping[str, Fraction]
    rhs: Fraction
    text: str


@dataclass(frozen=True)
class Rules:
    frames: Mapping[tuple[str, int], int] = field(default_factory=dict)  # (fund, year) -> cents
    must_in: frozenset[str] = frozenset()
    must_out: frozenset[str] = frozenset()
    exclusive: tuple[ExclusiveGroup, ...] = ()
    requires: tuple[Dependency, ...] = ()
    org_max_share: Fraction | None = None  # for every lead organisation
    org_max_share_overrides: Mapping[str, Fraction] = field(default_factory=dict)
    city_share_mode: CityShareMode = "split"
    count_min: int | None = None  # the number of proposals chosen (already-funded projects not counted)
    count_max: int | None = None
    totals: tuple[TotalLimit, ...] = ()


@dataclass(frozen=True)
class WeightSet:
    """What the steering group knows of the weights: intervals and/or a rank order (most important first).

    The feasible weights are ``{w >= 0, sum(w) = 1}`` intersected with every interval and every
    ``w[order[k]] >= w[order[k + 1]]``.
    """

    intervals: Mapping[str, Interval] = field(default_factory=dict)
    rank: tuple[str, ...] = ()
    min: Fraction = Fraction(0)  # every weight at least this
    statements: tuple[WeightStatement, ...] = ()  # e.g. "impact >= relevance + feasibility"


@dataclass(frozen=True)
class Problem:
    years: tuple[int, ...]
    funds: tuple[Fund, ...]
    themes: tuple[Theme, ...]
    cities: tuple[City, ...]
    criteria: tuple[Criterion, ...]
    candidates: tuple[Candidate, ...]
    rules: Rules = Rules()
    weight_set: WeightSet | None = None
    name: str = ""

    def candidate(self, candidate_id: str) -> Candidate:
        for cand in self.candidates:
            if cand.id == candidate_id:
                return cand
        raise KeyError(candidate_id)

    def frame(self, fund: str, year: int) -> int:
        return self.rules.frames.get((fund, year), 0)

    def total_frame(self) -> int:
        return sum(self.rules.frames.values())

    def point_weights(self) -> dict[str, Fraction]:
        """The call's weights normalised to sum 1; without any, the centroid of the weight set."""
        given = {c.id: c.weight for c in self.criteria if c.weight is not None}
        if given:
            total = sum(given.values(), Fraction(0))
            return {c.id: given.get(c.id, Fraction(0)) / total for c in self.criteria}
        from cores.portfolio.weights import extreme_points

        points = extreme_points(self)
        return {
            c.id: sum((p[k] for p in points), Fraction(0)) / len(points) for k, c in enumerate(self.criteria)
        }

    def with_rules(self, rules: Rules) -> Problem:
        return Problem(
            years=self.years,
            funds=self.funds,
            themes=self.themes,
            cities=self.cities,
            criteria=self.criteria,
            candidates=self.candidates,
            rules=rules,
            weight_set=self.weight_set,
            name=self.name,
        )


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a problem: where (a dotted path) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ProblemError(ValueError):
    """The problem is not valid; ``issues`` lists every reason with its path."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


def _share_ok(path: str, share: Fraction | None, issues: list[Issue]) -> None:
    if share is not None and not (0 <= share <= 1):
        issues.append(Issue(path, f"a share must be between 0 and 1 (0 % and 100 %), not {float(share):g}"))


def _range_ok(path: str, rng: ShareRange, issues: list[Issue]) -> None:
    _share_ok(f"{path}.min_share", rng.min, issues)
    _share_ok(f"{path}.max_share", rng.max, issues)
    if rng.min is not None and rng.max is not None and rng.min > rng.max:
        issues.append(Issue(path, "min_share is larger than max_share"))


def _unique(path: str, ids: list[str], what: str, issues: list[Issue]) -> None:
    seen: set[str] = set()
    for k, ident in enumerate(ids):
        if ident in seen:
            issues.append(Issue(f"{path}[{k}].id", f"{what} {ident!r} appears twice"))
        seen.add(ident)


def validate(problem: Problem) -> list[Issue]:
    """Every inconsistency in the problem (empty when it is valid)."""
    issues: list[Issue] = []
    years = set(problem.years)
    if not problem.years:
        issues.append(Issue("years", "no years given"))
    fund_ids = [f.id for f in problem.funds]
    theme_ids = [t.id for t in problem.themes]
    city_ids = [c.id for c in problem.cities]
    crit_ids = [c.id for c in problem.criteria]
    _unique("funds", fund_ids, "fund", issues)
    _unique("themes", theme_ids, "theme", issues)
    _unique("cities", city_ids, "city", issues)
    _unique("criteria", crit_ids, "criterion", issues)
    _unique("candidates", [c.id for c in problem.candidates], "candidate", issues)
    if not problem.criteria:
        issues.append(Issue("criteria", "at least one criterion is needed"))
    for k, theme in enumerate(problem.themes):
        _range_ok(f"themes[{k}]", theme.share, issues)
        for fund in theme.funds or ():
            if fund not in fund_ids:
                issues.append(Issue(f"themes[{k}].funds", f"unknown fund {fund!r}"))
    for k, city in enumerate(problem.cities):
        _range_ok(f"cities[{k}]", city.share, issues)
    for k, crit in enumerate(problem.criteria):
        if crit.weight is not None and crit.weight < 0:
            issues.append(Issue(f"criteria[{k}].weight", "a weight cannot be negative"))
        if crit.scale[0] >= crit.scale[1]:
            issues.append(Issue(f"criteria[{k}].scale", "the worst score must be below the best score"))
    weights = [c.weight for c in problem.criteria if c.weight is not None]
    if weights and len(weights) != len(problem.criteria):
        issues.append(Issue("criteria", "give a weight to every criterion or to none"))
    if weights and sum(weights) == 0:
        issues.append(Issue("criteria", "the weights sum to zero"))
    if not weights and problem.weight_set is None:
        issues.append(
            Issue("criteria", "no weights: give each criterion a weight, or a weight set under robustness")
        )
    rules = problem.rules
    for (fund, year), amount in rules.frames.items():
        if fund not in fund_ids:
            issues.append(Issue(f"frames.{fund}", f"unknown fund {fund!r}"))
        if year not in years:
            issues.append(Issue(f"frames.{fund}.{year}", f"{year} is not one of the problem's years"))
        if amount < 0:
            issues.append(Issue(f"frames.{fund}.{year}", "a frame cannot be negative"))
    themes = {t.id: t for t in problem.themes}
    for k, cand in enumerate(problem.candidates):
        path = f"candidates[{k}]"
        if cand.theme not in themes:
            issues.append(Issue(f"{path}.theme", f"unknown theme {cand.theme!r}"))
        for city_id in cand.cities:
            if city_id not in city_ids:
                issues.append(Issue(f"{path}.cities", f"unknown city {city_id!r}"))
        if len(set(cand.cities)) != len(cand.cities):
            issues.append(Issue(f"{path}.cities", "a city is listed twice"))
        if not cand.lead:
            issues.append(Issue(f"{path}.lead", "the lead organisation is missing"))
        if not cand.costs or cand.total_cents <= 0:
            issues.append(Issue(f"{path}.costs", "the candidate has no costs"))
            continue
        eligible = themes[cand.theme].funds if cand.theme in themes else None
        for year, by_fund in cand.costs.items():
            for fund, amount in by_fund.items():
                where = f"{path}.costs.{year}.{fund}"
                if fund not in fund_ids:
                    issues.append(Issue(where, f"unknown fund {fund!r}"))
                elif eligible is not None and amount and fund not in eligible:
                    issues.append(
                        Issue(
                            where,
                            f"{fund} cannot finance theme {cand.theme} (eligible: {', '.join(eligible)})",
                        )
                    )
                if amount < 0:
                    issues.append(Issue(where, "a cost cannot be negative"))
        earliest, latest = cand.start_window()
        if earliest > latest:
            issues.append(Issue(f"{path}.earliest_start", "earliest_start is after latest_start"))
        elif not cand.funded and cand.id not in rules.must_out and not start_options(problem, cand):
            issues.append(
                Issue(
                    f"{path}.costs",
                    f"no start year in {earliest}–{latest} keeps the costs within the years "
                    f"{min(problem.years)}–{max(problem.years)}",
                )
            )
        if cand.funded and any(y not in years for y in cand.costs):
            issues.append(
                Issue(f"{path}.costs", "an already-funded project has costs outside the problem's years")
            )
        for crit in problem.criteria:
            score = cand.scores.get(crit.id)
            if score is None:
                issues.append(Issue(f"{path}.scores.{crit.id}", "the score is missing"))
                continue
            if score.lo > score.hi:
                issues.append(
                    Issue(f"{path}.scores.{crit.id}", "the interval's lower end is above its upper end")
                )
            if score.lo < crit.scale[0] or score.hi > crit.scale[1]:
                issues.append(
                    Issue(
                        f"{path}.scores.{crit.id}",
                        f"outside the criterion's scale {float(crit.scale[0]):g}–{float(crit.scale[1]):g}",
                    )
                )
        for extra in sorted(set(cand.scores) - set(crit_ids)):
            issues.append(Issue(f"{path}.scores.{extra}", f"unknown criterion {extra!r}"))
    cand_ids = {c.id for c in problem.candidates}
    for name, ids in (("must_in", rules.must_in), ("must_out", rules.must_out)):
        for ident in sorted(ids):
            if ident not in cand_ids:
                issues.append(Issue(f"rules.{name}", f"unknown candidate {ident!r}"))
    for ident in sorted(rules.must_in & rules.must_out):
        issues.append(Issue("rules.must_in", f"{ident!r} is both a must-in and a must-out"))
    for cand in problem.candidates:
        if cand.funded and cand.id in rules.must_out:
            issues.append(Issue("rules.must_out", f"{cand.id!r} is already funded and cannot be left out"))
    for k, group in enumerate(rules.exclusive):
        if len(group.members) < 2:
            issues.append(Issue(f"rules.exclusive[{k}]", "a group needs at least two members"))
        for ident in group.members:
            if ident not in cand_ids:
                issues.append(Issue(f"rules.exclusive[{k}].members", f"unknown candidate {ident!r}"))
    for k, dep in enumerate(rules.requires):
        for ident in (dep.project, *dep.requires):
            if ident not in cand_ids:
                issues.append(Issue(f"rules.requires[{k}]", f"unknown candidate {ident!r}"))
        if dep.project in dep.requires:
            issues.append(Issue(f"rules.requires[{k}]", "a project cannot require itself"))
    _share_ok("rules.organisations.max_share", rules.org_max_share, issues)
    for org, share in rules.org_max_share_overrides.items():
        _share_ok(f"rules.organisations.overrides.{org}", share, issues)
    if rules.count_min is not None and rules.count_max is not None and rules.count_min > rules.count_max:
        issues.append(Issue("rules.count", "min is above max"))
    for k, lim in enumerate(rules.totals):
        if lim.fund is not None and lim.fund not in fund_ids:
            issues.append(Issue(f"rules.totals[{k}].fund", f"unknown fund {lim.fund!r}"))
        if lim.year is not None and lim.year not in years:
            issues.append(Issue(f"rules.totals[{k}].year", f"{lim.year} is not one of the problem's years"))
        if lim.min is None and lim.max is None:
            issues.append(Issue(f"rules.totals[{k}]", "give a min and/or a max"))
        elif lim.min is not None and lim.max is not None and lim.min > lim.max:
            issues.append(Issue(f"rules.totals[{k}]", "min is above max"))
    if rules.city_share_mode not in ("split", "full"):
        issues.append(Issue("rules.city_share", "must be 'split' or 'full'"))
    if problem.weight_set is not None:
        ws = problem.weight_set
        for crit_id, interval in ws.intervals.items():
            if crit_id not in crit_ids:
                issues.append(
                    Issue(f"robustness.weights.intervals.{crit_id}", f"unknown criterion {crit_id!r}")
                )
            if not (0 <= interval.lo <= interval.hi <= 1):
                issues.append(
                    Issue(f"robustness.weights.intervals.{crit_id}", "need 0 <= lower <= upper <= 1")
                )
        for crit_id in ws.rank:
            if crit_id not in crit_ids:
                issues.append(Issue("robustness.weights.rank", f"unknown criterion {crit_id!r}"))
        if len(set(ws.rank)) != len(ws.rank):
            issues.append(Issue("robustness.weights.rank", "a criterion is ranked twice"))
        if not issues:
            from cores.portfolio.weights import extreme_points

            if not extreme_points(problem):
                issues.append(
                    Issue("robustness.weights", "no weights satisfy these intervals and this rank order")
                )
    return issues


def start_options(problem: Problem, cand: Candidate) -> list[int]:
    """Start years in the candidate's window that keep every cost year within the problem's years."""
    if cand.funded:
        return [cand.planned_start]
    earliest, latest = cand.start_window()
    first, last = min(problem.years), max(problem.years)
    span_lo = min(cand.costs) - cand.planned_start
    span_hi = max(cand.costs) - cand.planned_start
    return [s for s in range(earliest, latest + 1) if s + span_lo >= first and s + span_hi <= last]


def check(problem: Problem) -> Problem:
    """The problem itself when it is valid; otherwise ``ProblemError`` listing every issue."""
    issues = validate(problem)
    if issues:
        raise ProblemError(issues)
    return problem
