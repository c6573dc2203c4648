"""A funded project's status computed from transparent rules. Plain Python, exact Decimal.

The status is never typed in by hand: it follows from the project's reports, its spending against the plan,
its indicators and its risks, by the rules of :class:`StatusRules`. Every rule that fires adds a
:class:`Reason` (a string code and numeric parameters, no language), so a page can show the whole
explanation, not just the verdict.

Precedence: ``LATE`` (a report is overdue) > ``AT_RISK`` (spending behind, no spending reported, an indicator
lagging, a high risk) > ``NOT_STARTED`` (before the start) / ``ENDED`` (after the end) / ``ON_TRACK``. An
ended project is ``ENDED`` when no rule fires; a final report that is still pending but not yet overdue does
not hold it back (it turns the project ``LATE`` the day after it is overdue), so the status never says
"on track" for a project whose time is over.

The plan to a date (:func:`planned_through`) spreads each calendar year's eligible costs evenly over the
project's days in that year: a project does not spend on a cliff at New Year, and a first or last year with
only a few months of the project is spread over those months only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

Param = int | Decimal | date | str | None


class MonitoringError(ValueError):
    """The input cannot be assessed; the message says why."""


def round_exact(value: Fraction, places: int = 2) -> Decimal:
    """An exact fraction as a Decimal rounded half up (away from zero on a tie) to ``places`` decimals.

    The computations are done in exact fractions and rounded once, at the end, so that no intermediate
    rounding can move a cent.
    """
    scaled = abs(value) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return (Decimal(sign * units).scaleb(-places)).quantize(Decimal(1).scaleb(-places))


def _check_dates(start: date, end: date) -> None:
    if end < start:
        raise MonitoringError(f"the project ends ({end}) before it starts ({start})")


def elapsed_fraction(start: date, end: date, day: date) -> Fraction:
    """The share of the project's days (both ends included) that have passed by ``day`` (inclusive), 0..1."""
    _check_dates(start, end)
    if day < start:
        return Fraction(0)
    if day >= end:
        return Fraction(1)
    return Fraction((day - start).days + 1, (end - start).days + 1)


def _year_window(year: int, start: date, end: date) -> tuple[date, date]:
    """The project's days within ``year``; a year outside the project is spread over the calendar year."""
    lo, hi = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    if lo > hi:
        return date(year, 1, 1), date(year, 12, 31)
    return lo, hi


def planned_parts(
    planned_by_year: Mapping[int, Decimal], start: date, end: date, day: date
) -> dict[int, Fraction]:
    """Each year's part of the plan that falls on or before ``day``, exact (see :func:`planned_through`)."""
    _check_dates(start, end)
    if any(amount < 0 for amount in planned_by_year.values()):
        raise MonitoringError("a planned yearly amount is negative")
    parts: dict[int, Fraction] = {}
    for year, amount in sorted(planned_by_year.items()):
        whole = Fraction(amount)
        lo, hi = _year_window(year, start, end)
        if day < start:
            parts[year] = Fraction(0)
        elif day >= end or day >= hi:
            parts[year] = whole
        elif day < lo:
            parts[year] = Fraction(0)
        else:
            parts[year] = whole * Fraction((day - lo).days + 1, (hi - lo).days + 1)
    return parts


def planned_through(planned_by_year: Mapping[int, Decimal], start: date, end: date, day: date) -> Decimal:
    """The plan spent pro rata by days through ``day`` (inclusive), to the cent (half up).

    Each year's amount is spread evenly over the project's days in that year (the days inside
    ``[start, end]``). Before the start nothing is planned; on and after the end the whole plan is. A year
    of the plan that lies wholly outside the project's dates (an inconsistent plan) is spread over its
    calendar year and is counted in full by the end at the latest, so the result never decreases and
    always reaches the whole plan.
    """
    return round_exact(sum(planned_parts(planned_by_year, start, end, day).values(), Fraction(0)))


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    ENDED = "ended"


class ReasonCode(StrEnum):
    """The codes of :class:`Reason`; the Django layer turns each into a sentence with its parameters."""

    REPORT_LATE = "report_late"  # number, due_on, days_late
    SPENDING_BEHIND = "spending_behind"  # planned, spent, share_behind, through
    NO_SPENDING_REPORTED = "no_spending_reported"  # planned, through
    INDICATOR_LAGGING = "indicator_lagging"  # code, name, target, actual, expected, elapsed
    HIGH_RISKS = "high_risks"  # count


#: The codes that make a project late; every other code makes it at risk.
LATE_CODES = frozenset({ReasonCode.REPORT_LATE})


@dataclass(frozen=True)
class Reason:
    """Why a rule fired: a language-neutral code and the numbers the sentence needs."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusRules:
    """The thresholds of the status rules; the page describes the rules from these values."""

    late_after_days: int = 0
    """A report not submitted more than this many days after its due date makes the project late."""
    spending_behind_share: Decimal = Decimal("0.25")
    """Spending more than this share behind the plan (at the end of the last reported period): at risk."""
    indicator_lag_share: Decimal = Decimal("0.5")
    """An indicator below (1 − share) × its pro-rata expected value is lagging: at risk."""
    min_elapsed_for_indicators: Decimal = Decimal("0.5")
    """Indicators are judged only when this share of the duration has passed by the last reported date."""
    high_risks_at_risk: bool = True
    """A high risk in the latest report makes the project at risk."""


DEFAULT_RULES = StatusRules()


@dataclass(frozen=True)
class ReportDue:
    number: int
    due_on: date
    submitted_on: date | None = None


@dataclass(frozen=True)
class IndicatorProgress:
    code: str
    name: str
    target: Decimal
    actual: Decimal | None = None


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules look at. ``spent`` is the costs reported through ``spent_through`` (the end of the
    last reporting period with spending reported; None when none has been reported)."""

    start: date
    end: date
    planned_by_year: Mapping[int, Decimal]
    spent_through: date | None = None
    spent: Decimal = Decimal("0.00")
    reports: Sequence[ReportDue] = ()
    indicators: Sequence[IndicatorProgress] = ()
    high_risks: int = 0


