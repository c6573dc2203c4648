"""Explanations a steering group can read, each from exact re-solves of the MILP.

* **Binding rules.** Slack and LP duals do not say whether a rule costs score in a 0/1 problem (a frame
  with money left can still block every remaining proposal). A rule *binds* when relaxing it raises the
  optimum: each rule is relaxed in turn (a share rule or a must-in/exclusive/dependency rule removed, a
  frame raised by ``frame_step`` of that year's money) and the problem solved again; the score gain is
  reported. The base portfolio stays feasible in the relaxed problem, so it warm-starts the re-solve.
* **Rejected proposals.** For each, the problem is solved with the proposal forced in: the score lost,
  the proposals it displaces ("in instead of X, Y") and any it brings along. For the share rules that can
  keep it out (its theme's, cities' and lead's maximum shares, the other themes' and cities' minimum
  shares) the bound at which it enters an optimal portfolio is found by bisection on the bound with exact
  re-solves on a 0.1-percentage-point grid ("in if the theme T1 cap were 42.3 %"). The proposal is *in*
  at a bound when the optimum with it forced in equals the optimum without (so ties count as in). The
  bisection assumes that a looser bound never pushes it back out; the reported bound is verified.
* **Next-best portfolios**: the optimum again with a no-good cut excluding each portfolio found so far.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

from cores.money import format_eur, format_percent, from_cents
from cores.portfolio.linear import LinearModel, RuleRef, compile_problem
from cores.portfolio.model import City, Problem, Rules, ShareRange, Theme
from cores.portfolio.solve import Extra, Settings, Solution, Status, solve

GRID = Fraction(1, 1000)  # bisection precision of a share bound: 0.1 percentage points
SHARE_KINDS = ("theme_max", "theme_min", "city_max", "city_min", "org_max")


@dataclass(frozen=True)
class RuleEffect:
    ref: RuleRef
    label: str
    slack: Fraction | None  # for money and share rules: room left (cents, or share points)
    relaxation: str  # what was relaxed
    gain: Fraction | None  # score gain when relaxed; None: not evaluated
    proven: bool  # both solves proved optimal
    note: str = ""
    step_cents: int | None = None  # a frame's relaxation as money, for a reader's own number format

    @property
    def binds(self) -> bool:
        return self.gain is not None and self.gain > 0


@dataclass(frozen=True)
class CapChange:
    ref: RuleRef
    label: str
    current: Fraction
    needed: Fraction  # the bound at which the proposal enters an optimal portfolio


@dataclass(frozen=True)
class BringIn:
    id: str
    status: str  # "in_if_forced", "tie" (already in an equally good portfolio), "impossible", "not_evaluated"
    loss: Fraction | None = None
    displaces: tuple[str, ...] = ()
    brings: tuple[str, ...] = ()
    blocking: tuple[str, ...] = ()  # rules whose removal alone makes it possible (when impossible)
    # The same rules as (kind, key), for a reader in another language: a rule's kind and key, or
    # ("group", "frame ERDF") for every rule of one kind that only blocks together (``_group_label``).
    blocking_refs: tuple[tuple[str, str], ...] = ()
    caps: tuple[CapChange, ...] = ()
    proven: bool = False
    note: str = ""


@dataclass(frozen=True)
class Alternative:
    rank: int
    ids: tuple[str, ...]
    score: Fraction
    loss: Fraction
    added: tuple[str, ...]
    removed: tuple[str, ...]
    proven: bool


@dataclass
class Explanation:
    rules: list[RuleEffect] = field(default_factory=list)
    rejected: list[BringIn] = field(default_factory=list)
    next_best: list[Alternative] = field(default_factory=list)
    seconds: float = 0.0


class _Clock:
    def __init__(self, budget: float, per_solve: float) -> None:
        self.deadline = time.perf_counter() + budget
        self.per_solve = per_solve

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def settings(self, base: Settings) -> Settings:
        return Settings(
            time_limit=max(0.05, min(self.per_solve, self.left())),
            rel_gap=base.rel_gap,
            threads=base.threads,
            seed=base.seed,
        )


def _ids(lm: LinearModel, cands: set[int]) -> tuple[str, ...]:
    return tuple(sorted(lm.problem.candidates[i].id for i in cands))


def _selection(lm: LinearModel, sol: Solution) -> set[int]:
    return {lm.options[j].cand for j in sol.chosen}


def rule_effects(
    lm: LinearModel,
    base: Solution,
    settings: Settings,
    *,
    frame_step: Fraction = Fraction(1, 10),
    exhaustive: bool = False,
    budget: float = 60.0,
) -> list[RuleEffect]:
    """Each rule's slack and, for rules that could bind, the score gain when it is relaxed."""
    clock = _Clock(budget, settings.time_limit)
    chosen = set(base.chosen)
    problem = lm.problem
    assert base.score is not None
    effects: list[RuleEffect] = []
    carry = {f.id: f.carry_over for f in problem.funds}
    for k, row in enumerate(lm.rows):
        kind = row.ref.kind
        if kind in ("one_start", "funded"):
            continue
        lhs = lm.lhs(row, chosen)
        slack_int = row.rhs - lhs
        extra = Extra(drop_rows={k})
        relaxation = "removed"
        slack: Fraction | None = None
        step_cents: int | None = None
        label = row.ref.label()
        if kind == "frame":
            fund, year_text = row.ref.key.split(" ")
            year = int(year_text)
            step = ceil(problem.frame(fund, year) * frame_step) or ceil(
                Fraction(sum(problem.frame(fund, y) for y in problem.years), len(problem.years)) * frame_step
            )
            rhs = {}
            for (f, t), r in lm.frame_rows.items():
                if f == fund and (t == year or (carry[fund] and t >= year)):
                    rhs[r] = lm.rows[r].rhs + step
            extra = Extra(rhs=rhs)
            relaxation = f"+{format_eur(from_cents(step))}"
            step_cents = step
            slack = Fraction(slack_int)
            label = f"frame of {fund} {year}" + (" (with money carried over)" if carry[fund] else "")
        elif kind in SHARE_KINDS:
            slack = _share_slack(lm, k, chosen)
        # could relaxing it matter? A screen: does the rule hold back adding any one option, or would
        # removing any one chosen option break it? (every rule is re-solved when exhaustive)
        could = any(a > slack_int for j, a in row.coef.items() if j not in chosen) or any(
            -a > slack_int for j, a in row.coef.items() if j in chosen
        )
        if not (could or exhaustive):
            effects.append(
                RuleEffect(
                    row.ref,
                    label,
                    slack,
                    relaxation,
                    None,
                    False,
                    "no single proposal in or out is held back by it",
                    step_cents,
                )
            )
            continue
        if clock.left() <= 0:
            effects.append(
                RuleEffect(row.ref, label, slack, relaxation, None, False, "time budget used", step_cents)
            )
            continue
        sol = solve(lm, clock.settings(settings), extra=extra, start=base.chosen)
        if not sol.feasible or sol.score is None:
            effects.append(
                RuleEffect(
                    row.ref,
                    label,
                    slack,
                    relaxation,
                    None,
                    False,
                    "the re-solve found no portfolio in time",
                    step_cents,
                )
            )
            continue
        gain = sol.score - base.score
        effects.append(
            RuleEffect(
                row.ref,
                label,
                slack,
                relaxation,
                max(gain, Fraction(0)),
                sol.proven_optimal and base.proven_optimal,
                step_cents=step_cents,
            )
        )
    effects.sort(key=lambda e: (-(e.gain or 0), e.label))
    return effects


