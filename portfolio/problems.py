"""A call's proposals as a portfolio problem for the optimiser (``cores.portfolio``), from the database.

``build_problem(call, options)`` reads the call's agreement (programme years, annual frames, themes,
cities), the call's review criteria and the scores of submitted reviews, the proposals that can still be
chosen and (optionally) the agreement's already-funded projects, and returns a validated
:class:`cores.portfolio.Problem` with the maps from candidate ids back to proposals and projects. Everything
is exact: money in integer cents, shares, weights and scores as :class:`fractions.Fraction`. The reads are a
fixed number of queries whatever the number of proposals (about 17).

Modelling choices (see docs/decision-support.md, part 1):

* **Frame money** of a proposal or project is its financing from the frame sources
  (``cores.cofinancing.FRAME_SOURCES``: ERDF, ESF+, JTF and STATE) — own, city and private money is not
  part of the frame. Each source is a fund of the problem when the agreement has annual frames for it.
  State co-funding has its own annual frame in the agreements (``programme/data``: STATE is a fund with
  frames), so it is then kept as fund STATE. Only when the agreement has *no* STATE frame is a proposal's
  state money attributed to its EU frame funds in proportion to their amounts (largest remainder, to the
  cent), since the state co-funds the EU money; a proposal with state money but no EU frame money, or with
  money of a fund the agreement has no frame for, cannot be a candidate and is left out with the reason.
* **Years.** Each fund's money is spread over the budget's years in proportion to the yearly eligible
  costs (budget lines plus flat-rate indirect costs, ``cores.budget``), with
  ``cores.frames.allocate_pro_rata`` (largest remainder), the same split as the agreement's frame table;
  the cents of every fund add up exactly to its financing. The planned start is the first year with
  money; with ``start_flex`` the start may move up to that many years later (the core drops starts that
  would leave the programme period). A proposal whose planned costs fall outside the period and cannot
  be moved into it is left out.
* **Cities** are the organisations that are parties of the agreement with the role *city*
  (``AgreementParty``, as on the agreement's overview page); their id is the organisation's pk as text.
  A proposal's cities are its adopting cities that are such parties; a funded project's cities are those
  of its proposal (none without one). ``city_min_share`` / ``city_max_share`` apply to every city, with
  the shares split equally between a proposal's cities (``city_share: split``).
* **Leads** are the lead partner's organisation pk as text (a project: its implementer).
* **Scores** are the mean of the submitted reviews' 1–5 scores per criterion (or the reviewers' lowest and
  highest score with ``score_spread``); ``options.scores`` overrides them criterion by criterion. A
  proposal missing a score on some criterion is left out with the reason.
* **Already-funded projects** (not historical, with a funding decision) are fixed in at their planned
  years; their scores are the bottom of the scale (they are in every portfolio, so it does not matter).
  A funded project that cannot be modelled (no budget or financing lines, no theme, money outside the
  frames or the period) is skipped and listed in ``Built.skipped_projects`` — no figures are invented.
* **Rank robustness with ties.** The core's rank order is one chain ``w_a >= w_b >= ...``. Ordering two
  criteria of equal weight would be a rule the steering group did not set, so tied criteria are never
  put in order: the chain takes one criterion of each weight level and every criterion gets the bounds
  that the order implies, ``w_c <= 1 / (1 + number of criteria weighted more)`` and, for a single most
  important criterion, ``w_c >= 1 / number of criteria``. The weight set is
  then a superset of the exact tied order (never smaller), so core and exterior proposals stay valid.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from cores.budget import BudgetError, BudgetLineIn, build_budget
from cores.cofinancing import STATE_SOURCE, frame_money_by_source
from cores.frames import allocate_pro_rata
from cores.money import to_cents
from cores.portfolio import (
    Candidate,
    City,
    Criterion,
    Fund,
    Interval,
    Issue,
    Problem,
    ProblemError,
    Rules,
    ShareRange,
    Theme,
    WeightSet,
    validate,
)
from cores.portfolio.general_format import statement_from_words
from cores.scoring import MAX_SCORE, MIN_SCORE
from monitoring.models import TargetKind, ThemeTarget
from pipeline.models import Call, CostCategory, PartnerRole, Proposal, ProposalStatus
from programme.models import AgreementParty, AnnualFrame, PartyRole
from programme.models import Theme as ThemeModel
from projects.models import Project
from review.models import Criterion as CriterionModel
from review.models import ReviewStatus, Score

__all__ = [
    "CHOOSABLE_STATUSES",
    "ROBUSTNESS",
    "Built",
    "RunOptions",
    "build_problem",
    "candidate_proposals",
    "from_options_json",
    "review_scores",
    "to_options_json",
]

ROBUSTNESS = ("none", "rank", "intervals", "statements")
STATE = STATE_SOURCE
SCALE = (Fraction(MIN_SCORE), Fraction(MAX_SCORE))

# Submitted, in review and presented proposals can still be chosen. Drafts and returned proposals are
# with their consortium (a returned one comes back as a new submitted version, its old scores may not
# fit); withdrawn and rejected ones are out of the process; funded ones are projects already (they enter
# as already-funded projects).
CHOOSABLE_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.PRESENTED)


def _fraction(value: Any, what: str) -> Fraction:
    """An exact Fraction from a Fraction, Decimal, int or a decimal/fraction string; floats are refused."""
    if isinstance(value, bool | float):
        raise TypeError(f"{what}: give an exact number (Decimal, Fraction or a string), not {value!r}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what}: {value} is not a finite number")
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{what}: {value!r} is not a number") from None
    raise TypeError(f"{what}: expected a number, not {type(value).__name__}")


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool | float):
        raise TypeError(f"{what}: give an exact number (Decimal or a string), not {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"{what}: {value!r} is not a number") from None
    else:
        raise TypeError(f"{what}: expected a number, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return result


@dataclass(frozen=True)
class RunOptions:
    """What the steering group asks of one optimisation run. Exact numbers only (floats are refused)."""

    carry_over: bool = False  # unused frame money of a year usable in later years (every fund)
    frame_factor: Fraction = Fraction(1)  # what-if: 9/10 = every annual frame 10 % smaller (cents down)
    city_min_share: Decimal | None = None  # applied to each city of the agreement
    city_max_share: Decimal | None = None
    org_max_share: Decimal | None = None  # maximum share per lead organisation
    theme_shares: bool = True  # apply the themes' target_share_min/max as share ranges
    include_funded: bool = True  # the agreement's funded projects (not historical) are in, fixed
    weights: Mapping[int, Decimal] | None = None  # criterion pk -> weight; None: the call's weights
    robustness: str = "none"  # "none" | "rank" | "intervals" (weight ± interval_width, within [0, 1])
    interval_width: Decimal = Decimal("0.05")
    # weight statements in words ("Impact at least as important as Relevance and Feasibility together"),
    # added to the weight set of rank, intervals or statements (then only they and w >= 0 hold)
    weight_statements: tuple[str, ...] = ()
    score_spread: bool = False  # scores as the reviewers' min..max per criterion instead of the mean
    scores: Mapping[int, Mapping[int, Decimal]] = field(
        default_factory=dict
    )  # proposal -> criterion -> score
    must_in: frozenset[int] = frozenset()  # proposal pks
    must_out: frozenset[int] = frozenset()
    start_flex: int = 0  # each proposal may start up to this many years later than planned

    def __post_init__(self) -> None:
        factor = _fraction(self.frame_factor, "frame_factor")
        if factor < 0:
            raise ValueError("frame_factor cannot be negative")
        object.__setattr__(self, "frame_factor", factor)
        for name in ("city_min_share", "city_max_share", "org_max_share"):
            value = getattr(self, name)
            if value is not None:
                share = _decimal(value, name)
                if not Decimal(0) <= share <= Decimal(1):
                    raise ValueError(f"{name} must be between 0 and 1, not {share}")
                object.__setattr__(self, name, share)
        if self.robustness not in ROBUSTNESS:
            raise ValueError(f"robustness must be one of {', '.join(ROBUSTNESS)}, not {self.robustness!r}")
        width = _decimal(self.interval_width, "interval_width")
        if width < 0:
            raise ValueError("interval_width cannot be negative")
        object.__setattr__(self, "interval_width", width)
        if self.weights is not None:
            object.__setattr__(
                self, "weights", {int(k): _decimal(v, f"weights.{k}") for k, v in self.weights.items()}
            )
        object.__setattr__(
            self,
            "scores",
            {
                int(p): {int(c): _decimal(v, f"scores.{p}.{c}") for c, v in by_crit.items()}
                for p, by_crit in self.scores.items()
            },
        )
        object.__setattr__(self, "must_in", frozenset(int(pk) for pk in self.must_in))
        object.__setattr__(self, "must_out", frozenset(int(pk) for pk in self.must_out))
        if isinstance(self.start_flex, bool) or not isinstance(self.start_flex, int) or self.start_flex < 0:
            raise ValueError(f"start_flex must be a whole number of years >= 0, not {self.start_flex!r}")


@dataclass(frozen=True)
class Built:
    """The problem and where its candidates come from."""

    problem: Problem
    proposals: dict[str, int]  # candidate id -> proposal pk
    projects: dict[str, int]  # candidate id -> project pk (already funded)
    left_out: list[tuple[int, str]]  # (proposal pk, reason): proposals that could not be candidates
    skipped_projects: list[tuple[int, str]] = field(default_factory=list)  # (project pk, reason)


# -- reads ---------------------------------------------------------------------------------------------------


def candidate_proposals(call: Call) -> QuerySet[Proposal]:
    """The call's proposals that can still be chosen, by pk.

    Statuses ``submitted``, ``in_review`` and ``presented`` (``CHOOSABLE_STATUSES``): the steering group
    may still put them in or leave them out. Left aside: ``draft`` (not submitted), ``returned`` (back with
    the consortium for changes; it returns as ``submitted``), ``withdrawn`` and ``rejected`` (out of the
    process) and ``funded`` (already a project: it enters as an already-funded project). A proposal that
    already has a project is left aside too, whatever its status, so that it is never counted twice.
    """
    return Proposal.objects.filter(call=call, status__in=CHOOSABLE_STATUSES, project__isnull=True).order_by(
        "pk"
    )


def review_scores(call: Call, *, spread: bool = False) -> dict[int, dict[int, Interval]]:
    """proposal pk -> criterion pk -> the submitted reviews' score on the call's criterion (one query).

    ``Interval.point(mean)`` with the exact mean, or with ``spread`` the lowest and highest reviewer's
    score ``Interval(min, max)``. Assigned (unsubmitted) reviews do not count.
    """
    values: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = Score.objects.filter(
        review__proposal__call=call, review__status=ReviewStatus.SUBMITTED, criterion__call=call
    ).values_list("review__proposal_id", "criterion_id", "value")
    for proposal_id, criterion_id, value in rows:
        values[proposal_id][criterion_id].append(value)
    out: dict[int, dict[int, Interval]] = {}
    for proposal_id, by_crit in values.items():
        out[proposal_id] = {
            crit: Interval(Fraction(min(v)), Fraction(max(v)))
            if spread
            else Interval.point(Fraction(sum(v), len(v)))
            for crit, v in by_crit.items()
        }
    return out


# -- money ---------------------------------------------------------------------------------------------------


class _Skip(Exception):
    """The proposal or project cannot be a candidate; the message says why."""


def _frame_money(financing_lines: Iterable[Any], funds: list[str]) -> dict[str, int]:
    """Cents of frame money by fund of the problem (see the module's note on state money)."""
    lines = [(line.source, line.amount) for line in financing_lines if line.amount]
    by_source = {source: to_cents(amount) for source, amount in frame_money_by_source(lines).items()}
    unframed = sorted(s for s in by_source if s not in funds and s != STATE)
    if unframed:
        raise _Skip(
            _("financing from %(funds)s, which has no annual frame in the agreement")
            % {"funds": ", ".join(unframed)}
        )
    if STATE in by_source and STATE not in funds:
        eu = {s: c for s, c in by_source.items() if s != STATE and c}
        if not eu:
            raise _Skip(
                _("state money but no EU money, and the agreement has no annual frame for state money")
            )
        parts = allocate_pro_rata(Decimal(by_source.pop(STATE)) / 100, {s: Decimal(c) for s, c in eu.items()})
        for source, part in parts.items():
            by_source[source] += to_cents(part)
    return {s: c for s, c in by_source.items() if c}


def _costs(
    budget_lines: Iterable[Any], financing_lines: Iterable[Any], indirect_rate: Decimal, funds: list[str]
) -> dict[int, dict[str, int]]:
    """year -> fund -> cents: each fund's frame money spread over the years by the yearly eligible costs."""
    try:
        budget = build_budget(
            [BudgetLineIn(b.year, b.category, b.amount) for b in budget_lines],
            indirect_rate=indirect_rate,
            categories=[c.value for c in CostCategory],
        )
    except BudgetError as error:
        raise _Skip(_("the budget cannot be read: %(error)s") % {"error": error}) from None
    weights = {year: cost for year, cost in budget.eligible_by_year().items() if cost > 0}
    if not weights:
        raise _Skip(_("no budget (no eligible costs by year)"))
    money = _frame_money(financing_lines, funds)
    if not money:
        raise _Skip(_("no frame money (no EU or state financing)"))
    costs: dict[int, dict[str, int]] = {}
    for fund in funds:
        if fund not in money:
            continue
        for year, part in allocate_pro_rata(Decimal(money[fund]) / 100, weights).items():
            cents = to_cents(part)
            if cents:
                costs.setdefault(year, {})[fund] = cents
    return dict(sorted(costs.items()))


def _check_fits(
    costs: Mapping[int, Mapping[str, int]],
    theme: Theme,
    years: tuple[int, ...],
    *,
    flex: int,
) -> None:
    if theme.funds is not None:
        wrong = sorted({f for by_fund in costs.values() for f in by_fund if f not in theme.funds})
        if wrong:
            raise _Skip(
                _("%(funds)s cannot finance theme %(theme)s") % {"funds": ", ".join(wrong), "theme": theme.id}
            )
    first, last = min(costs), max(costs)
    if not any(s >= years[0] and s + (last - first) <= years[-1] for s in range(first, first + flex + 1)):
        raise _Skip(
            _("the costs fall in %(first)s–%(last)s, outside the programme years %(start)s–%(end)s")
            % {"first": first, "last": last, "start": years[0], "end": years[-1]}
            + (" " + _("even when started up to %(flex)s years later") % {"flex": flex} if flex else "")
        )


# -- the problem ---------------------------------------------------------------------------------------------

_RESERVED = re.compile(r"^[PF]\d+$")


def _ids(wanted: Mapping[Any, str], fallback: Mapping[Any, str], taken: Iterable[str]) -> dict[Any, str]:
    """Each key's wanted id when it is non-empty and unique (and not a fallback form), else its fallback."""
    counts: dict[str, int] = defaultdict(int)
    for ident in [*wanted.values(), *taken]:
        counts[ident] += 1
    out = {}
    for key, ident in wanted.items():
        ok = ident and counts[ident] == 1 and not _RESERVED.match(ident)
        out[key] = ident if ok else fallback[key]
    return out


def _weight_set(
    criteria: list[Criterion], robustness: str, width: Decimal, statements: tuple[str, ...] = ()
) -> WeightSet | None:
    base = _base_weight_set(criteria, robustness, width)
    if base is None or not statements:
        return base
    names = {c.name: c.id for c in criteria}
    parsed = []
    for k, text in enumerate(statements):
        try:
            parsed.append(statement_from_words(text, names))
        except ValueError as exc:
            raise ProblemError([Issue(f"weight_statements[{k}]", f"{text}: {exc}")]) from None
    return WeightSet(intervals=base.intervals, rank=base.rank, statements=tuple(parsed))


def _base_weight_set(criteria: list[Criterion], robustness: str, width: Decimal) -> WeightSet | None:
    if robustness == "none":
        return None
    if robustness == "statements":
        return WeightSet()
    weights = {c.id: c.weight or Fraction(0) for c in criteria}
    total = sum(weights.values(), Fraction(0))
    if total <= 0:
        return None  # validate() reports the weights
    if robustness == "rank":
        levels = sorted(set(weights.values()), reverse=True)
        if len(levels) == len(criteria):
            return WeightSet(rank=tuple(sorted(weights, key=lambda c: -weights[c])))
        chain = tuple(next(c.id for c in criteria if weights[c.id] == level) for level in levels)
        intervals = {}
        top_alone = sum(1 for w in weights.values() if w == levels[0]) == 1
        for c in criteria:
            above = sum(1 for w in weights.values() if w > weights[c.id])
            # a criterion weighted more than every other one weighs at least 1/d
            lo = Fraction(1, len(criteria)) if top_alone and above == 0 else Fraction(0)
            intervals[c.id] = Interval(lo, Fraction(1, 1 + above))
        return WeightSet(intervals=intervals, rank=chain if len(chain) > 1 else ())
    w = Fraction(width)
    return WeightSet(
        intervals={
            c: Interval(max(Fraction(0), v / total - w), min(Fraction(1), v / total + w))
            for c, v in weights.items()
        }
    )


def _theme_share_targets(agreement: Any) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """Each theme's share target from the targets page (monitoring): the one with the latest target year.

    The targets page is where the steering group keeps the themes' share ranges; before this the
    optimiser read only the theme's own ``target_share_min/max`` and showed "Allowed –" for every theme.
    """
    out: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    rows = ThemeTarget.objects.filter(
        agreement=agreement, kind=TargetKind.MONEY_SHARE, theme__isnull=False
    ).order_by("theme_id", "target_year", "pk")
    for target in rows:  # later target years overwrite earlier ones
        assert target.theme_id is not None
        out[target.theme_id] = (target.share_min, target.share_max)
    return out


def build_problem(call: Call, options: RunOptions = RunOptions()) -> Built:
    """The call's proposals (and the agreement's funded projects) as a validated portfolio problem.

    Raises ``ProblemError`` listing every issue (with its path) when the result is not a valid problem,
    e.g. a must-in proposal that cannot be a candidate or given weights that do not match the criteria.
    """
    call = Call.objects.select_related("agreement__period").get(pk=call.pk)
    agreement = call.agreement
    years = tuple(agreement.period.years)

    # Funds and frames.
    frames_qs = AnnualFrame.objects.filter(agreement=agreement).select_related("fund")
    fund_objs: dict[str, Any] = {}
    frames: dict[tuple[str, int], int] = {}
    factor = options.frame_factor
    for frame in frames_qs:
        fund_objs[frame.fund.code] = frame.fund
        if frame.year in years:
            cents = to_cents(frame.amount)
            frames[(frame.fund.code, frame.year)] = cents * factor.numerator // factor.denominator
    ordered_funds = sorted(fund_objs.values(), key=lambda f: (f.order, f.code))
    fund_ids = [f.code for f in ordered_funds]
    funds = tuple(Fund(id=f.code, name=f.name_fi, carry_over=options.carry_over) for f in ordered_funds)

    # Themes.
    theme_objs = list(
        ThemeModel.objects.filter(agreement=agreement)
        .prefetch_related("eligible_funds")
        .order_by("order", "code")
    )
    themes: dict[int, Theme] = {}
    targets = _theme_share_targets(agreement) if options.theme_shares else {}
    for t in theme_objs:
        eligible = {f.code for f in t.eligible_funds.all()}
        share = ShareRange()
        if options.theme_shares:
            # the share target set on the targets page wins; the theme's own target share otherwise
            lo, hi = targets.get(t.pk, (t.target_share_min, t.target_share_max))
            share = ShareRange(
                min=None if lo is None else Fraction(lo),
                max=None if hi is None else Fraction(hi),
            )
        themes[t.pk] = Theme(
            id=t.code,
            name=t.name_fi,
            share=share,
            funds=tuple(f for f in fund_ids if f in eligible) if eligible else None,
        )

    # Cities: the agreement's parties with the role city.
    city_share = ShareRange(
        min=None if options.city_min_share is None else Fraction(options.city_min_share),
        max=None if options.city_max_share is None else Fraction(options.city_max_share),
    )
    parties = (
        AgreementParty.objects.filter(agreement=agreement, role=PartyRole.CITY)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )
    cities = tuple(
        City(id=str(p.organisation_id), name=p.organisation.name, share=city_share) for p in parties
    )
    city_ids = [c.id for c in cities]

    def cities_of(organisations: Iterable[Any]) -> tuple[str, ...]:
        mine = {str(o.pk) for o in organisations}
        return tuple(c for c in city_ids if c in mine)

    # Criteria and weights.
    crit_objs = list(CriterionModel.objects.filter(call=call).order_by("order", "pk"))
    issues: list[Issue] = []
    if options.weights is not None:
        for extra in sorted(set(options.weights) - {c.pk for c in crit_objs}):
            issues.append(Issue("weights", f"{extra} is not a criterion of the call"))
    criteria: list[Criterion] = []
    for k, c in enumerate(crit_objs):
        if options.weights is None:
            weight = Fraction(c.weight)
        elif c.pk in options.weights:
            weight = Fraction(options.weights[c.pk])
        else:
            issues.append(Issue(f"criteria[{k}].weight", f"no weight given for criterion {c.name!r}"))
            weight = Fraction(c.weight)
        criteria.append(Criterion(id=f"c{c.pk}", name=c.name, weight=weight, scale=SCALE))
    crit_id = {c.pk: f"c{c.pk}" for c in crit_objs}

    # Proposals.
    reviewed = review_scores(call, spread=options.score_spread)
    proposals = list(
        candidate_proposals(call)  # type: ignore[no-redef]  # Proposal declares the "adopting" this fills, for readers through a project
        .select_related("theme")
        .prefetch_related(
            "partners",
            Prefetch("adopting_cities", to_attr="adopting"),
            "budget_lines",
            "financing_lines",
        )
    )
    left_out: list[tuple[int, str]] = []
    drafts: dict[int, dict[str, Any]] = {}  # proposal pk -> Candidate fields but the id
    for proposal in proposals:
        try:
            theme = themes.get(proposal.theme_id)
            if theme is None:
                raise _Skip(_("its theme is not one of the agreement's themes"))
            lead = next(
                (p.organisation_id for p in proposal.partners.all() if p.role == PartnerRole.LEAD), None
            )
            if lead is None:
                raise _Skip(_("no lead partner"))
            costs = _costs(
                proposal.budget_lines.all(), proposal.financing_lines.all(), proposal.indirect_rate, fund_ids
            )
            _check_fits(costs, theme, years, flex=options.start_flex)
            given = options.scores.get(proposal.pk, {})
            from_reviews = reviewed.get(proposal.pk, {})
            scores: dict[str, Interval] = {}
            missing = []
            for c in crit_objs:
                if c.pk in given:
                    scores[crit_id[c.pk]] = Interval.point(Fraction(given[c.pk]))
                elif c.pk in from_reviews:
                    scores[crit_id[c.pk]] = from_reviews[c.pk]
                else:
                    missing.append(c.name)
            if missing:
                raise _Skip(_("no score on %(criteria)s") % {"criteria": ", ".join(missing)})
        except _Skip as why:
            left_out.append((proposal.pk, str(why)))
            continue
        planned = min(costs)
        drafts[proposal.pk] = {
            "name": proposal.title,
            "theme": theme.id,
            "lead": str(lead),
            "cities": cities_of(proposal.adopting),
            "costs": costs,
            "scores": scores,
            "earliest_start": planned,
            "latest_start": planned + options.start_flex,
        }

    # Already-funded projects.
    skipped: list[tuple[int, str]] = []
    funded: dict[int, dict[str, Any]] = {}
    project_objs: list[Project] = []
    if options.include_funded:
        project_objs = list(
            Project.objects.funded()
            .filter(agreement=agreement, funding_decision__isnull=False)
            .select_related("proposal")
            .prefetch_related(
                "budget_lines",
                "financing_lines",
                Prefetch("proposal__adopting_cities", to_attr="adopting"),
            )
            .order_by("pk")
        )
    bottom = {f"c{c.pk}": Interval.point(SCALE[0]) for c in crit_objs}
    for project in project_objs:
        try:
            theme_pk = project.theme_id or (project.proposal.theme_id if project.proposal else None)
            theme = themes.get(theme_pk) if theme_pk else None
            if theme is None:
                raise _Skip(_("no theme of the agreement"))
            budget_lines = project.budget_lines.all()
            financing_lines = project.financing_lines.all()
            if not budget_lines or not financing_lines:
                raise _Skip(_("no budget or financing lines: its frame money is not known"))
            rate = project.proposal.indirect_rate if project.proposal else Decimal(0)
            costs = _costs(budget_lines, financing_lines, rate, fund_ids)
            _check_fits(costs, theme, years, flex=0)
        except _Skip as why:
            skipped.append((project.pk, str(why)))
            continue
        funded[project.pk] = {
            "name": project.name,
            "theme": theme.id,
            "lead": str(project.lead_id),
            "cities": cities_of(project.proposal.adopting) if project.proposal else (),
            "costs": costs,
            "scores": bottom,
            "funded": True,
        }

    # Candidate ids: acronyms and project codes when unique, else P{pk} / F{pk}.
    by_pk = {p.pk: p for p in proposals}
    codes = {p.pk: (p.code or "").strip() for p in project_objs if p.pk in funded}
    prop_ids = _ids(
        {pk: by_pk[pk].acronym.strip() for pk in drafts},
        {pk: f"P{pk}" for pk in drafts},
        codes.values(),
    )
    proj_ids = _ids(codes, {pk: f"F{pk}" for pk in funded}, prop_ids.values())
    candidates = [Candidate(id=prop_ids[pk], **draft) for pk, draft in drafts.items()]
    candidates += [Candidate(id=proj_ids[pk], **draft) for pk, draft in funded.items()]

    # Rules.
    reasons = dict(left_out)
    must_in = set()
    for pk in sorted(options.must_in):
        if pk in prop_ids:
            must_in.add(prop_ids[pk])
        else:
            reason = reasons.get(pk, "it is not one of the call's proposals that can still be chosen")
            issues.append(Issue("rules.must_in", f"proposal {pk} cannot be a candidate: {reason}"))
    must_out = {prop_ids[pk] for pk in options.must_out if pk in prop_ids}
    rules = Rules(
        frames=frames,
        must_in=frozenset(must_in),
        must_out=frozenset(must_out),
        org_max_share=None if options.org_max_share is None else Fraction(options.org_max_share),
        city_share_mode="split",
    )
    problem = Problem(
        years=years,
        funds=funds,
        themes=tuple(themes.values()),
        cities=cities,
        criteria=tuple(criteria),
        candidates=tuple(candidates),
        rules=rules,
        weight_set=_weight_set(
            criteria, options.robustness, options.interval_width, options.weight_statements
        )
        if criteria
        else None,
        name=f"{agreement.name_fi}: {call.title}",
    )
    issues += validate(problem)
    if issues:
        raise ProblemError(issues)
    return Built(
        problem=problem,
        proposals={prop_ids[pk]: pk for pk in drafts},
        projects={proj_ids[pk]: pk for pk in funded},
        left_out=left_out,
        skipped_projects=skipped,
    )


# -- options as JSON -----------------------------------------------------------------------------------------

_FIELDS = {f.name for f in fields(RunOptions)}


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def to_options_json(options: RunOptions) -> dict[str, Any]:
    """The options as a JSON-safe dict: Decimals and Fractions as strings, sets as sorted lists, str keys."""
    return {
        "carry_over": options.carry_over,
        "frame_factor": str(options.frame_factor),
        "city_min_share": _opt(options.city_min_share),
        "city_max_share": _opt(options.city_max_share),
        "org_max_share": _opt(options.org_max_share),
        "theme_shares": options.theme_shares,
        "include_funded": options.include_funded,
        "weights": None
        if options.weights is None
        else {str(k): str(v) for k, v in sorted(options.weights.items())},
        "robustness": options.robustness,
        "interval_width": str(options.interval_width),
        "weight_statements": list(options.weight_statements),
        "score_spread": options.score_spread,
        "scores": {
            str(p): {str(c): str(v) for c, v in sorted(by_crit.items())}
            for p, by_crit in sorted(options.scores.items())
        },
        "must_in": sorted(options.must_in),
        "must_out": sorted(options.must_out),
        "start_flex": options.start_flex,
    }


def _json_number(value: Any, what: str) -> Decimal:
    """A JSON number or string as an exact Decimal; a JSON float is read by its shortest repr."""
    if isinstance(value, float):
        value = repr(value)
    return _decimal(value, what)


def _json_bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what}: expected true or false, not {value!r}")
    return value


