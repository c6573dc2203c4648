"""The health of an agreement's funded projects as of a date: each project's computed status with its
reasons, spending against the plan, the spending forecast, the money at risk of decommitment, the money
paid, and the steering group's targets followed with their trend.

This module only reads the database (a fixed number of queries whatever the number of projects) and hands
plain values to the pure rules in ``cores.monitoring``; the sentences shown to people are made here, in
the reader's language. What counts on ``as_of``:

- projects whose funding decision is dated on or before it;
- a progress report's figures when it was first submitted on or before it and it is now submitted or
  approved (a returned report's figures are not counted until it comes back);
- payments (claims' paid amounts) dated on or before it.

docs/monitoring.md describes every rule and figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cores.cofinancing import EU_SOURCES, FRAME_SOURCES, committed_amount, eu_amount
from cores.frames import commitments_by_fund_year
from cores.money import ZERO, format_eur, format_percent, quantize, share, total
from cores.monitoring import decommitment as dc
from cores.monitoring import status as st
from cores.monitoring import targets as tg
from cores.monitoring.forecast import (
    Forecast,
    ProjectSpending,
    RatioBand,
    Reallocatable,
    forecast,
    percentiles,
    reallocatable,
)
from monitoring.models import MonitoringRules, TargetKind, ThemeTarget
from programme.models import Agreement, AnnualFrame
from programme.vocabulary import unit_after_number
from progress.models import PaymentClaim, ProgressReport, ReportStatus
from progress.money import is_paid_by
from progress.services import report_periods
from projects.models import Project
from projects.money import committed_project

COUNTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "fi")[:2]


def eur(value: Decimal | None) -> str:
    return format_eur(value, lang=_lang())


def pct(value: Decimal | None) -> str:
    return format_percent(value, lang=_lang())


def day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# --- the rules --------------------------------------------------------------------------------------------


def rules_of(agreement: Agreement) -> MonitoringRules:
    """The agreement's saved rules, else the defaults (unsaved)."""
    return MonitoringRules.objects.filter(agreement=agreement).first() or MonitoringRules(agreement=agreement)


def status_rules(rules: MonitoringRules) -> st.StatusRules:
    return st.StatusRules(
        late_after_days=rules.late_after_days,
        spending_behind_share=Decimal(rules.spending_behind_share),
        indicator_lag_share=Decimal(rules.indicator_lag_share),
        min_elapsed_for_indicators=Decimal(rules.min_elapsed_for_indicators),
        high_risks_at_risk=rules.high_risks_at_risk,
    )


def decommitment_rule(rules: MonitoringRules) -> dc.DecommitmentRule:
    overrides = {int(year): int(lag) for year, lag in (rules.decommitment_lag_overrides or {}).items()}
    return dc.DecommitmentRule(lag_years=rules.decommitment_lag_years, lag_overrides=overrides)


def rules_text(rules: MonitoringRules) -> list[str]:
    """The status rules in plain language, as the page shows them next to the statuses."""
    grace = rules.late_after_days
    lines = [
        (
            ngettext(
                "Late: a progress report is not submitted %(days)d day after its due date.",
                "Late: a progress report is not submitted %(days)d days after its due date.",
                grace,
            )
            % {"days": grace}
            if grace
            else _("Late: a progress report is not submitted by its due date.")
        ),
        _(
            "At risk: the reported spending is more than %(share)s behind the plan up to the end of the "
            "last reported period."
        )
        % {"share": pct(rules.spending_behind_share)},
        _(
            "At risk: an indicator is more than %(share)s below its target pro rata to the time elapsed, "
            "judged once %(elapsed)s of the project's time has passed."
        )
        % {"share": pct(rules.indicator_lag_share), "elapsed": pct(rules.min_elapsed_for_indicators)},
    ]
    if rules.high_risks_at_risk:
        lines.append(_("At risk: the latest progress report names a high risk."))
    lines.append(_("On track: none of these. Late comes before at risk when both apply."))
    return lines


# --- what the page shows ----------------------------------------------------------------------------------