def _share_slack(lm: LinearModel, k: int, chosen: set[int]) -> Fraction | None:
    """Room left in a share rule, in share points (e.g. 0.05 = five percentage points)."""
    ref = lm.rows[k].ref
    cands = [lm.options[j].cand for j in chosen]
    total = sum(lm.total_cost[i] for i in cands)
    bound = _bound_of(lm.problem, ref)
    if not total or bound is None:
        return None
    share = sum((_weight(lm, ref, i) * lm.total_cost[i] for i in cands), Fraction(0)) / total
    return bound - share if ref.kind.endswith("_max") else share - bound


def _weight(lm: LinearModel, ref: RuleRef, i: int) -> Fraction:
    cand = lm.problem.candidates[i]
    if ref.kind.startswith("theme"):
        return Fraction(int(cand.theme == ref.key))
    if ref.kind == "org_max":
        return Fraction(int(cand.lead == ref.key))
    if ref.key not in cand.cities:
        return Fraction(0)
    return Fraction(1, len(cand.cities)) if lm.problem.rules.city_share_mode == "split" else Fraction(1)


def _bound_of(problem: Problem, ref: RuleRef) -> Fraction | None:
    if ref.kind.startswith("theme"):
        rng = next(t.share for t in problem.themes if t.id == ref.key)
        return rng.max if ref.kind.endswith("_max") else rng.min
    if ref.kind.startswith("city"):
        rng = next(c.share for c in problem.cities if c.id == ref.key)
        return rng.max if ref.kind.endswith("_max") else rng.min
    if ref.kind == "org_max":
        return problem.rules.org_max_share_overrides.get(ref.key, problem.rules.org_max_share)
    return None


