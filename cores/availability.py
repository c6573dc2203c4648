"""When test environments are available, and where there are none: intervals of days, merged, and the gaps.

A period is a closed interval of days ``[start, end]``; ``end=None`` means "until further notice" and is
clipped to the horizon asked about. An environment may have several periods (a summer season each year).

    gaps([Period(date(2021, 1, 1), date(2022, 6, 30))], date(2021, 1, 1), date(2027, 12, 31))
    -> [Period(date(2022, 7, 1), date(2027, 12, 31))]

    quarter_counts([[p1], [p2, p3]], 2021, 2027)  # how many environments are available in each quarter
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date | None = None  # inclusive; None: open-ended

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def clipped(self, first: dt.date, last: dt.date) -> Period | None:
        """The part of the period within ``[first, last]``, or None when they do not meet."""
        start = max(self.start, first)
        end = last if self.end is None else min(self.end, last)
        return Period(start, end) if start <= end else None


@dataclass(frozen=True)
class QuarterCount:
    year: int
    quarter: int  # 1-4
    count: int  # environments available on at least one day of the quarter
    covered_days: int  # days of the quarter on which at least one is available
    days: int  # days in the quarter

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def is_gap(self) -> bool:
        """No environment on at least one day of the quarter."""
        return self.covered_days < self.days


def merge(periods: Iterable[Period], first: dt.date, last: dt.date) -> list[Period]:
    """The union of the periods within ``[first, last]``, as sorted disjoint periods (adjacent ones joined)."""
    clipped = sorted(p for p in (q.clipped(first, last) for q in periods) if p is not None)
    merged: list[Period] = []
    for p in clipped:
        assert p.end is not None  # clipped periods are closed
        if merged and merged[-1].end is not None and p.start <= merged[-1].end + ONE_DAY:
            if p.end > merged[-1].end:
                merged[-1] = Period(merged[-1].start, p.end)
        else:
            merged.append(p)
    return merged


def gaps(periods: Iterable[Period], first: dt.date, last: dt.date) -> list[Period]:
    """The days of ``[first, last]`` that no period covers, as sorted disjoint closed periods."""
    if last < first:
        return []
    out: list[Period] = []
    cursor = first
    for p in merge(periods, first, last):
        assert p.end is not None
        if p.start > cursor:
            out.append(Period(cursor, p.start - ONE_DAY))
        cursor = p.end + ONE_DAY
    if cursor <= last:
        out.append(Period(cursor, last))
    return out


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1-4, not {quarter}")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - ONE_DAY


def quarter_counts(
    environments: Sequence[Sequence[Period]], first_year: int, last_year: int
) -> list[QuarterCount]:
    """For each quarter of ``first_year``–``last_year``: how many environments are available on at least one
    of its days, and on how many of its days at least one is."""
    out: list[QuarterCount] = []
    for year in range(first_year, last_year + 1):
        for quarter in range(1, 5):
            start, end = quarter_bounds(year, quarter)
            count = sum(1 for periods in environments if merge(periods, start, end))
            union = merge([p for periods in environments for p in periods], start, end)
            covered = sum(((p.end or end) - p.start).days + 1 for p in union)
            out.append(QuarterCount(year, quarter, count, covered, (end - start).days + 1))
    return out