def status_label(status: str) -> str:
    labels = {
        st.Status.NOT_STARTED.value: _("Not started"),
        st.Status.ON_TRACK.value: _("On track"),
        st.Status.AT_RISK.value: _("At risk"),
        st.Status.LATE.value: _("Late"),
        st.Status.ENDED.value: _("Ended"),
    }
    return labels.get(status, status)


def reason_text(reason: st.Reason) -> str:
    """One fired rule as a sentence in the reader's language."""
    p: Mapping[str, Any] = reason.params  # each code has its own parameters (cores.monitoring.ReasonCode)
    code = reason.code
    if code == "report_late":
        return ngettext(
            "Progress report %(number)s was due on %(due)s and is %(days)d day late.",
            "Progress report %(number)s was due on %(due)s and is %(days)d days late.",
            int(p["days_late"]),
        ) % {"number": p["number"], "due": day(p["due_on"]), "days": p["days_late"]}
    if code == "spending_behind":
        return _(
            "Spending is %(behind)s behind the plan: %(spent)s reported against %(planned)s planned "
            "by %(through)s."
        ) % {
            "behind": pct(p["share_behind"]),
            "spent": eur(p["spent"]),
            "planned": eur(p["planned"]),
            "through": day(p["through"]),
        }
    if code == "no_spending_reported":
        return _("No spending reported although %(planned)s was planned by %(through)s.") % {
            "planned": eur(p["planned"]),
            "through": day(p["through"]),
        }
    if code == "indicator_lagging":
        return _(
            "Indicator %(code)s %(name)s lags: %(actual)s reached, %(expected)s expected by now "
            "(target %(target)s)."
        ) % {
            "code": p["code"],
            "name": p["name"],
            "actual": _num(p["actual"]),
            "expected": _num(p["expected"]),
            "target": _num(p["target"]),
        }
    if code == "high_risks":
        return ngettext(
            "The latest progress report names %(count)d high risk.",
            "The latest progress report names %(count)d high risks.",
            int(p["count"]),
        ) % {"count": p["count"]}
    return code


def _num(value: Decimal | int | float) -> str:
    d = Decimal(str(value))
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.quantize(Decimal("0.01"))
    text = f"{d:,}"
    if _lang() == "en":
        return text
    return text.replace(",", "\u202f").replace(".", ",")


@dataclass(frozen=True)
class ProjectHealth:
    project: Project
    theme_code: str
    assessment: st.Assessment
    forecast: Forecast
    approved: Decimal  # the plan's costs in total (the forecast's cap)
    eu_state: Decimal  # committed EU and state money
    eu_share: Decimal  # EU money per euro of planned costs (turns spending into EU payments)
    paid: Decimal  # EU and state money paid by as_of
    paid_eu_by_date: tuple[tuple[dt.date, Decimal], ...]
    spent_by_year: Mapping[int, Decimal]
    reasons: tuple[str, ...]
    indicators: tuple[tuple[str, Decimal | None, Decimal], ...]  # (code, reported so far, target)

    @property
    def status(self) -> str:
        return str(self.assessment.status.value)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def spending_ratio(self) -> Decimal | None:
        return self.assessment.spending_ratio

    @property
    def earned(self) -> Decimal:
        """The EU and state money earned by all the costs reported so far."""
        return quantize(total(self.spent_by_year.values()) * self.public_share)

    @property
    def public_share(self) -> Decimal:
        """Committed EU and state money per euro of planned costs."""
        return self.eu_state / self.approved if self.approved else ZERO

    @property
    def needs_attention(self) -> bool:
        return self.assessment.status in (st.Status.LATE, st.Status.AT_RISK)


@dataclass(frozen=True)
class TargetProgress:
    target: ThemeTarget
    label: str  # what is followed
    scope: str  # the theme, or "the whole agreement"
    status: str  # code
    status_label: str
    sentence: str  # the plain-language status
    actual: Decimal | None
    goal: str  # the target as text
    trend: str  # the trend as text ("" when none)
    share_of_target: Decimal | None = None