def with_bound(problem: Problem, ref: RuleRef, value: Fraction | None) -> Problem:
    """The problem with one share bound changed (None removes it)."""
    upper = ref.kind.endswith("_max")
    if ref.kind.startswith("theme"):
        themes = tuple(
            Theme(
                t.id,
                t.name,
                ShareRange(t.share.min if upper else value, value if upper else t.share.max),
                t.funds,
            )
            if t.id == ref.key
            else t
            for t in problem.themes
        )
        return Problem(
            problem.years,
            problem.funds,
            themes,
            problem.cities,
            problem.criteria,
            problem.candidates,
            problem.rules,
            problem.weight_set,
            problem.name,
        )
    if ref.kind.startswith("city"):
        cities = tuple(
            City(c.id, c.name, ShareRange(c.share.min if upper else value, value if upper else c.share.max))
            if c.id == ref.key
            else c
            for c in problem.cities
        )
        return Problem(
            problem.years,
            problem.funds,
            problem.themes,
            cities,
            problem.criteria,
            problem.candidates,
            problem.rules,
            problem.weight_set,
            problem.name,
        )
    overrides = dict(problem.rules.org_max_share_overrides)
    overrides[ref.key] = value if value is not None else Fraction(1)
    r = problem.rules
    rules = Rules(
        r.frames,
        r.must_in,
        r.must_out,
        r.exclusive,
        r.requires,
        r.org_max_share,
        overrides,
        r.city_share_mode,
    )
    return problem.with_rules(rules)


def _relevant_share_rules(lm: LinearModel, i: int) -> list[RuleRef]:
    """Share rules that can keep candidate i out: its own groups' maxima, the other groups' minima."""
    cand = lm.problem.candidates[i]
    out = []
    for row in lm.rows:
        ref = row.ref
        if (
            (ref.kind == "theme_max" and ref.key == cand.theme)
            or (ref.kind == "theme_min" and ref.key != cand.theme)
            or (ref.kind == "city_max" and ref.key in cand.cities)
            or (ref.kind == "city_min" and ref.key not in cand.cities)
            or (ref.kind == "org_max" and ref.key == cand.lead)
        ):
            out.append(ref)
    return out


def _in_optimal(problem: Problem, i: int, settings: Settings) -> tuple[bool, bool] | None:
    """Is candidate i in some optimal portfolio of the problem? (answer, proven); None if unknown."""
    lm = compile_problem(problem)
    free = solve(lm, settings)
    if not free.feasible or free.score is None:
        return None
    if i in _selection(lm, free):
        return True, free.proven_optimal
    forced = solve(lm, settings, extra=Extra(force_in={i}))
    if forced.status is Status.INFEASIBLE:
        return False, free.proven_optimal
    if forced.score is None:
        return None
    return forced.score >= free.score, free.proven_optimal and forced.proven_optimal


