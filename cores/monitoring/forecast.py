"""Spending forecast per project and for the portfolio, with an uncertainty band. Plain Python, exact.

How a project's forecast is made (this text is shown to users):

1. **Run rate.** ``r = spent / planned``: the costs reported through the end of the last reported period
   divided by the plan through the same day (the plan spread evenly over the project's days in each year).
   Without reported spending, or with nothing planned yet, ``r = 1``.
2. **Weight.** ``w`` is the share of the project's duration that had passed by that day (0 at the start,
   1 at the end).
3. **Blend.** ``b = w·r + (1 − w)·1``. Early on the plan is trusted; the further the project is, the more
   its own run rate counts.
4. **Remaining years.** The plan still ahead (each later year in full, the current year pro rata by days
   after the last reported day) is multiplied by ``b`` and added to the reported costs. Years wholly before
   the year of the last reported day are the reported costs as such (no band).
5. **Cap.** A project cannot be paid more than its approved eligible costs: the money still ahead is cut so
   that the total never exceeds ``approved_total``. Reported costs are never cut.
6. **Band.** The low and high forecasts use the lowest and the highest ratio of the project's own reporting
   periods (``spent / planned`` of each period), blended the same way, when it has at least two periods;
   otherwise a portfolio-wide band given by the caller (e.g. the 10th and 90th percentiles of all
   projects' ratios, see :func:`percentiles`); without either the band is the point. The band always
   contains the project's own run rate.

Every amount is rounded half up to the cent per year; the totals are the sums of the years. If rounding
would lift a total above the cap by a cent, the cent is taken from the latest year, and the band is kept in
order (low ≤ point ≤ high in every year and in total).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from cores.money import from_cents, to_cents
from cores.monitoring.status import (
    MonitoringError,
    elapsed_fraction,
    planned_parts,
    planned_through,
    round_exact,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class RatioBand:
    """Low and high spending ratios (``spent / planned``) for projects without a spread of their own."""

    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class ProjectSpending:
    """A project as the forecast sees it; ``spent_by_year`` is reported through ``spent_through``."""

    start: date
    end: date
    planned_by_year: Mapping[int, Decimal]
    approved_total: Decimal
    spent_by_year: Mapping[int, Decimal] = field(default_factory=dict)
    spent_through: date | None = None
    period_ratios: Sequence[Decimal] = ()


@dataclass(frozen=True)
class YearForecast:
    low: Decimal
    point: Decimal
    high: Decimal


@dataclass(frozen=True)
class Forecast:
    """A project's forecast; ratios and the weight are rounded to 4 decimals for showing."""

    by_year: dict[int, YearForecast]
    total_low: Decimal
    total_point: Decimal
    total_high: Decimal
    underspend_point: Decimal
    ratio: Decimal
    weight: Decimal
    blended: Decimal
    ratio_low: Decimal
    ratio_high: Decimal
    band_source: str  # "periods" | "portfolio" | "none"
    approved_total: Decimal
    spent: Decimal
    spent_through: date | None
    end: date


@dataclass(frozen=True)
class PortfolioForecast:
    """Sums of project forecasts. The band is the sum of the lows and of the highs: a conservative band,
    as if every project erred the same way at once (the true spread of a sum is narrower)."""

    by_year: dict[int, YearForecast]
    total_low: Decimal
    total_point: Decimal
    total_high: Decimal
    approved_total: Decimal
    underspend_point: Decimal


@dataclass(frozen=True)
class Reallocatable:
    """Money the portfolio is not expected to use.

    ``forecast``: ``approved − point forecast`` summed over the projects (each at least 0). ``definite``:
    the part of it from projects that have ended and reported their costs through the end
    (``approved − spent``); it is included in ``forecast``.
    """

    forecast: Decimal
    definite: Decimal
    definite_projects: int


def percentiles(values: Iterable[Decimal], ps: Sequence[int | Decimal]) -> tuple[Decimal, ...]:
    """Percentiles by linear interpolation between the closest ranks (index ``p/100 · (n − 1)``; the
    default method of numpy and of spreadsheets' PERCENTILE.INC). Exact; rounded to 4 decimals."""
    ordered = sorted(Fraction(v) for v in values)
    if not ordered:
        raise MonitoringError("no values to take percentiles of")
    result = []
    for p in ps:
        if not 0 <= p <= 100:
            raise MonitoringError(f"the percentile {p} is not within 0..100")
        index = Fraction(p) * (len(ordered) - 1) / 100
        lo = int(index)
        hi = min(lo + 1, len(ordered) - 1)
        result.append(round_exact(ordered[lo] + (ordered[hi] - ordered[lo]) * (index - lo), 4))
    return tuple(result)


def _cents(value: Fraction) -> int:
    return to_cents(round_exact(value))


def _future_cents(remaining: Mapping[int, Fraction], blend: Fraction, available: Fraction) -> dict[int, int]:
    """The remaining plan × ``blend`` per year in cents, its sum capped at ``available``."""
    whole = sum(remaining.values(), Fraction(0))
    if whole > 0 and whole * blend > available:
        blend = available / whole
    cents = {year: _cents(amount * blend) for year, amount in remaining.items()}
    excess = sum(cents.values()) - int(available * 100)  # available is whole cents
    for year in sorted(cents, reverse=True):
        if excess <= 0:
            break
        taken = min(excess, cents[year])
        cents[year] -= taken
        excess -= taken
    return cents