@dataclass(frozen=True)
class YearMoney:
    year: int
    frame: Decimal
    committed: Decimal
    # Costs as the EU and state money they earn: each project's reported costs (and forecast) times
    # its committed EU and state money per euro of planned costs, so that at 100 % of the plan the
    # forecast equals the commitment and the lines of the chart are comparable.
    spent: Decimal  # earned by the costs reported for the year
    paid: Decimal  # EU and state money paid in the year
    forecast_low: Decimal
    forecast: Decimal
    forecast_high: Decimal
    spent_costs: Decimal = ZERO  # the reported costs themselves, all financing sources


@dataclass(frozen=True)
class YearDecommitment:
    risk: dc.YearRisk
    state_label: str

    @property
    def covered(self) -> Decimal:
        return self.risk.paid + self.risk.forecast


def decommitment_label(state: str) -> str:
    return {
        dc.RiskState.DECOMMITTED.value: _("Decommitted"),
        dc.RiskState.AT_RISK.value: _("At risk"),
        dc.RiskState.COVERED.value: _("Covered"),
    }.get(str(state), str(state))


@dataclass(frozen=True)
class AgreementHealth:
    agreement: Agreement
    as_of: dt.date
    rules: MonitoringRules
    projects: tuple[ProjectHealth, ...]
    years: tuple[YearMoney, ...]
    decommitment: tuple[YearDecommitment, ...]
    reallocatable: Reallocatable
    targets: tuple[TargetProgress, ...]
    status_counts: tuple[tuple[str, str, int], ...] = field(default=())
    paid_by_fund: tuple[tuple[str, tuple[Decimal, ...]], ...] = ()  # (fund, paid per year of ``years``)

    @property
    def attention(self) -> tuple[ProjectHealth, ...]:
        """Late projects first, then those at risk, each group by code."""
        order = {st.Status.LATE: 0, st.Status.AT_RISK: 1}
        chosen = [p for p in self.projects if p.needs_attention]
        return tuple(
            sorted(chosen, key=lambda p: (order[p.assessment.status], p.project.code or "", p.project.pk))
        )

    @property
    def spent(self) -> Decimal:
        return total(y.spent for y in self.years)

    @property
    def paid(self) -> Decimal:
        return total(y.paid for y in self.years)

    @property
    def at_risk_of_decommitment(self) -> Decimal:
        return total(r.risk.shortfall for r in self.decommitment if r.risk.state != dc.RiskState.COVERED)

    @property
    def rules_text(self) -> list[str]:
        return rules_text(self.rules)


# --- reading the database ---------------------------------------------------------------------------------


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def counted_reports(reports: Iterable[ProgressReport], as_of: dt.date) -> list[ProgressReport]:
    """The reports whose figures count on ``as_of``, oldest period first."""
    chosen = [
        r
        for r in reports
        if r.status in COUNTED and (first := _local_date(r.first_submitted_at)) is not None and first <= as_of
    ]
    return sorted(chosen, key=lambda r: r.period_start)


def _projects(agreement: Agreement, as_of: dt.date, *, only: Q | None = None) -> list[Project]:
    return list(
        Project.objects.funded()
        .filter(agreement=agreement)
        # A project recorded without a decision in Salkku (e.g. moved from EURA) counts from the start.
        .filter(Q(funding_decision__decided_on__lte=as_of) | Q(funding_decision__isnull=True))
        .filter(only or Q())
        .select_related("theme", "proposal__theme", "report_schedule", "lead")
        .prefetch_related(
            "budget_lines",
            "financing_lines",
            "indicator_targets__indicator",
            "adoptions",  # the adoption register (ecosystem app), by its reverse relation
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.prefetch_related(
                    "spending", "indicators", "risks", "solutions"
                ),
            ),
            Prefetch("payment_claims", queryset=PaymentClaim.objects.filter(paid__isnull=False)),
        )
        .order_by("code", "pk")
    )