def bring_in(
    lm: LinearModel,
    base: Solution,
    i: int,
    settings: Settings,
    *,
    caps: bool = True,
    budget: float = 60.0,
) -> BringIn:
    """The smallest change that brings rejected candidate i into the portfolio."""
    clock = _Clock(budget, settings.time_limit)
    problem = lm.problem
    cand = problem.candidates[i]
    assert base.score is not None
    base_sel = _selection(lm, base)
    if cand.id in problem.rules.must_out:
        return BringIn(
            cand.id,
            "impossible",
            blocking=(RuleRef("must_out", cand.id).label(),),
            blocking_refs=(("must_out", cand.id),),
            proven=True,
        )
    forced = solve(lm, clock.settings(settings), extra=Extra(force_in={i}))
    if forced.status is Status.INFEASIBLE:
        blocking = []
        refs: list[tuple[str, str]] = []
        for k, row in enumerate(lm.rows):
            if row.ref.kind in ("one_start",) or not _touches(lm, row.ref, i, k):
                continue
            if clock.left() <= 0:
                break
            trial = solve(lm, clock.settings(settings), extra=Extra(force_in={i}, drop_rows={k}))
            if trial.feasible:
                blocking.append(row.ref.label())
                refs.append((row.ref.kind, row.ref.key))
        if (
            not blocking
        ):  # rules that only block together: every touching rule of one kind (e.g. a fund's frames)
            kinds: dict[str, set[int]] = {}
            for k, row in enumerate(lm.rows):
                if row.ref.kind != "one_start" and _touches(lm, row.ref, i, k):
                    group = row.ref.kind + (
                        " " + row.ref.key.split(" ")[0] if row.ref.kind == "frame" else ""
                    )
                    kinds.setdefault(group, set()).add(k)
            for group, rows in sorted(kinds.items()):
                if len(rows) > 1 and clock.left() > 0:
                    trial = solve(lm, clock.settings(settings), extra=Extra(force_in={i}, drop_rows=rows))
                    if trial.feasible:
                        blocking.append(_group_label(group))
                        refs.append(("group", group))
        return BringIn(
            cand.id,
            "impossible",
            blocking=tuple(blocking),
            blocking_refs=tuple(refs),
            proven=True,
            note="" if blocking else "no rule or kind of rule alone makes it possible",
        )
    if not forced.feasible or forced.score is None:
        return BringIn(cand.id, "not_evaluated", note="the forced re-solve found no portfolio in time")
    sel = _selection(lm, forced)
    loss = base.score - forced.score
    status = "tie" if loss <= 0 else "in_if_forced"
    changes: list[CapChange] = []
    if caps and loss > 0:
        for ref in _relevant_share_rules(lm, i):
            if clock.left() <= 0:
                break
            change = _cap_search(problem, ref, i, clock, settings)
            if change is not None:
                changes.append(change)
    return BringIn(
        cand.id,
        status,
        loss=max(loss, Fraction(0)),
        displaces=_ids(lm, base_sel - sel),
        brings=_ids(lm, sel - base_sel - {i}),
        caps=tuple(changes),
        proven=forced.proven_optimal and base.proven_optimal,
    )


def _group_label(group: str) -> str:
    kind, _, fund = group.partition(" ")
    names = {
        "frame": f"the {fund} frames",
        "theme_min": "the themes' minimum shares",
        "theme_max": "the themes' caps",
        "city_min": "the cities' minimum shares",
        "city_max": "the cities' caps",
        "org_max": "the organisations' caps",
        "exclusive": "the exclusive groups",
        "requires": "the dependencies",
        "must_in": "the must-in rules",
        "funded": "the already-funded projects",
    }
    return names.get(kind, group)


def _touches(lm: LinearModel, ref: RuleRef, i: int, k: int) -> bool:
    cand = lm.problem.candidates[i]
    row = lm.rows[k]
    if ref.kind in ("frame", "exclusive", "requires"):
        return any(row.coef.get(j, 0) for j in lm.by_cand[i]) or (
            ref.kind == "requires" and cand.id in ref.key
        )
    if ref.kind in SHARE_KINDS:
        return ref in _relevant_share_rules(lm, i)
    return ref.kind in ("must_in", "funded")


def _cap_search(
    problem: Problem, ref: RuleRef, i: int, clock: _Clock, settings: Settings
) -> CapChange | None:
    """The loosest-needed bound of one share rule at which candidate i enters an optimal portfolio."""
    current = _bound_of(problem, ref)
    if current is None:
        return None
    upper = ref.kind.endswith("_max")
    end = Fraction(1) if upper else Fraction(0)
    ans = _in_optimal(with_bound(problem, ref, None), i, clock.settings(settings))
    if ans is None or not ans[0]:
        return None  # even without this rule it would not be in
    # bisection on the grid between the current bound (out) and the rule's end (in)

    def to_grid(x: Fraction) -> Fraction:  # rounded towards the current bound
        return Fraction(floor(x / GRID) if upper else ceil(x / GRID)) * GRID

    out_at, in_at = current, end
    while abs(in_at - out_at) > GRID and clock.left() > 0:
        mid = to_grid((out_at + in_at) / 2)
        if mid in (out_at, in_at):
            break
        ans = _in_optimal(with_bound(problem, ref, mid), i, clock.settings(settings))
        if ans is None:
            return None
        if ans[0]:
            in_at = mid
        else:
            out_at = mid
    if abs(in_at - out_at) > GRID:
        return None
    label = ref.label()
    return CapChange(ref, label, current, in_at)


