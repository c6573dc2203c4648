"""The problem as linear rows over 0/1 decisions with exact integer coefficients.

A decision variable is an *option*: one candidate starting in one allowed year. A candidate is in the
portfolio when one of its options is chosen (``y_i = sum_s x_is <= 1``). Every rule becomes rows
``sum_j a_j x_j <= b`` with integers ``a_j`` and ``b``:

* frame of fund f in year t: ``sum cost(f, t) <= frame(f, t)``; with carry-over, cumulatively:
  ``sum_{y <= t} cost(f, y) <= sum_{y <= t} frame(f, y)`` for every t;
* share rules on the portfolio's frame money ``T = sum_i c_i y_i`` (``c_i`` the candidate's total frame
  money over every year and fund, already-funded projects included): a theme's money ``A_k`` within
  ``[lo, hi]`` of ``T`` is ``q A_k - p T <= 0`` for ``hi = p/q`` (and ``p T - q A_k <= 0`` for ``lo``);
  a city's money counts a project split equally between its cities (``split``) or fully (``full``);
  a lead organisation's money at most its share of ``T``;
* must-in ``y_i >= 1``, must-out ``y_i <= 0``, already funded ``y_i >= 1`` at the planned years,
  mutually exclusive ``sum_{i in G} y_i <= 1``, dependency ``y_B - y_A <= 0``.

Values are exact fractions: ``v_i = sum_c w_c (s_ic - worst_c) / (best_c - worst_c)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

from cores.portfolio.model import Candidate, Problem, check, start_options


@dataclass(frozen=True)
class RuleRef:
    """Which rule a row comes from: ``kind`` and the rule's key (a fund/year, theme, city, id)."""

    kind: str
    key: str

    def label(self) -> str:
        labels = {
            "frame": "frame {key}",
            "theme_min": "minimum share of theme {key}",
            "theme_max": "maximum share of theme {key}",
            "city_min": "minimum share of {key}",
            "city_max": "maximum share of {key}",
            "org_max": "maximum share of organisation {key}",
            "must_in": "{key} must be in",
            "must_out": "{key} must be out",
            "funded": "{key} is already funded",
            "exclusive": "at most one of group {key}",
            "requires": "dependency {key}",
            "one_start": "{key} starts once",
            "count_max": "at most {key} proposals",
            "count_min": "at least {key} proposals",
            "total_max": "maximum of the money in {key}",
            "total_min": "minimum of the money in {key}",
        }
        return labels.get(self.kind, "{kind} {key}").format(kind=self.kind, key=self.key)


@dataclass
class Row:
    ref: RuleRef
    coef: dict[int, int]  # option index -> integer coefficient
    rhs: int  # the row is  sum coef[j] x_j <= rhs


@dataclass(frozen=True)
class Option:
    cand: int  # index into problem.candidates
    start: int
    cost: dict[tuple[str, int], int]  # (fund, year) -> cents


@dataclass
class LinearModel:
    problem: Problem
    options: list[Option]
    by_cand: list[list[int]]  # candidate index -> its option indices
    rows: list[Row]
    value: list[Fraction]  # per candidate, at the point weights and mid scores
    total_cost: list[int]  # per candidate, cents over every year and fund
    frame_rows: dict[tuple[str, int], int] = field(default_factory=dict)  # (fund, year) -> row index

    @property
    def n(self) -> int:
        return len(self.by_cand)

    def option_value(self, j: int) -> Fraction:
        return self.value[self.options[j].cand]

    def lhs(self, row: Row, chosen: set[int]) -> int:
        return sum(a for j, a in row.coef.items() if j in chosen)

    def violations(self, chosen: set[int]) -> list[tuple[Row, int]]:
        """Rows broken by the chosen options, each with its left-hand side (exact integers)."""
        out = []
        for row in self.rows:
            lhs = self.lhs(row, chosen)
            if lhs > row.rhs:
                out.append((row, lhs))
        return out

    def is_feasible(self, chosen: set[int]) -> bool:
        return not self.violations(chosen)

    def score(self, cands: set[int] | list[int]) -> Fraction:
        return sum((self.value[i] for i in cands), Fraction(0))


def candidate_value(
    problem: Problem, cand: Candidate, weights: dict[str, Fraction], *, which: str = "mid"
) -> Fraction:
    """``sum_c w_c (s_c - worst_c) / (best_c - worst_c)`` with the score's lower, middle or upper end."""
    total = Fraction(0)
    for crit in problem.criteria:
        score = cand.scores[crit.id]
        s = score.lo if which == "lo" else score.hi if which == "hi" else score.mid
        worst, best = crit.scale
        total += weights[crit.id] * (s - worst) / (best - worst)
    return total


def criterion_values(problem: Problem, cand: Candidate, which: str) -> list[Fraction]:
    """The candidate's normalised score per criterion (0 worst, 1 best): lower, middle or upper end."""
    out = []
    for crit in problem.criteria:
        score = cand.scores[crit.id]
        s = score.lo if which == "lo" else score.hi if which == "hi" else score.mid
        worst, best = crit.scale
        out.append((s - worst) / (best - worst))
    return out


def _share_row(
    kind: str, key: str, weight: dict[int, Fraction], share: Fraction, cost: list[int], upper: bool
) -> Row:
    """``q * sum(weight_i c_i y_i) - p * sum(c_i y_i) <= 0`` (upper) or its mirror (lower), in integers."""
    p, q = share.numerator, share.denominator
    mult = lcm(*(w.denominator for w in weight.values())) if weight else 1
    coef: dict[int, int] = {}
    for i, c in enumerate(cost):
        w = weight.get(i, Fraction(0))
        a = int(q * mult * w) * c - p * mult * c
        coef[i] = a if upper else -a
    return Row(RuleRef(kind, key), coef, 0)