def _facts(project: Project, reports: list[ProgressReport], as_of: dt.date) -> st.ProjectFacts:
    planned: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in project.budget_lines.all():
        planned[line.year] += line.amount
    schedule = getattr(project, "report_schedule", None)
    periods = report_periods(
        project.start_date,
        project.end_date,
        *((schedule.period_months, schedule.due_days) if schedule else ()),
    )
    submitted = {
        r.period_start: _local_date(r.first_submitted_at)
        for r in project.progress_reports.all()
        if r.first_submitted_at is not None
    }
    # A report returned for changes counts as submitted on time for lateness (it was submitted).
    dues = [
        st.ReportDue(
            number=p.number,
            due_on=p.due,
            submitted_on=(s if (s := submitted.get(p.start)) is not None and s <= as_of else None),
        )
        for p in periods
        if p.due <= as_of or p.start in submitted
    ]
    spent = total(s.amount for r in reports for s in r.spending.all())
    latest = reports[-1] if reports else None
    actual_by_target = {i.target_id: i.actual for i in latest.indicators.all()} if latest else {}
    indicators = [
        st.IndicatorProgress(
            code=t.indicator.code,
            name=t.indicator.name,
            target=t.target,
            actual=actual_by_target.get(t.pk),
        )
        for t in sorted(project.indicator_targets.all(), key=lambda t: (t.indicator.code, t.pk))
    ]
    high = sum(1 for r in latest.risks.all() if r.level == "high") if latest else 0
    return st.ProjectFacts(
        start=project.start_date or as_of,
        end=project.end_date or project.start_date or as_of,
        planned_by_year=dict(planned),
        spent_through=latest.period_end if latest else None,
        spent=spent,
        reports=dues,
        indicators=indicators,
        high_risks=high,
    )


def _assess(projects: Sequence[Project], as_of: dt.date, srules: st.StatusRules) -> list[ProjectHealth]:
    """Each project's status and forecast. First pass: facts and run-rates; the spread of the projects'
    run-rates is the forecast band of a project with fewer than two reported periods."""
    prepared = []
    ratios: list[Decimal] = []
    for project in projects:
        reports = counted_reports(project.progress_reports.all(), as_of)
        facts = _facts(project, reports, as_of)
        assessment = st.assess(facts, srules, as_of)
        period_ratios = _period_ratios(facts, reports)
        if assessment.spending_ratio is not None:
            ratios.append(assessment.spending_ratio)
        prepared.append((project, reports, facts, assessment, period_ratios))
    fallback = RatioBand(*percentiles(ratios, (10, 90))) if len(ratios) >= 3 else None

    health: list[ProjectHealth] = []
    for project, reports, facts, assessment, period_ratios in prepared:
        spent_by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for r in reports:
            for s in r.spending.all():
                spent_by_year[s.year] += s.amount
        approved = total(facts.planned_by_year.values())
        projected = forecast(
            ProjectSpending(
                start=facts.start,
                end=facts.end,
                planned_by_year=facts.planned_by_year,
                approved_total=approved,
                spent_by_year=dict(spent_by_year),
                spent_through=facts.spent_through,
                period_ratios=period_ratios,
            ),
            fallback=fallback,
        )
        lines = list(project.financing_lines.all())
        eu = eu_amount((line.source, line.amount) for line in lines)
        eu_state = committed_amount((line.source, line.amount) for line in lines)
        paid_claims = [c for c in project.payment_claims.all() if is_paid_by(c, as_of)]
        health.append(
            ProjectHealth(
                project=project,
                theme_code=_theme_of(project),
                assessment=assessment,
                forecast=projected,
                approved=approved,
                eu_state=eu_state,
                eu_share=(eu / approved) if approved else ZERO,
                paid=total(c.paid for c in paid_claims if c.paid is not None),
                paid_eu_by_date=tuple(
                    (c.paid_on, c.paid)
                    for c in paid_claims
                    if c.fund in EU_SOURCES and c.paid is not None and c.paid_on is not None
                ),
                spent_by_year=dict(spent_by_year),
                reasons=tuple(reason_text(r) for r in assessment.reasons),
                indicators=tuple((i.code, i.actual, i.target) for i in facts.indicators),
            )
        )

    return health


