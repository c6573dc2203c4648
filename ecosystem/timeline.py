"""The timeline of test environments per city and theme over the programme period, and its gaps.

A row is a city and one of the agreement's themes; a cell a quarter; its value how many of the
environments the user may see, in that city and with that theme, are available on at least one of its
days. A retired environment counts until the day before it was retired. The gaps are exact dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from charts import specs
from cores.availability import Period, gaps, quarter_counts
from partners.models import Organisation, TestEnvironment
from programme.models import Agreement, AgreementParty, PartyRole, Theme

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class TimelineRow:
    city: Organisation
    theme: Theme
    counts: list[Any]  # cores.availability.QuarterCount, per quarter
    per_year: list[int]  # environments available in each year
    gaps: list[Period]

    @property
    def label(self) -> str:
        return f"{self.city.name} · {self.theme.code}"


@dataclass(frozen=True)
class Timeline:
    first_year: int
    last_year: int
    rows: list[TimelineRow]

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def rows_with_gaps(self) -> list[TimelineRow]:
        return [r for r in self.rows if r.gaps]


def effective_periods(environment: TestEnvironment) -> list[Period]:
    out = []
    for p in environment.periods.all():
        end = p.ends_on
        if environment.retired_on is not None:
            last = environment.retired_on - ONE_DAY
            end = last if end is None else min(end, last)
            if end < p.starts_on:
                continue
        out.append(Period(p.starts_on, end))
    return out


def agreement_cities(agreement: Agreement) -> list[Organisation]:
    return [
        party.organisation
        for party in AgreementParty.objects.filter(agreement=agreement, role=PartyRole.CITY)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


def build_timeline(
    agreement: Agreement,
    environments: Iterable[TestEnvironment],
    *,
    city: Organisation | None = None,
    theme: Theme | None = None,
) -> Timeline:
    first, last = agreement.period.start_year, agreement.period.end_year
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    cities = [c for c in agreement_cities(agreement) if city is None or c.pk == city.pk]
    themes = [t for t in agreement.themes.order_by("order", "code") if theme is None or t.pk == theme.pk]
    envs = [(e, effective_periods(e), {t.pk for t in e.themes.all()}) for e in environments]
    rows = []
    for c in cities:
        for t in themes:
            chosen = [periods for e, periods, theme_ids in envs if e.city_id == c.pk and t.pk in theme_ids]
            counts = quarter_counts(chosen, first, last)
            per_year = [
                sum(
                    1
                    for periods in chosen
                    if any(p.clipped(dt.date(y, 1, 1), dt.date(y, 12, 31)) for p in periods)
                )
                for y in range(first, last + 1)
            ]
            rows.append(
                TimelineRow(c, t, counts, per_year, gaps([p for ps in chosen for p in ps], start, end))
            )
    return Timeline(first, last, rows)


def timeline_environments(qs: Any) -> Any:
    return qs.filter(city__isnull=False).select_related("city").prefetch_related("periods", "themes")


def timeline_spec(timeline: Timeline) -> specs.Spec:
    return specs.availability_grid(
        (
            {"row": row.label, "period": c.label, "count": c.count}
            for row in timeline.rows
            for c in row.counts
        ),
        title=_("Test environments available per city and theme, %(first)s–%(last)s")
        % {"first": timeline.first_year, "last": timeline.last_year},
        labels={
            "row": _("City and theme"),
            "period": _("Quarter"),
            "count": _("Test environments available"),
            "level": _("Available"),
            "none": _("none (a gap)"),
            "one": _("one"),
            "more": _("two or more"),
            "description": _(
                "A grid of cities and themes by quarter; orange cells are quarters with no test environment."
            ),
        },
    )


def _day(day: dt.date) -> str:
    """The day in the active language's short format (31.12.2027; 31 Dec 2027 in English)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def gap_text(periods: list[Period]) -> str:
    return ", ".join(f"{_day(p.start)}–{_day(p.end)}" for p in periods if p.end is not None)


def timeline_table(timeline: Timeline) -> dict[str, Any]:
    """The figures of the chart as a table: per row, environments available each year, and the gaps."""
    return {
        "columns": [
            _("City and theme"),
            *({"label": str(y), "kind": "number"} for y in timeline.years),
            _("Periods with none"),
        ],
        "rows": [[row.label, *row.per_year, gap_text(row.gaps) or _("no gaps")] for row in timeline.rows],
    }