def forecast(project: ProjectSpending, fallback: RatioBand | None = None) -> Forecast:
    """The project's forecast by year with a band (see the module docstring for the method)."""
    start, end = project.start, project.end
    if project.approved_total < 0:
        raise MonitoringError("the approved total is negative")
    if any(amount < 0 for amount in project.spent_by_year.values()):
        raise MonitoringError("a reported yearly amount is negative")
    actual = {year: Fraction(amount) for year, amount in project.spent_by_year.items()}
    spent = sum(actual.values(), Fraction(0))
    through = project.spent_through
    if through is None:
        if spent:
            raise MonitoringError("costs are reported but not the day they are reported through")
        planned_parts(project.planned_by_year, start, end, start)  # validates the plan and the dates
        ratio, weight = Fraction(1), Fraction(0)
        remaining = {year: Fraction(a) for year, a in project.planned_by_year.items()}
    else:
        planned = Fraction(planned_through(project.planned_by_year, start, end, through))
        ratio = spent / planned if planned > 0 else Fraction(1)
        weight = elapsed_fraction(start, end, through)
        parts = planned_parts(project.planned_by_year, start, end, through)
        remaining = {
            year: Fraction(a) - parts[year]
            for year, a in project.planned_by_year.items()
            if year >= through.year
        }

    if len(project.period_ratios) >= 2:
        low, high, source = min(project.period_ratios), max(project.period_ratios), "periods"
    elif fallback is not None:
        low, high, source = fallback.low, fallback.high, "portfolio"
    else:
        low, high, source = Decimal(0), Decimal(0), "none"
    ratio_low = ratio if source == "none" else max(Fraction(0), min(Fraction(low), ratio))
    ratio_high = ratio if source == "none" else max(Fraction(high), ratio)

    def blend(r: Fraction) -> Fraction:
        return weight * r + (1 - weight)

    available = max(Fraction(0), Fraction(project.approved_total) - spent)
    bands = [_future_cents(remaining, blend(r), available) for r in (ratio_low, ratio, ratio_high)]
    low_c, point_c, high_c = bands
    years = sorted(set(project.planned_by_year) | set(actual))
    by_year: dict[int, YearForecast] = {}
    for year in years:
        base = _cents(actual.get(year, Fraction(0)))
        hi = high_c.get(year, 0)
        pt = min(point_c.get(year, 0), hi)
        lo = min(low_c.get(year, 0), pt)
        by_year[year] = YearForecast(from_cents(base + lo), from_cents(base + pt), from_cents(base + hi))
    total_low = sum((f.low for f in by_year.values()), ZERO)
    total_point = sum((f.point for f in by_year.values()), ZERO)
    total_high = sum((f.high for f in by_year.values()), ZERO)
    return Forecast(
        by_year=by_year,
        total_low=total_low,
        total_point=total_point,
        total_high=total_high,
        underspend_point=project.approved_total - total_point,
        ratio=round_exact(ratio, 4),
        weight=round_exact(weight, 4),
        blended=round_exact(blend(ratio), 4),
        ratio_low=round_exact(ratio_low, 4),
        ratio_high=round_exact(ratio_high, 4),
        band_source=source,
        approved_total=project.approved_total,
        spent=round_exact(spent),
        spent_through=through,
        end=end,
    )


def portfolio(forecasts: Iterable[Forecast]) -> PortfolioForecast:
    """The portfolio's forecast by year: the sum of the points, the band the sum of the lows and highs."""
    by_year: dict[int, YearForecast] = {}
    approved = ZERO
    for item in forecasts:
        approved += item.approved_total
        for year, f in item.by_year.items():
            old = by_year.get(year, YearForecast(ZERO, ZERO, ZERO))
            by_year[year] = YearForecast(old.low + f.low, old.point + f.point, old.high + f.high)
    by_year = dict(sorted(by_year.items()))
    total_point = sum((f.point for f in by_year.values()), ZERO)
    return PortfolioForecast(
        by_year=by_year,
        total_low=sum((f.low for f in by_year.values()), ZERO),
        total_point=total_point,
        total_high=sum((f.high for f in by_year.values()), ZERO),
        approved_total=approved,
        underspend_point=approved - total_point,
    )


def reallocatable(forecasts: Iterable[Forecast], today: date) -> Reallocatable:
    """Money forecast not to be spent, and the definite part of it from ended, fully reported projects.

    A project counts as definite when it ended before ``today`` and its costs are reported through its end
    (until then its final costs may still grow).
    """
    expected, definite, count = ZERO, ZERO, 0
    for item in forecasts:
        expected += max(ZERO, item.approved_total - item.total_point)
        if item.end < today and item.spent_through is not None and item.spent_through >= item.end:
            definite += max(ZERO, item.approved_total - item.spent)
            count += 1
    return Reallocatable(expected, definite, count)