def agreement_health(agreement: Agreement, as_of: dt.date | None = None) -> AgreementHealth:
    """The health of the agreement's funded projects on ``as_of`` (today by default)."""
    as_of = as_of or timezone.localdate()
    rules = rules_of(agreement)
    srules = status_rules(rules)
    projects = _projects(agreement, as_of)
    frames: dict[int, Decimal] = defaultdict(lambda: ZERO)
    eu_frames: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for f in AnnualFrame.objects.filter(agreement=agreement).select_related("fund"):
        frames[f.year] += f.amount
        if f.fund.is_eu:
            eu_frames[f.year] += f.amount

    health = _assess(projects, as_of, srules)
    years = tuple(agreement.period.years)
    paid_by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    paid_cells: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for h in health:
        for c in h.project.payment_claims.all():
            if is_paid_by(c, as_of):
                assert c.paid is not None and c.paid_on is not None  # is_paid_by says so
                paid_by_year[c.paid_on.year] += c.paid
                paid_cells[(c.fund, c.paid_on.year)] += c.paid
    funds = [f for f in FRAME_SOURCES if any(fund == f for fund, _y in paid_cells)]
    paid_by_fund = tuple(
        (fund, tuple(quantize(paid_cells.get((fund, y), ZERO)) for y in years)) for fund in funds
    )
    committed = _committed_by_year(health)

    def public(pick: str, year: int) -> Decimal:
        """The EU and state money earned by the projects' costs of ``year`` (reported or forecast)."""
        out = ZERO
        for h in health:
            if pick == "spent":
                cost = h.spent_by_year.get(year, ZERO)
            else:
                cell = h.forecast.by_year.get(year)
                cost = getattr(cell, pick) if cell is not None else ZERO
            out += quantize(cost * h.public_share)
        return out

    year_rows = tuple(
        YearMoney(
            year=y,
            frame=quantize(frames.get(y, ZERO)),
            committed=committed.get(y, ZERO),
            spent=public("spent", y),
            paid=quantize(paid_by_year.get(y, ZERO)),
            forecast_low=public("low", y),
            forecast=public("point", y),
            forecast_high=public("high", y),
            spent_costs=total(h.spent_by_year.get(y, ZERO) for h in health),
        )
        for y in years
    )
    # Decommitment: the EU frame of each year must be paid by its deadline; payments still to come
    # are the forecast spending turned into EU money by each project's EU share.
    eu_forecast: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for h in health:
        for year, cell in h.forecast.by_year.items():
            eu_forecast[year] += quantize(cell.point * h.eu_share)
    risks = dc.at_risk(
        commitments_by_year={y: quantize(eu_frames[y]) for y in years if eu_frames.get(y)},
        paid_by_date=sorted(p for h in health for p in h.paid_eu_by_date),
        forecast_by_year=dict(eu_forecast),
        today=as_of,
        rule=decommitment_rule(rules),
    )
    decommitment = tuple(YearDecommitment(r, decommitment_label(r.state)) for r in risks)
    counts: defaultdict[str, int] = defaultdict(int)
    for h in health:
        counts[h.status] += 1
    status_counts = tuple((s.value, status_label(s.value), counts.get(s.value, 0)) for s in st.Status)
    return AgreementHealth(
        agreement=agreement,
        as_of=as_of,
        rules=rules,
        projects=tuple(health),
        years=year_rows,
        decommitment=decommitment,
        reallocatable=reallocatable([h.forecast for h in health], as_of),
        targets=tuple(follow_targets(agreement, health, as_of)),
        status_counts=status_counts,
        paid_by_fund=paid_by_fund,
    )


def _theme_of(project: Project) -> str:
    theme = project.theme or (project.proposal.theme if project.proposal else None)
    return theme.code if theme else ""


def _period_ratios(facts: st.ProjectFacts, reports: Sequence[ProgressReport]) -> list[Decimal]:
    """Each counted report's spending against the plan for its period."""
    ratios = []
    for r in reports:
        planned = st.planned_through(
            facts.planned_by_year, facts.start, facts.end, r.period_end
        ) - st.planned_through(
            facts.planned_by_year, facts.start, facts.end, r.period_start - dt.timedelta(days=1)
        )
        if planned > 0:
            ratios.append(total(s.amount for s in r.spending.all()) / planned)
    return ratios