def next_best(
    lm: LinearModel, base: Solution, k: int, settings: Settings, *, budget: float = 60.0
) -> list[Alternative]:
    """The k best portfolios after the optimum (distinct selections; start years do not count)."""
    clock = _Clock(budget, settings.time_limit)
    assert base.score is not None
    base_sel = _selection(lm, base)
    cuts = [frozenset(base_sel)]
    out: list[Alternative] = []
    for rank in range(2, k + 2):
        if clock.left() <= 0:
            break
        sol = solve(lm, clock.settings(settings), extra=Extra(cuts=list(cuts)))
        if not sol.feasible or sol.score is None:
            break
        sel = _selection(lm, sol)
        cuts.append(frozenset(sel))
        out.append(
            Alternative(
                rank,
                _ids(lm, sel),
                sol.score,
                base.score - sol.score,
                _ids(lm, sel - base_sel),
                _ids(lm, base_sel - sel),
                sol.proven_optimal,
            )
        )
    return out


def explain(
    lm: LinearModel,
    base: Solution,
    settings: Settings,
    *,
    rejected_limit: int = 20,
    next_k: int = 0,
    caps: bool = True,
    budget: float = 120.0,
) -> Explanation:
    """Binding rules, the best-scoring rejected proposals' way in, and the next-best portfolios."""
    t0 = time.perf_counter()
    out = Explanation()
    if not base.feasible or base.score is None:
        return out
    share = budget / 3
    out.rules = rule_effects(lm, base, settings, budget=share)
    base_sel = _selection(lm, base)
    rejected = sorted(
        (i for i in range(lm.n) if i not in base_sel),
        key=lambda i: (-lm.value[i], lm.problem.candidates[i].id),
    )
    deadline = time.perf_counter() + share
    for i in rejected[:rejected_limit]:
        left = deadline - time.perf_counter()
        if left <= 0:
            out.rejected.append(
                BringIn(lm.problem.candidates[i].id, "not_evaluated", note="time budget used")
            )
            continue
        out.rejected.append(bring_in(lm, base, i, settings, caps=caps, budget=left))
    if next_k:
        out.next_best = next_best(
            lm, base, next_k, settings, budget=max(1.0, budget - (time.perf_counter() - t0))
        )
    out.seconds = time.perf_counter() - t0
    return out


def _score(value: Fraction) -> str:
    return f"{float(value):.3f}"


def percent(value: Fraction, *, lang: str = "en") -> str:
    """A share as a percentage with one decimal (exact rounding of the fraction)."""
    return format_percent(Decimal(value.numerator) / Decimal(value.denominator), lang=lang)


def rule_sentence(effect: RuleEffect, *, lang: str = "en") -> str:
    if effect.gain is None:
        return f"{effect.label}: not re-solved ({effect.note})"
    if effect.gain > 0:
        what = "removing it" if effect.relaxation == "removed" else f"{effect.relaxation} more money"
        return f"{effect.label} binds: {what} would raise the score by {_score(effect.gain)}"
    return f"{effect.label} does not bind" + (f" ({effect.note})" if effect.note else "")


def bring_in_sentence(b: BringIn, *, lang: str = "en") -> str:
    if b.status == "impossible":
        if b.blocking:
            return (
                f"{b.id} cannot be in under the rules; it would be possible without: {'; '.join(b.blocking)}"
            )
        return f"{b.id} cannot be in under the rules ({b.note})"
    if b.status == "not_evaluated":
        return f"{b.id}: not evaluated ({b.note})"
    if b.status == "tie":
        return f"{b.id} is in an equally good portfolio (no score lost)"
    text = f"{b.id} could be in at a score loss of {_score(b.loss or Fraction(0))}"
    if b.displaces:
        text += f", in instead of {', '.join(b.displaces)}"
    if b.brings:
        text += f" (bringing in {', '.join(b.brings)})"
    for c in b.caps:
        text += f"; it would be in if the {c.label} were {percent(c.needed, lang=lang)} (now {percent(c.current, lang=lang)})"
    return text