def _json_int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected a whole number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError(f"{what}: expected a whole number, not {value!r}")


def _json_map(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{what}: expected an object, not {type(value).__name__}")
    return dict(value)


def from_options_json(data: Mapping[str, Any]) -> RunOptions:
    """Options from ``to_options_json``'s form (missing keys take their defaults); ``ValueError`` names the
    field when the data is not valid."""
    data = _json_map(data, "options")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise ValueError(f"unknown option {', '.join(unknown)}")
    kwargs: dict[str, Any] = {}
    for name in ("carry_over", "theme_shares", "include_funded", "score_spread"):
        if name in data:
            kwargs[name] = _json_bool(data[name], name)
    if "frame_factor" in data:
        raw = data["frame_factor"]
        kwargs["frame_factor"] = _fraction(repr(raw) if isinstance(raw, float) else raw, "frame_factor")
    for name in ("city_min_share", "city_max_share", "org_max_share"):
        if data.get(name) is not None:
            kwargs[name] = _json_number(data[name], name)
    if "interval_width" in data:
        kwargs["interval_width"] = _json_number(data["interval_width"], "interval_width")
    if "robustness" in data:
        kwargs["robustness"] = data["robustness"]
    if data.get("weight_statements"):
        raw_st = data["weight_statements"]
        if not isinstance(raw_st, list) or not all(isinstance(x, str) for x in raw_st):
            raise ValueError("weight_statements must be a list of strings")
        kwargs["weight_statements"] = tuple(raw_st)
    if data.get("weights") is not None:
        kwargs["weights"] = {
            _json_int(k, "weights"): _json_number(v, f"weights.{k}")
            for k, v in _json_map(data["weights"], "weights").items()
        }
    if "scores" in data:
        kwargs["scores"] = {
            _json_int(p, "scores"): {
                _json_int(c, f"scores.{p}"): _json_number(v, f"scores.{p}.{c}")
                for c, v in _json_map(by_crit, f"scores.{p}").items()
            }
            for p, by_crit in _json_map(data["scores"], "scores").items()
        }
    for name in ("must_in", "must_out"):
        if name in data:
            if not isinstance(data[name], list):
                raise ValueError(f"{name}: expected a list of proposal ids")
            kwargs[name] = frozenset(_json_int(v, name) for v in data[name])
    if "start_flex" in data:
        kwargs["start_flex"] = _json_int(data["start_flex"], "start_flex")
    try:
        return RunOptions(**kwargs)
    except TypeError as error:
        raise ValueError(str(error)) from None