def _committed_by_year(health: Sequence[ProjectHealth]) -> dict[int, Decimal]:
    """Committed EU and state money by year: each project's money spread over its years by its eligible
    costs, exactly as the agreement's frame table does (``cores.frames``)."""
    commitments = commitments_by_fund_year(committed_project(h.project) for h in health)
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (_fund, year), amount in commitments.by_fund_year.items():
        out[year] += amount
    return dict(out)


# --- targets ----------------------------------------------------------------------------------------------


def follow_targets(
    agreement: Agreement, health: Sequence[ProjectHealth], as_of: dt.date
) -> list[TargetProgress]:
    targets = list(
        ThemeTarget.objects.filter(agreement=agreement)
        .select_related("theme", "indicator")
        .order_by("theme__order", "kind", "pk")
    )
    if not targets:
        return []
    committed_by_theme: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for h in health:
        committed_by_theme[h.theme_code] += h.eu_state
    committed = total(committed_by_theme.values())
    out = []
    for target in targets:
        scope = target.theme.name if target.theme else _("the whole agreement")
        chosen = [h for h in health if target.theme is None or h.theme_code == target.theme.code]
        if target.kind == TargetKind.MONEY_SHARE:
            value = share(committed_by_theme[target.theme.code], committed) if target.theme else None
            result = tg.follow_share(value, target.share_min, target.share_max) if value is not None else None
            out.append(_share_progress(target, scope, value, result))
            continue
        observations = _observations(target, chosen, as_of)
        achievement = tg.follow(
            tg.IndicatorTarget(
                target=target.target or ZERO,
                target_year=target.target_year,
                baseline=target.baseline,
                start_year=target.start_year,
            ),
            observations,
            as_of,
        )
        out.append(_indicator_progress(target, scope, achievement))
    return out


def _observations(
    target: ThemeTarget, chosen: Sequence[ProjectHealth], as_of: dt.date
) -> list[tuple[dt.date, Decimal]]:
    """The cumulative value reached on each reported period end: the sum over projects of each one's
    latest reported value (indicator actuals) or count so far (adopted solutions)."""
    events: list[tuple[dt.date, int, Decimal]] = []  # (date, project, value reached by then)
    for h in chosen:
        reports = counted_reports(h.project.progress_reports.all(), as_of)
        if target.kind == TargetKind.SOLUTIONS:
            # Solutions declared in progress reports (on the period's end) and adoptions recorded in the
            # register (on their date); a reported solution that the register holds counts once, there.
            adoptions = [
                a for a in h.project.adoptions.all() if a.withdrawn_at is None and a.adopted_on <= as_of
            ]
            linked = {a.report_solution_id for a in adoptions if a.report_solution_id}
            steps = [(r.period_end, sum(1 for s in r.solutions.all() if s.pk not in linked)) for r in reports]
            steps += [(a.adopted_on, 1) for a in adoptions]
            count = 0
            for when, n in sorted(steps, key=lambda step: step[0]):
                count += n
                events.append((when, h.project.pk, Decimal(count)))
        else:
            wanted = {
                t.pk for t in h.project.indicator_targets.all() if t.indicator_id == target.indicator_id
            }
            if not wanted:
                continue
            for r in reports:
                values = [i.actual for i in r.indicators.all() if i.target_id in wanted]
                if values:
                    events.append((r.period_end, h.project.pk, sum(values, ZERO)))
    events.sort()
    latest: dict[int, Decimal] = {}
    observations: dict[dt.date, Decimal] = {}
    for when, project, value in events:
        latest[project] = value
        observations[when] = sum(latest.values(), ZERO)
    return sorted(observations.items())


