"""Demo monitoring: the progress reports and payment claims of the demo's funded projects, as they would
stand on the demo's "today" (DEMO_TODAY), so that the monitoring pages have something to show.

Every funded project of the agreement gets one report per period of its schedule (the default: six months
from the start, due 30 days after the period), exactly the reports ``progress.services.ensure_reports``
would make; the reports of periods that have ended get content and a status:

- spending by year, cost category and financing source, following the budget at a run-rate drawn per
  project (most 85–105 % of the plan, about 15 % clearly behind at 50–70 %, a few slightly ahead), split
  over the sources in the proportions of the financing plan, never more than a budget line;
- cumulative indicator actuals growing with the time elapsed (lagging in the projects behind), milestones,
  risks (a high one now and then in the projects behind) and now and then a solution adopted by a city;
- reports of periods that ended well before today are approved; the latest one may await the coordinator
  or still be a draft before its due date; two or three projects are late (the latest report overdue and
  not submitted) and one report is returned for changes;
- one payment claim per reported period and fund (EU funds and state co-funding), the fund's share of the
  reported spending: the older ones paid, the recent ones approved or just claimed.

The rows are written directly with the models, in the shape the services give them (statuses, the JSON
snapshot from ``progress.services.report_content``, who acted) but with realistic moments in the past
(Europe/Helsinki working hours before DEMO_TODAY): the services stamp ``now()`` and require an implementer
user of the lead organisation, which the demo has for two leads only. Like the rest of the demo content,
the rows get no audit entries of their own (the ``demo_data.create`` entry counts them).

Deterministic: every choice comes from ``random.Random`` seeded from the demo seed; money is Decimal to the
cent throughout (ratios are drawn as Decimal).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from accounts.models import User
from cores.frames import allocate_pro_rata
from cores.money import ZERO, quantize, total
from demo.plan import DEMO_TODAY, HELSINKI
from demo.progress_texts import (
    HIGH_RISK_NOTE,
    MILESTONES_END,
    MILESTONES_GENERIC,
    MILESTONES_MIDDLE,
    MILESTONES_START,
    OPENINGS_EARLY,
    OPENINGS_FINAL,
    OPENINGS_MIDDLE,
    RETURN_REASONS,
    RISKS,
    RISKS_HIGH,
    SOLUTIONS,
    SPENDING_AHEAD,
    SPENDING_BEHIND,
    SPENDING_ON_PLAN,
)
from partners.models import Organisation
from pipeline.models import IndicatorTarget
from programme.models import Agreement, IndicatorKind
from progress.models import (
    ClaimFund,
    ClaimStatus,
    MilestoneStatus,
    PaymentClaim,
    ProgressReport,
    ReportIndicator,
    ReportMilestone,
    ReportRisk,
    ReportSolution,
    ReportSpending,
    ReportStatus,
    RiskLevel,
)
from progress.services import Period, cities_of, implementers_of, project_periods, report_content
from projects.models import Project

AUTHORITY_USERNAME = "rahoittaja"  # the demo's funding-authority officer (demo.users)

BEHIND_SHARE = Decimal("0.15")  # of the reporting projects, clearly behind their spending plan
AHEAD_COUNT = 3  # projects slightly ahead of their plan
CELL_FLEX = Decimal("1.10")  # reported spending of a year and cost category: at most 110 % of its line
LATE_WINDOW_DAYS = 75  # a late project's overdue report is at most this many days past its due date

# --- reading the result back ----------------------------------------------------------------------


@dataclass
class ProgressSummary:
    reports: dict[str, int]  # reports of ended periods, by status
    upcoming: int  # drafts of periods not yet ended
    late_projects: list[str]  # codes of the projects with an overdue report not submitted
    overdue: int  # reports overdue and not submitted
    claims: dict[str, int]  # by status
    paid: dict[str, Decimal] = field(default_factory=dict)  # by fund

    @property
    def report_total(self) -> int:
        return sum(self.reports.values())

    @property
    def claim_total(self) -> int:
        return sum(self.claims.values())


def progress_summary(agreement: Agreement, today: dt.date = DEMO_TODAY) -> ProgressSummary:
    """Counts of the agreement's progress reports and payment claims as they stand on ``today``."""
    reports = ProgressReport.objects.filter(project__agreement=agreement, project__is_historical=False)
    ended = list(
        reports.filter(period_end__lt=today).values_list(
            "status", "due_on", "first_submitted_at", "project__code"
        )
    )
    overdue = [code for status, due, first, code in ended if first is None and due < today]
    claims = PaymentClaim.objects.filter(project__agreement=agreement)
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for fund, amount in claims.filter(paid__isnull=False).values_list("fund", "paid"):
        paid[fund] += amount or ZERO
    return ProgressSummary(
        reports=dict(Counter(status for status, *_ in ended)),
        upcoming=reports.filter(period_end__gte=today).count(),
        late_projects=sorted({code or "" for code in overdue}),
        overdue=len(overdue),
        claims=dict(Counter(claims.values_list("status", flat=True))),
        paid=dict(sorted(paid.items())),
    )


