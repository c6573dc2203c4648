"""Theme and agreement targets followed with a trend and a plain status. Plain Python, exact.

An indicator's observations are its cumulative value on given days. The trend is the least-squares slope
through them (value per year of 365.25 days); the value on the target day (31 December of the target year)
is projected from the latest value along the trend. With a single observation the trend is not known, so
the projection follows the straight line from the baseline on 1 January of the start year through that
observation.

Progress is measured from the baseline: ``share = (value − baseline) / (target − baseline)`` (with a zero
baseline simply ``value / target``). This also serves targets that go down (a target below the baseline).
The status is ``achieved`` (the latest value has reached the target), ``on_track`` (the projection reaches
it), ``behind`` (the projection reaches at least ``behind_share``, 80 %, of the way), ``off_track``
(less), or ``no_data``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from cores.monitoring.status import round_exact

DAYS_PER_YEAR = Fraction(36525, 100)


class TargetStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


class ShareStatus(StrEnum):
    WITHIN = "within"
    BELOW = "below"
    ABOVE = "above"
    NO_RANGE = "no_range"


@dataclass(frozen=True)
class IndicatorTarget:
    target: Decimal
    target_year: int
    start_year: int
    baseline: Decimal = Decimal(0)

    @property
    def target_date(self) -> date:
        return date(self.target_year, 12, 31)


@dataclass(frozen=True)
class Achievement:
    """Where an indicator stands. Values are rounded to 2 decimals and the share to 4 for showing; the
    status is decided on the exact numbers."""

    actual: Decimal | None
    observed_on: date | None
    share_of_target: Decimal | None
    trend_per_year: Decimal | None
    projected_at_target: Decimal | None
    status: TargetStatus


@dataclass(frozen=True)
class ShareAchievement:
    """A share against its allowed range; ``gap`` is how far outside it is (0 within, None without a range)."""

    status: ShareStatus
    gap: Decimal | None


def _slope_per_day(points: Sequence[tuple[int, Fraction]]) -> Fraction | None:
    """Least-squares slope of value on day; None unless at least two distinct days."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = Fraction(sum(x for x, _ in points), n)
    mean_y = sum((y for _, y in points), Fraction(0)) / n
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in points), Fraction(0))
    sxx = sum(((x - mean_x) ** 2 for x, _ in points), Fraction(0))
    return sxy / sxx


def follow(
    target: IndicatorTarget,
    observations: Sequence[tuple[date, Decimal]],
    today: date,
    behind_share: Decimal = Decimal("0.8"),
) -> Achievement:
    """The indicator's achievement on ``today`` (observations dated after today are not yet known).

    The latest observation is the actual value (of several on the latest day, the last one given). After the
    target day the projection is the actual value itself.
    """
    known = sorted((obs for obs in observations if obs[0] <= today), key=lambda obs: obs[0])
    if not known:
        return Achievement(None, None, None, None, None, TargetStatus.NO_DATA)
    last_day, last_value = known[-1]
    actual = Fraction(last_value)
    baseline, goal = Fraction(target.baseline), Fraction(target.target)
    first = known[0][0]
    slope = _slope_per_day([((day - first).days, Fraction(value)) for day, value in known])
    days_ahead = max(0, (target.target_date - last_day).days)
    if slope is not None:
        projected = actual + slope * days_ahead
    else:
        since_baseline = (last_day - date(target.start_year, 1, 1)).days
        line = (actual - baseline) / since_baseline if since_baseline > 0 else Fraction(0)
        projected = actual + line * days_ahead

    def progress(value: Fraction) -> Fraction | None:
        return None if goal == baseline else (value - baseline) / (goal - baseline)

    share, projected_share = progress(actual), progress(projected)
    if share is None or projected_share is None:  # no distance to go: judge the value against the target
        share_now, share_then = Fraction(actual >= goal), Fraction(projected >= goal)
    else:
        share_now, share_then = share, projected_share
    if share_now >= 1:
        status = TargetStatus.ACHIEVED
    elif share_then >= 1:
        status = TargetStatus.ON_TRACK
    elif share_then >= Fraction(behind_share):
        status = TargetStatus.BEHIND
    else:
        status = TargetStatus.OFF_TRACK
    return Achievement(
        actual=last_value,
        observed_on=last_day,
        share_of_target=None if share is None else round_exact(share, 4),
        trend_per_year=None if slope is None else round_exact(slope * DAYS_PER_YEAR),
        projected_at_target=round_exact(projected),
        status=status,
    )


def follow_share(share: Decimal, minimum: Decimal | None, maximum: Decimal | None) -> ShareAchievement:
    """A share (e.g. of the portfolio's money in a theme) against its minimum and maximum, either optional."""
    if minimum is None and maximum is None:
        return ShareAchievement(ShareStatus.NO_RANGE, None)
    if minimum is not None and share < minimum:
        return ShareAchievement(ShareStatus.BELOW, minimum - share)
    if maximum is not None and share > maximum:
        return ShareAchievement(ShareStatus.ABOVE, share - maximum)
    return ShareAchievement(ShareStatus.WITHIN, Decimal(0))