def _share_progress(
    target: ThemeTarget, scope: str, value: Decimal | None, result: tg.ShareAchievement | None
) -> TargetProgress:
    lo, hi = target.share_min, target.share_max
    if lo is not None and hi is not None:
        goal = _("%(min)s–%(max)s of the committed money") % {"min": pct(lo), "max": pct(hi)}
    elif lo is not None:
        goal = _("at least %(min)s of the committed money") % {"min": pct(lo)}
    else:
        goal = _("at most %(max)s of the committed money") % {"max": pct(hi)}
    status = result.status if result else "no_data"
    sentences = {
        "within": _("%(scope)s has %(value)s of the committed money, within the target range."),
        "below": _("%(scope)s has %(value)s of the committed money, below the target range."),
        "above": _("%(scope)s has %(value)s of the committed money, above the target range."),
        "no_range": _("%(scope)s has %(value)s of the committed money."),
        "no_data": _("Nothing committed yet."),
    }
    return TargetProgress(
        target=target,
        label=str(TargetKind.MONEY_SHARE.label),
        scope=scope,
        status=status,
        status_label=target_status_label(status),
        sentence=sentences[status] % {"scope": scope, "value": pct(value)},
        actual=value,
        goal=goal,
        trend="",
    )


def _indicator_progress(target: ThemeTarget, scope: str, a: tg.Achievement) -> TargetProgress:
    if target.kind == TargetKind.SOLUTIONS:
        label = str(TargetKind.SOLUTIONS.label)
        unit = _("solutions")
    else:
        assert target.indicator is not None
        label = f"{target.indicator.code} {target.indicator.name}"
        unit = unit_after_number(target.indicator.unit, target.target or ZERO)
    goal = _("%(target)s %(unit)s by %(year)s") % {
        "target": _num(target.target or ZERO),
        "unit": unit,
        "year": target.target_year,
    }
    trend = (
        _("%(slope)s %(unit)s a year") % {"slope": _num(quantize(a.trend_per_year)), "unit": unit}
        if a.trend_per_year is not None
        else ""
    )
    params = {
        "actual": _num(a.actual or ZERO),
        "target": _num(target.target or ZERO),
        "unit": unit,
        "year": target.target_year,
        "projected": _num(quantize(a.projected_at_target)) if a.projected_at_target is not None else "–",
    }
    sentences = {
        "achieved": _("Reached: %(actual)s of %(target)s %(unit)s."),
        "on_track": _(
            "On track: %(actual)s of %(target)s %(unit)s so far; at this pace %(projected)s by the end "
            "of %(year)s."
        ),
        "behind": _(
            "Somewhat behind: %(actual)s of %(target)s %(unit)s so far; at this pace %(projected)s by "
            "the end of %(year)s."
        ),
        "off_track": _(
            "Off track: %(actual)s of %(target)s %(unit)s so far; at this pace only %(projected)s by "
            "the end of %(year)s."
        ),
        "no_data": _("Nothing reported yet."),
    }
    return TargetProgress(
        target=target,
        label=label,
        scope=scope,
        status=a.status,
        status_label=target_status_label(a.status),
        sentence=sentences.get(a.status, a.status) % params,
        actual=a.actual,
        goal=goal,
        trend=trend,
        share_of_target=a.share_of_target,
    )


def target_status_label(status: str) -> str:
    return {
        "achieved": _("Reached"),
        "on_track": _("On track"),
        "behind": _("Somewhat behind"),
        "off_track": _("Off track"),
        "no_data": _("No data"),
        "within": _("Within the range"),
        "below": _("Below the range"),
        "above": _("Above the range"),
        "no_range": _("No range"),
    }.get(status, status)


def project_health(project: Project, as_of: dt.date | None = None) -> ProjectHealth | None:
    """One project's health (for its page), by the same rules as the dashboard. Its forecast band is the
    project's own (the portfolio's spread of run-rates is not computed for one page)."""
    if project.agreement_id is None or project.is_historical:
        return None
    as_of = as_of or timezone.localdate()
    agreement = project.agreement
    assert agreement is not None
    found = _projects(agreement, as_of, only=Q(pk=project.pk))
    if not found:
        return None
    return _assess(found, as_of, status_rules(rules_of(agreement)))[0]
