"""The ministry's national view: every agreement's frame, commitments, spending, payments, project
statuses and indicators side by side, and how the national annual pool is split between the agreements.

Each agreement's figures are its dashboard's (``monitoring.health.agreement_health``), so the two views
never disagree. The pool split is the agreements' annual frames (all funds) against the national pool
of the year (``programme.NationalFrame``, about 10.3 M€ a year in the memo).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cores.money import ZERO, share, total
from monitoring.health import AgreementHealth, agreement_health
from programme.models import Agreement, AnnualFrame, NationalFrame, ProgrammePeriod


@dataclass(frozen=True)
class AgreementFigures:
    agreement: Agreement
    frame: Decimal
    committed: Decimal
    spent: Decimal
    paid: Decimal
    projects: int
    late: int
    at_risk: int
    decommitment_risk: Decimal
    indicators: dict[str, tuple[Decimal, Decimal]]  # code -> (reported so far, the projects' targets)

    @property
    def name(self) -> str:
        return self.agreement.name

    @property
    def committed_share(self) -> Decimal | None:
        return share(self.committed, self.frame) if self.frame else None

    @property
    def spent_share(self) -> Decimal | None:
        return share(self.spent, self.frame) if self.frame else None

    @property
    def paid_share(self) -> Decimal | None:
        return share(self.paid, self.frame) if self.frame else None


@dataclass(frozen=True)
class PoolRow:
    agreement: Agreement | None  # None: the part of the pool no agreement has
    cells: tuple[Decimal, ...]  # by year
    shares: tuple[Decimal | None, ...]  # of the year's pool

    @property
    def total(self) -> Decimal:
        return total(self.cells)


@dataclass(frozen=True)
class National:
    as_of: dt.date
    period: ProgrammePeriod | None
    years: tuple[int, ...]
    agreements: tuple[AgreementFigures, ...]
    pool: tuple[Decimal | None, ...]  # the national pool by year (None: not recorded)
    pool_rows: tuple[PoolRow, ...]
    unallocated: PoolRow | None
    indicator_codes: tuple[str, ...]

    @property
    def frame(self) -> Decimal:
        return total(a.frame for a in self.agreements)

    @property
    def committed(self) -> Decimal:
        return total(a.committed for a in self.agreements)

    @property
    def spent(self) -> Decimal:
        return total(a.spent for a in self.agreements)

    @property
    def paid(self) -> Decimal:
        return total(a.paid for a in self.agreements)

    @property
    def pool_total(self) -> Decimal:
        return total(p for p in self.pool if p is not None)

    @property
    def projects(self) -> int:
        return sum(a.projects for a in self.agreements)


def _figures(agreement: Agreement, frame: Decimal, health: AgreementHealth | None) -> AgreementFigures:
    if health is None:
        return AgreementFigures(agreement, frame, ZERO, ZERO, ZERO, 0, 0, 0, ZERO, {})
    indicators: dict[str, tuple[Decimal, Decimal]] = {}
    for p in health.projects:
        for code, actual, target in p.indicators:
            reached, goal = indicators.get(code, (ZERO, ZERO))
            indicators[code] = (reached + (actual or ZERO), goal + target)
    statuses = [p.status for p in health.projects]
    return AgreementFigures(
        agreement=agreement,
        frame=frame,
        committed=total(p.eu_state for p in health.projects),
        spent=health.spent,
        paid=health.paid,
        projects=len(health.projects),
        late=statuses.count("late"),
        at_risk=statuses.count("at_risk"),
        decommitment_risk=health.at_risk_of_decommitment,
        indicators=indicators,
    )


def national(as_of: dt.date | None = None) -> National:
    """Every agreement's figures on ``as_of`` (today by default), those with content first by name."""
    as_of = as_of or timezone.localdate()
    agreements = list(Agreement.objects.select_related("period").order_by("name_fi"))
    frames: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for f in AnnualFrame.objects.all().only("agreement_id", "year", "amount"):
        frames[f.agreement_id][f.year] += f.amount
    with_projects = set(
        Agreement.objects.filter(projects__is_historical=False, projects__isnull=False).values_list(
            "pk", flat=True
        )
    )
    figures = [
        _figures(
            a,
            total(frames[a.pk].values()),
            agreement_health(a, as_of) if a.pk in with_projects else None,
        )
        for a in agreements
    ]
    figures.sort(key=lambda f: (not f.frame and not f.projects, f.agreement.name_fi))
    period = agreements[0].period if agreements else None
    years = tuple(period.years) if period else ()
    pool_by_year = {n.year: n.amount for n in NationalFrame.objects.filter(period=period)} if period else {}
    pool = tuple(pool_by_year.get(y) for y in years)
    pool_rows = tuple(
        PoolRow(
            agreement=f.agreement,
            cells=tuple(frames[f.agreement.pk].get(y, ZERO) for y in years),
            shares=tuple(
                share(frames[f.agreement.pk].get(y, ZERO), pool_by_year[y]) if pool_by_year.get(y) else None
                for y in years
            ),
        )
        for f in figures
        if f.frame
    )
    unallocated = None
    if pool_by_year:
        cells = tuple(
            (pool_by_year[y] - total(r.cells[i] for r in pool_rows)) if y in pool_by_year else ZERO
            for i, y in enumerate(years)
        )
        unallocated = PoolRow(
            agreement=None,
            cells=cells,
            shares=tuple(
                share(c, pool_by_year[y]) if pool_by_year.get(y) else None
                for c, y in zip(cells, years, strict=True)
            ),
        )
    codes = sorted({code for f in figures for code in f.indicators})
    return National(as_of, period, years, tuple(figures), pool, pool_rows, unallocated, tuple(codes))