def compile_problem(problem: Problem, *, weights: dict[str, Fraction] | None = None) -> LinearModel:
    """Rows over options for every rule of the (validated) problem."""
    check(problem)
    weights = weights if weights is not None else problem.point_weights()
    cands = problem.candidates
    index = {c.id: i for i, c in enumerate(cands)}
    options: list[Option] = []
    by_cand: list[list[int]] = []
    for i, cand in enumerate(cands):
        mine = []
        if cand.id not in problem.rules.must_out:
            for start in start_options(problem, cand):
                mine.append(len(options))
                options.append(Option(i, start, cand.shifted_costs(start)))
        by_cand.append(mine)
    total_cost = [c.total_cents for c in cands]
    value = [candidate_value(problem, c, weights) for c in cands]
    rows: list[Row] = []

    def cand_rows(ref: RuleRef, cand_coef: dict[int, int], rhs: int) -> Row:
        coef: dict[int, int] = {}
        for i, a in cand_coef.items():
            if a:
                for j in by_cand[i]:
                    coef[j] = a
        return Row(ref, coef, rhs)

    frame_rows: dict[tuple[str, int], int] = {}
    years = sorted(problem.years)
    for fund in problem.funds:
        for t in years:
            span = [y for y in years if y <= t] if fund.carry_over else [t]
            coef: dict[int, int] = {}
            for j, opt in enumerate(options):
                a = sum(opt.cost.get((fund.id, y), 0) for y in span)
                if a:
                    coef[j] = a
            rhs = sum(problem.frame(fund.id, y) for y in span)
            frame_rows[(fund.id, t)] = len(rows)
            rows.append(Row(RuleRef("frame", f"{fund.id} {t}"), coef, rhs))
    for theme in problem.themes:
        members = {i: Fraction(1) for i, c in enumerate(cands) if c.theme == theme.id}
        for bound, upper, kind in (
            (theme.share.max, True, "theme_max"),
            (theme.share.min, False, "theme_min"),
        ):
            if bound is not None and not (upper and bound >= 1) and not (not upper and bound <= 0):
                rows.append(_expand(_share_row(kind, theme.id, members, bound, total_cost, upper), by_cand))
    split = problem.rules.city_share_mode == "split"
    for city in problem.cities:
        weight = {
            i: (Fraction(1, len(c.cities)) if split else Fraction(1))
            for i, c in enumerate(cands)
            if city.id in c.cities
        }
        for bound, upper, kind in ((city.share.max, True, "city_max"), (city.share.min, False, "city_min")):
            if bound is not None and not (upper and bound >= 1) and not (not upper and bound <= 0):
                rows.append(_expand(_share_row(kind, city.id, weight, bound, total_cost, upper), by_cand))
    leads = sorted({c.lead for c in cands})
    for org in leads:
        cap = problem.rules.org_max_share_overrides.get(org, problem.rules.org_max_share)
        if cap is None or cap >= 1:
            continue
        members = {i: Fraction(1) for i, c in enumerate(cands) if c.lead == org}
        rows.append(_expand(_share_row("org_max", org, members, cap, total_cost, True), by_cand))
    for i, cand in enumerate(cands):
        if len(by_cand[i]) > 1:
            rows.append(cand_rows(RuleRef("one_start", cand.id), {i: 1}, 1))
    for i, cand in enumerate(cands):
        if cand.funded:
            rows.append(cand_rows(RuleRef("funded", cand.id), {i: -1}, -1))
        elif cand.id in problem.rules.must_in:
            rows.append(cand_rows(RuleRef("must_in", cand.id), {i: -1}, -1))
    for group in problem.rules.exclusive:
        rows.append(cand_rows(RuleRef("exclusive", group.id), {index[m]: 1 for m in group.members}, 1))
    for dep in problem.rules.requires:
        for req in dep.requires:
            rows.append(
                cand_rows(
                    RuleRef("requires", f"{dep.project} needs {req}"),
                    {index[dep.project]: 1, index[req]: -1},
                    0,
                )
            )
    rules = problem.rules
    chosen = {i: 1 for i, c in enumerate(cands) if not c.funded}
    if rules.count_max is not None:
        rows.append(cand_rows(RuleRef("count_max", str(rules.count_max)), chosen, rules.count_max))
    if rules.count_min is not None:
        rows.append(
            cand_rows(RuleRef("count_min", str(rules.count_min)), {i: -1 for i in chosen}, -rules.count_min)
        )
    for lim in rules.totals:
        coef_t: dict[int, int] = {}
        for j, opt in enumerate(options):
            a = sum(
                amount
                for (fund_id, year), amount in opt.cost.items()
                if (lim.fund is None or fund_id == lim.fund) and (lim.year is None or year == lim.year)
            )
            if a:
                coef_t[j] = a
        if lim.max is not None:
            rows.append(Row(RuleRef("total_max", lim.key), coef_t, lim.max))
        if lim.min is not None:
            rows.append(Row(RuleRef("total_min", lim.key), {j: -a for j, a in coef_t.items()}, -lim.min))
    return LinearModel(problem, options, by_cand, rows, value, total_cost, frame_rows)


def _expand(row: Row, by_cand: list[list[int]]) -> Row:
    """A row written on candidates, rewritten on their options."""
    coef: dict[int, int] = {}
    for i, a in row.coef.items():
        if a:
            for j in by_cand[i]:
                coef[j] = a
    return Row(row.ref, coef, row.rhs)