# --- helpers --------------------------------------------------------------------------------------


def _ratio(rng: random.Random, low: float, high: float, places: int = 3) -> Decimal:
    """A ratio drawn uniformly from [low, high], as an exact Decimal."""
    return Decimal(str(round(rng.uniform(low, high), places)))


def _overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


def _workday(day: dt.date, latest: dt.date) -> dt.date:
    """The day moved off a weekend: to the Monday after, unless that is past ``latest``, else the Friday."""
    forward = day
    while forward.weekday() >= 5:
        forward += dt.timedelta(days=1)
    if forward <= latest:
        return forward
    back = min(day, latest)
    while back.weekday() >= 5:
        back -= dt.timedelta(days=1)
    return back


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A moment of office hours on ``day`` in Helsinki."""
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), tzinfo=HELSINKI)


def _theme(project: Project) -> str:
    code = project.theme.code if project.theme is not None else ""
    return code if code in MILESTONES_MIDDLE else "T4"


@dataclass(frozen=True)
class _Users:
    coordinator: User
    authority: User


@dataclass
class _Milestone:
    text: str
    due: dt.date
    done: dt.date


@dataclass
class _Content:
    """What one report holds, before it is written."""

    narrative: str = ""
    spending: list[tuple[int, str, str, Decimal]] = field(default_factory=list)
    indicators: list[tuple[IndicatorTarget, Decimal]] = field(default_factory=list)
    milestones: list[tuple[str, str]] = field(default_factory=list)
    risks: list[tuple[str, str]] = field(default_factory=list)
    solutions: list[tuple[Organisation, str]] = field(default_factory=list)


@dataclass
class _Claim:
    fund: str
    period: Period
    claimed: Decimal
    filed_at: dt.datetime
    filed_by: User
    approved: Decimal | None = None
    approved_at: dt.datetime | None = None
    paid: Decimal | None = None
    paid_on: dt.date | None = None

    @property
    def status(self) -> str:
        if self.paid is not None:
            return ClaimStatus.PAID
        return ClaimStatus.APPROVED if self.approved is not None else ClaimStatus.CLAIMED


# --- choosing the portfolio's shape ---------------------------------------------------------------


@dataclass
class _Shape:
    late: set[int]
    returned: set[int]
    behind: set[int]
    ahead: set[int]


def _last_ended(periods: Sequence[Period], today: dt.date) -> Period | None:
    ended = [p for p in periods if p.end < today]
    return ended[-1] if ended else None


def _shape(
    rng: random.Random, projects: Sequence[Project], periods: dict[int, list[Period]], today: dt.date
) -> _Shape:
    """Which projects are late, which report is returned, which projects are behind or ahead."""
    reporting = [p for p in projects if _last_ended(periods[p.pk], today) is not None]

    def last(p: Project) -> Period:
        period = _last_ended(periods[p.pk], today)
        assert period is not None
        return period

    running = [p for p in reporting if last(p).due < today]
    recent = [p for p in running if (today - last(p).due).days <= LATE_WINDOW_DAYS]
    if len(recent) < 2:  # another seed: take the most recently due instead
        recent = sorted(running, key=lambda p: (today - last(p).due).days)[: max(2, len(recent))]
    late = set(p.pk for p in rng.sample(recent, min(len(recent), rng.choice((2, 3)))))
    # The report returned for changes: a recent one, preferably not yet due (so it is not overdue).
    others = [p for p in reporting if p.pk not in late and (today - last(p).end).days >= 14]
    not_due = [p for p in others if last(p).due >= today and (today - last(p).end).days <= 60]
    pool = not_due or [p for p in others if (today - last(p).due).days <= 45]
    returned = {rng.choice(pool).pk} if pool else set()
    # Behind: about 15 %; a late project is behind with even odds.
    count = int((BEHIND_SHARE * len(reporting)).to_integral_value(rounding=ROUND_HALF_UP))
    behind = {pk for pk in sorted(late) if rng.random() < 0.5}
    rest = [p for p in reporting if p.pk not in behind and p.pk not in returned]
    behind |= {p.pk for p in rng.sample(rest, max(0, min(len(rest), count - len(behind))))}
    rest = [p for p in reporting if p.pk not in behind and p.pk not in late]
    ahead = {p.pk for p in rng.sample(rest, min(len(rest), AHEAD_COUNT))}
    return _Shape(late=late, returned=returned, behind=behind, ahead=ahead)


# --- one project -----------------------------------------------------------------------------------


class _ProjectWriter:
    """Makes the content, statuses and claims of one project's reports (in memory)."""

    def __init__(
        self,
        project: Project,
        periods: list[Period],
        *,
        rng: random.Random,
        today: dt.date,
        shape: _Shape,
        users: _Users,
        cities: Sequence[Organisation],
    ) -> None:
        self.project = project
        self.periods = periods
        self.rng = rng
        self.today = today
        self.latest = today - dt.timedelta(days=1)  # the last day anything has happened
        self.users = users
        self.late = project.pk in shape.late
        self.returned = project.pk in shape.returned
        self.behind = project.pk in shape.behind
        self.ahead = project.pk in shape.ahead
        if self.behind:
            self.rate = _ratio(rng, 0.5, 0.7)
        elif self.ahead:
            self.rate = _ratio(rng, 1.05, 1.12)
        else:
            self.rate = _ratio(rng, 0.88, 1.03)
        implementers = implementers_of(project)
        self.implementer: User | None = implementers[0] if implementers else None
        self.budget: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        for line in project.budget_lines.all():
            self.budget[(line.year, line.category)] += line.amount
        self.sources: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for financing in project.financing_lines.all():
            self.sources[financing.source] += financing.amount
        self.funds = {f: self.sources[f] for f in ClaimFund.values if self.sources.get(f, ZERO) > 0}
        self.committed: dict[str, Decimal] = defaultdict(lambda: ZERO)  # per fund, as remaining_of counts
        assert project.start_date is not None and project.end_date is not None
        self.start, self.end = project.start_date, project.end_date
        self.active_days = {
            year: _overlap(self.start, self.end, dt.date(year, 1, 1), dt.date(year, 12, 31))
            for year, _ in self.budget
        }
        self.spent: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        self.budget_total = total(self.budget.values())
        self.private_spent = ZERO
        self.actuals: dict[int, Decimal] = {}
        self.targets = sorted(project.indicator_targets.all(), key=lambda t: (t.indicator.code, t.pk))
        self.quality = {
            t.pk: (_ratio(rng, 0.5, 0.75) if self.behind else _ratio(rng, 0.9, 1.15))
            * _ratio(rng, 0.92, 1.08)
            for t in self.targets
        }
        self.theme = _theme(project)
        self.milestones = self._milestones()
        self.risks = rng.sample(RISKS, 3)
        self.solution_texts = rng.sample(SOLUTIONS[self.theme], len(SOLUTIONS[self.theme]))
        adopting = (
            sorted(project.proposal.adopting_cities.all(), key=lambda o: o.pk) if project.proposal else []
        )
        city_ids = {c.pk for c in cities}
        self.adopters = [c for c in adopting if c.pk in city_ids] or list(cities)
        self.reports: list[ProgressReport] = []
        self.contents: list[_Content | None] = []
        self.claims: list[_Claim] = []

    # -- the plan of milestones

    def _milestones(self) -> list[_Milestone]:
        rng = self.rng
        months = max(1, (self.end - self.start).days // 30)
        count = max(3, min(8, months // 4 + 2))
        middle = sorted(
            rng.sample(MILESTONES_MIDDLE[self.theme] + MILESTONES_GENERIC, count - 2),
            key=lambda text: (MILESTONES_MIDDLE[self.theme] + MILESTONES_GENERIC).index(text),
        )
        texts = [rng.choice(MILESTONES_START), *middle, rng.choice(MILESTONES_END)]
        span = (self.end - self.start).days
        plan = []
        for n, text in enumerate(texts):
            due = self.start + dt.timedelta(days=max(30, span * n // (len(texts) - 1)) if n else 45)
            due = min(due, self.end)
            chance, delay = (0.6, (30, 200)) if self.behind else (0.15, (10, 90))
            slip = rng.randint(*delay) if n and rng.random() < chance else 0
            plan.append(_Milestone(text, due, due + dt.timedelta(days=slip)))
        return plan

    # -- making the reports

    def build(self) -> None:
        previous_end: dt.date | None = None
        ended = [p for p in self.periods if p.end < self.today]
        solutions = 0
        for period in self.periods:
            report = ProgressReport(
                project=self.project,
                number=period.number,
                period_start=period.start,
                period_end=period.end,
                due_on=period.due,
                status=ReportStatus.DRAFT,
            )
            report.updated_at = self.project.created_at
            content: _Content | None = None
            if period.end < self.today:
                is_last = period == ended[-1]
                content = self._content(period, previous_end, allow_solution=solutions < 2)
                self._status(report, period, content, is_last=is_last)
                solutions += len(content.solutions)
                if report.status == ReportStatus.DRAFT and not content.spending:
                    content = None  # not started
                previous_end = period.end
            report.narrative = content.narrative if content is not None else ""
            self.reports.append(report)
            self.contents.append(content)

    def _status(self, report: ProgressReport, period: Period, content: _Content, *, is_last: bool) -> None:
        rng = self.rng
        lowest = period.end + dt.timedelta(days=2)
        if is_last and self.late:
            self._draft(report, content, saved_days_ago=(2, 20))  # overdue and not submitted
            return
        if is_last and self.returned:
            back = min(period.due, self.latest - dt.timedelta(days=rng.randint(4, 10)))
            submitted = _moment(rng, _workday(max(lowest, back - dt.timedelta(days=rng.randint(3, 8))), back))
            returned_day = _workday(submitted.date() + dt.timedelta(days=rng.randint(3, 8)), self.latest)
            returned = max(_moment(rng, returned_day), submitted + dt.timedelta(hours=1))
            self._submit(report, submitted)
            report.status = ReportStatus.RETURNED
            report.return_reason = rng.choice(RETURN_REASONS)
            report.returned_at = returned
            report.decided_by = self.users.coordinator
            report.updated_at = returned
            self._claims(report, period, content, submitted)
            return
        # On time mostly (up to 25 days before the due date), now and then a few days late.
        offset = rng.randint(1, 10) if rng.random() < 0.08 else -rng.randint(0, 25)
        day = max(lowest, period.due + dt.timedelta(days=offset))
        if period.due < self.today:
            day = min(day, self.latest)
        elif day > self.latest:
            self._draft(report, content, saved_days_ago=(1, 12))  # not submitted yet, and not yet due
            return
        submitted = _moment(rng, _workday(day, self.latest))
        self._submit(report, submitted)
        approve_day = submitted.date() + dt.timedelta(days=rng.randint(4, 30))
        if approve_day <= self.latest:
            report.status = ReportStatus.APPROVED
            report.approved_at = max(
                _moment(rng, _workday(approve_day, self.latest)), submitted + dt.timedelta(hours=1)
            )
            report.decided_by = self.users.coordinator
            report.updated_at = report.approved_at
        self._claims(report, period, content, submitted)

    def _draft(self, report: ProgressReport, content: _Content, *, saved_days_ago: tuple[int, int]) -> None:
        """A report not submitted: started (the figures saved a few days ago, no narrative yet) or not
        started at all (no content)."""
        rng = self.rng
        if rng.random() < 0.5:
            content.narrative = ""
            content.milestones, content.risks, content.solutions = [], [], []
            saved = self.latest - dt.timedelta(days=rng.randint(*saved_days_ago))
            report.updated_at = _moment(rng, _workday(saved, self.latest))
        else:
            content.spending = []

    def _submit(self, report: ProgressReport, moment: dt.datetime) -> None:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = report.first_submitted_at = moment
        report.submitted_by = self.implementer
        report.updated_at = moment

    # -- content

    def _content(self, period: Period, previous_end: dt.date | None, *, allow_solution: bool) -> _Content:
        rng = self.rng
        content = _Content()
        by_cell: dict[tuple[int, str], Decimal] = {}
        period_rate = self.rate * _ratio(rng, 0.94, 1.06)
        for (year, category), amount in sorted(self.budget.items()):
            days = _overlap(period.start, period.end, dt.date(year, 1, 1), dt.date(year, 12, 31))
            active = self.active_days.get(year, 0)
            if not days or not active:
                continue
            plan = amount * Decimal(days) / Decimal(active)
            noise = _ratio(rng, 0.92, 1.08) if category == "personnel" else _ratio(rng, 0.8, 1.2)
            # A cost category may run a little over its line (CELL_FLEX), the project never over its budget.
            cell_room = quantize(amount * CELL_FLEX) - self.spent[(year, category)]
            budget_room = self.budget_total - total(self.spent.values()) - total(by_cell.values())
            value = min(quantize(plan * period_rate * noise), cell_room, budget_room)
            if value > 0:
                by_cell[(year, category)] = value
        weights = {source: amount for source, amount in sorted(self.sources.items()) if amount > 0}
        for (year, category), value in by_cell.items():
            self.spent[(year, category)] += value
            for source, part in allocate_pro_rata(value, weights).items():
                if part > 0:
                    content.spending.append((year, category, str(source), part))
                    if source == "PRIVATE":
                        self.private_spent += part
        elapsed = Decimal(_overlap(self.start, self.end, self.start, period.end)) / Decimal(
            (self.end - self.start).days + 1
        )
        content.indicators = [(t, self._actual(t, elapsed)) for t in self.targets]
        content.milestones = self._milestone_rows(period, previous_end)
        content.risks = self._risk_rows(elapsed)
        if allow_solution and elapsed >= Decimal("0.4") and rng.random() < (0.1 if self.behind else 0.3):
            organisation = rng.choice(self.adopters)
            content.solutions = [(organisation, self.solution_texts.pop())]
        content.narrative = self._narrative(period, content)
        return content

    def _actual(self, target: IndicatorTarget, elapsed: Decimal) -> Decimal:
        """The cumulative actual: grows with the time elapsed (results later than outputs), never falls."""
        indicator = target.indicator
        if indicator.unit == "euro" and self.sources.get("PRIVATE", ZERO) > 0:
            value = self.private_spent  # private investment matching the support: the private spending
        else:
            if indicator.kind == IndicatorKind.RESULT:
                progress = max(ZERO, (elapsed - Decimal("0.3")) / Decimal("0.7")) ** 2
            else:
                progress = elapsed
            value = target.target * progress * self.quality[target.pk]
            if indicator.kind != IndicatorKind.RESULT and target.target <= 1:
                # a single participation or strategy: there once the work is under way
                under_way = elapsed >= (Decimal("0.6") if self.behind else Decimal("0.25"))
                value = target.target if under_way else ZERO
            places = Decimal("0.1") if "FTE" in indicator.unit else Decimal(1)
            if indicator.unit == "euro":
                places = Decimal("0.01")
            value = value.quantize(places, rounding=ROUND_HALF_UP)
        value = max(value, self.actuals.get(target.pk, ZERO))
        self.actuals[target.pk] = value
        return value

    def _milestone_rows(self, period: Period, previous_end: dt.date | None) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        upcoming = 0
        for m in self.milestones:
            if m.due <= period.end:
                if m.done <= period.end:
                    if previous_end is None or m.done > previous_end:
                        rows.append((m.text, MilestoneStatus.DONE))
                else:
                    rows.append((m.text, MilestoneStatus.LATE))
            elif upcoming < 1 or (m.due - period.end).days < 120:
                rows.append((m.text, MilestoneStatus.PLANNED))
                upcoming += 1
            if upcoming >= 2:
                break
        return rows

    def _risk_rows(self, elapsed: Decimal) -> list[tuple[str, str]]:
        rng = self.rng
        count = rng.randint(1, 3)
        rows: list[tuple[str, str]] = []
        for text, level in self.risks[:count]:
            if (
                level == RiskLevel.MEDIUM
                and elapsed > Decimal("0.6")
                and not self.behind
                and rng.random() < 0.5
            ):
                level = RiskLevel.LOW
            rows.append((text, str(level)))
        if self.behind and elapsed >= Decimal("0.3") and rng.random() < 0.6:
            rows.insert(0, (rng.choice(RISKS_HIGH), str(RiskLevel.HIGH)))
        return rows

    def _narrative(self, period: Period, content: _Content) -> str:
        rng = self.rng
        if period.number == 1:
            opening = rng.choice(OPENINGS_EARLY)
        elif period.end >= self.end:
            opening = rng.choice(OPENINGS_FINAL)
        else:
            opening = rng.choice(OPENINGS_MIDDLE)
        pool = SPENDING_BEHIND if self.behind else SPENDING_AHEAD if self.ahead else SPENDING_ON_PLAN
        parts = [opening, rng.choice(pool)]
        if any(level == RiskLevel.HIGH for _, level in content.risks):
            parts.append(HIGH_RISK_NOTE)
        if content.solutions:
            organisation, text = content.solutions[0]
            parts.append(f"{organisation.name}: {text[0].lower()}{text[1:]}.")
        return " ".join(parts)

    # -- claims

    def _claims(
        self, report: ProgressReport, period: Period, content: _Content, submitted: dt.datetime
    ) -> None:
        """One claim per fund for the period: the fund's part of the reported spending, within what remains."""
        rng = self.rng
        filed_day = _workday(submitted.date() + dt.timedelta(days=rng.randint(0, 4)), self.latest)
        filed_at = max(_moment(rng, filed_day), submitted)
        approve_day = pay_day = None
        if report.status == ReportStatus.APPROVED and report.approved_at is not None:
            day = max(
                filed_day + dt.timedelta(days=rng.randint(14, 40)),
                report.approved_at.date() + dt.timedelta(days=rng.randint(1, 10)),
            )
            if day <= self.latest:
                approve_day = _workday(day, self.latest)
                day = approve_day + dt.timedelta(days=rng.randint(7, 28))
                if day <= self.latest:
                    pay_day = _workday(day, self.latest)
        cut = _ratio(rng, 0.01, 0.05, places=2) if rng.random() < 0.1 else ZERO
        for fund, budget in self.funds.items():
            claimed = total(amount for _, _, source, amount in content.spending if source == fund)
            claimed = min(claimed, budget - self.committed[fund])
            if claimed <= 0:
                continue
            claim = _Claim(fund, period, claimed, filed_at, self.implementer or self.users.authority)
            if approve_day is not None:
                claim.approved = quantize(claimed * (1 - cut))
                claim.approved_at = max(_moment(rng, approve_day), filed_at + dt.timedelta(hours=1))
                if pay_day is not None:
                    claim.paid, claim.paid_on = claim.approved, pay_day
            self.committed[fund] += claim.approved if claim.approved is not None else claim.claimed
            self.claims.append(claim)


# --- removing ------------------------------------------------------------------------------------


def demo_progress_reset(project_ids: Sequence[int]) -> dict[str, int]:
    """Delete the reports and claims of these projects (before the projects: an indicator actual protects
    its indicator target); returns how many of each were removed."""
    _, reports = ProgressReport.objects.filter(project_id__in=project_ids).delete()
    _, claims = PaymentClaim.objects.filter(project_id__in=project_ids).delete()
    return {
        "progress reports": reports.get(ProgressReport._meta.label, 0),
        "payment claims": claims.get(PaymentClaim._meta.label, 0),
    }


# --- the entry point ------------------------------------------------------------------------------


def demo_progress_create(*, agreement: Agreement, seed: int, today: dt.date = DEMO_TODAY) -> ProgressSummary:
    """Write the progress reports and payment claims of the agreement's funded projects (the demo users
    must exist). Call it inside the demo's transaction, once the funded projects are stored."""
    from demo.users import COORDINATOR_USERNAME  # demo.users imports demo.services, which imports this

    users = _Users(
        coordinator=User.objects.get(username=COORDINATOR_USERNAME),
        authority=User.objects.get(username=AUTHORITY_USERNAME),
    )
    projects = list(
        Project.objects.funded()
        .filter(agreement=agreement, start_date__isnull=False, end_date__isnull=False)
        .select_related("theme", "proposal", "report_schedule", "lead")
        .prefetch_related(
            "budget_lines", "financing_lines", "indicator_targets__indicator", "proposal__adopting_cities"
        )
        .order_by("code", "pk")
    )
    if not projects:
        return progress_summary(agreement, today)
    cities = cities_of(projects[0])
    periods = {p.pk: project_periods(p) for p in projects}
    shape = _shape(random.Random(f"{seed}:progress"), projects, periods, today)
    writers = []
    for project in projects:
        writer = _ProjectWriter(
            project,
            periods[project.pk],
            rng=random.Random(f"{seed}:progress:{project.code or project.pk}"),
            today=today,
            shape=shape,
            users=users,
            cities=cities,
        )
        writer.build()
        writers.append(writer)
    _write(writers)
    return progress_summary(agreement, today)


def _write(writers: Sequence[_ProjectWriter]) -> None:
    reports = [r for w in writers for r in w.reports]
    moments = [r.updated_at for r in reports]
    ProgressReport.objects.bulk_create(reports, batch_size=500)
    spending, indicators, milestones, risks, solutions = [], [], [], [], []
    for w in writers:
        for report, content in zip(w.reports, w.contents, strict=True):
            if content is None:
                continue
            spending += [
                ReportSpending(report=report, year=y, category=c, source=s, amount=a)
                for y, c, s, a in content.spending
            ]
            indicators += [ReportIndicator(report=report, target=t, actual=a) for t, a in content.indicators]
            milestones += [
                ReportMilestone(report=report, order=n, text=text, status=status)
                for n, (text, status) in enumerate(content.milestones, start=1)
            ]
            risks += [
                ReportRisk(report=report, order=n, text=text, level=level)
                for n, (text, level) in enumerate(content.risks, start=1)
            ]
            solutions += [
                ReportSolution(report=report, order=n, organisation=org, description=text)
                for n, (org, text) in enumerate(content.solutions, start=1)
            ]
    ReportSpending.objects.bulk_create(spending, batch_size=1000)
    ReportIndicator.objects.bulk_create(indicators, batch_size=1000)
    ReportMilestone.objects.bulk_create(milestones, batch_size=1000)
    ReportRisk.objects.bulk_create(risks, batch_size=1000)
    ReportSolution.objects.bulk_create(solutions, batch_size=1000)
    # The snapshot of what was submitted (nothing has changed since), as report_submit stores it; the
    # automatic updated_at takes the report's last moment.
    for report, moment in zip(reports, moments, strict=True):
        if report.first_submitted_at is not None:
            report.snapshot = report_content(report)
        report.updated_at = moment
    ProgressReport.objects.bulk_update(reports, ["snapshot", "updated_at"], batch_size=500)
    claims = []
    planned = [c for w in writers for c in w.claims]
    by_writer = [(w, c) for w in writers for c in w.claims]
    for w, c in by_writer:
        claims.append(
            PaymentClaim(
                project=w.project,
                fund=c.fund,
                period_start=c.period.start,
                period_end=c.period.end,
                status=c.status,
                claimed=c.claimed,
                approved=c.approved,
                paid=c.paid,
                paid_on=c.paid_on,
                filed_by=c.filed_by,
                approved_at=c.approved_at,
                approved_by=w.users.authority if c.approved is not None else None,
                paid_by=w.users.authority if c.paid is not None else None,
            )
        )
    PaymentClaim.objects.bulk_create(claims, batch_size=500)
    # filed_at is automatic; the demo's moments are set afterwards.
    for claim, plan in zip(claims, planned, strict=True):
        claim.filed_at = plan.filed_at
    PaymentClaim.objects.bulk_update(claims, ["filed_at"], batch_size=500)


__all__ = ["ProgressSummary", "demo_progress_create", "demo_progress_reset", "progress_summary"]