@dataclass(frozen=True)
class Assessment:
    """The status with every reason for it.

    ``planned_to_date`` is the plan through ``through``: the end of the last reported period when spending
    has been reported (spending is compared with the plan of the same period, never with today's plan),
    else today. ``spending_ratio`` is ``spent / planned_to_date`` (4 decimals), None when nothing has been
    reported or nothing was planned.
    """

    status: Status
    reasons: tuple[Reason, ...]
    planned_to_date: Decimal
    spent: Decimal
    spending_ratio: Decimal | None
    through: date

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


def _late_reports(reports: Sequence[ReportDue], rules: StatusRules, today: date) -> list[Reason]:
    """Reports still not submitted more than ``late_after_days`` after the due date (a report submitted
    late but submitted is history, not a reason)."""
    reasons = []
    for report in sorted(reports, key=lambda r: (r.due_on, r.number)):
        days_late = (today - report.due_on).days
        if report.submitted_on is None and days_late > rules.late_after_days:
            reasons.append(
                Reason(
                    ReasonCode.REPORT_LATE,
                    {"number": report.number, "due_on": report.due_on, "days_late": days_late},
                )
            )
    return reasons


def _spending(facts: ProjectFacts, rules: StatusRules, today: date) -> list[Reason]:
    """Spending behind the plan of the reported period; no spending at all is its own, clearer reason.

    Without any reported period the check looks at the submitted reports: a report submitted without any
    spending is measured against the plan through its due date. (An overdue report that is not submitted is
    a reason of its own, and before any report nobody can be expected to have reported spending.)
    """
    through = facts.spent_through
    if through is None:
        due = [
            report.due_on
            for report in facts.reports
            if report.submitted_on is not None and report.submitted_on <= today
        ]
        if not due:
            return []
        through = max(due)
        spent = Decimal(0)
    else:
        spent = facts.spent
    planned = planned_through(facts.planned_by_year, facts.start, facts.end, through)
    if planned <= 0:
        return []
    if spent == 0:
        return [Reason(ReasonCode.NO_SPENDING_REPORTED, {"planned": planned, "through": through})]
    behind = (Fraction(planned) - Fraction(spent)) / Fraction(planned)
    if behind > Fraction(rules.spending_behind_share):
        params: dict[str, Param] = {
            "planned": planned,
            "spent": spent,
            "share_behind": round_exact(behind, 4),
            "through": through,
        }
        return [Reason(ReasonCode.SPENDING_BEHIND, params)]
    return []


def _indicators(facts: ProjectFacts, rules: StatusRules) -> list[Reason]:
    """Indicators far below their pro-rata share of the target, once enough of the project has passed."""
    if facts.spent_through is None:
        return []
    elapsed = elapsed_fraction(facts.start, facts.end, facts.spent_through)
    if elapsed < Fraction(rules.min_elapsed_for_indicators):
        return []
    reasons = []
    for indicator in facts.indicators:
        if indicator.target <= 0:
            continue
        expected = Fraction(indicator.target) * elapsed
        actual = Fraction(indicator.actual) if indicator.actual is not None else Fraction(0)
        if actual < (1 - Fraction(rules.indicator_lag_share)) * expected:
            params: dict[str, Param] = {
                "code": indicator.code,
                "name": indicator.name,
                "target": indicator.target,
                "actual": indicator.actual,
                "expected": round_exact(expected),
                "elapsed": round_exact(elapsed, 4),
            }
            reasons.append(Reason(ReasonCode.INDICATOR_LAGGING, params))
    return reasons


def assess(facts: ProjectFacts, rules: StatusRules, today: date) -> Assessment:
    """The project's status on ``today`` and every reason for it (see the module docstring)."""
    _check_dates(facts.start, facts.end)
    if facts.spent < 0:
        raise MonitoringError("the reported spending is negative")
    reasons = _late_reports(facts.reports, rules, today)
    reasons += _spending(facts, rules, today)
    reasons += _indicators(facts, rules)
    if rules.high_risks_at_risk and facts.high_risks > 0:
        reasons.append(Reason(ReasonCode.HIGH_RISKS, {"count": facts.high_risks}))

    if any(reason.code in LATE_CODES for reason in reasons):
        status = Status.LATE
    elif reasons:
        status = Status.AT_RISK
    elif today < facts.start:
        status = Status.NOT_STARTED
    elif today > facts.end:
        status = Status.ENDED
    else:
        status = Status.ON_TRACK

    through = facts.spent_through if facts.spent_through is not None else today
    planned = planned_through(facts.planned_by_year, facts.start, facts.end, through)
    ratio = None
    if facts.spent_through is not None and planned > 0:
        ratio = round_exact(Fraction(facts.spent) / Fraction(planned), 4)
    return Assessment(status, tuple(reasons), planned, facts.spent, ratio, through)
