"""Annual money frames against commitments. Plain Python, exact Decimal.

A funded project's frame-fund money (ERDF, ESF+, JTF, state) is committed against the agreement's annual
frames. A project's money is not tied to a year in its financing plan, so each fund's amount is spread
over the project's years pro rata by its yearly eligible costs, exactly to the cent (largest remainder:
the parts always add up to the whole). A project with money but no yearly costs is reported as
unallocated, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from cores.money import ZERO, from_cents, share, to_cents, total


class FrameError(ValueError):
    """The input cannot be allocated; the message names the project and the reason."""


K = TypeVar("K", int, str)  # a key of an allocation: years, indices or source codes


def allocate_pro_rata(amount: Decimal, weights: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Split ``amount`` over the keys of ``weights`` in proportion to them, exact to the cent.

    Every part is the floor of its exact share in cents, and the cents left over go one each to the keys
    with the largest remainders (the earlier key first on a tie). Keys of zero weight get nothing.
    """
    if amount < 0:
        raise FrameError(f"the amount {amount} is negative")
    if any(w < 0 for w in weights.values()):
        raise FrameError("a weight is negative")
    whole = sum(weights.values(), Decimal(0))
    if whole == 0:
        raise FrameError("the weights add up to zero: nothing to allocate by")
    cents = to_cents(amount)
    exact = {key: Decimal(cents) * w / whole for key, w in weights.items()}
    floors = {key: int(value) for key, value in exact.items()}  # int() truncates: floor for >= 0
    left = cents - sum(floors.values())
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - floors[key]), key))
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: from_cents(value) for key, value in floors.items()}


@dataclass(frozen=True)
class CommittedProject:
    """A funded project as the frame computation sees it."""

    key: str
    fund_amounts: Mapping[str, Decimal]
    yearly_costs: Mapping[int, Decimal]


@dataclass(frozen=True)
class Commitments:
    by_fund_year: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    unallocated: dict[str, Decimal] = field(default_factory=dict)
    unallocated_projects: tuple[str, ...] = ()

    def get(self, fund: str, year: int) -> Decimal:
        return self.by_fund_year.get((fund, year), ZERO)

    def funds(self) -> set[str]:
        return {fund for fund, _ in self.by_fund_year} | set(self.unallocated)


def split_equally(amount: Decimal, parts: int) -> list[Decimal]:
    """``amount`` in ``parts`` equal parts to the cent; the cents left over go to the first parts."""
    if not amount:
        return [ZERO] * parts
    split = allocate_pro_rata(amount, {i: Decimal(1) for i in range(parts)})
    return [split[i] for i in range(parts)]


def commitments_by_fund_year(projects: Iterable[CommittedProject]) -> Commitments:
    """Each project's fund money spread over its years by its yearly eligible costs, summed over projects."""
    by_fund_year: dict[tuple[str, int], Decimal] = {}
    unallocated: dict[str, Decimal] = {}
    unallocated_projects: list[str] = []
    for project in projects:
        money = {fund: amount for fund, amount in project.fund_amounts.items() if amount}
        if not money:
            continue
        for fund, amount in money.items():
            if amount < 0:
                raise FrameError(f"project {project.key}: {fund} money {amount} is negative")
        weights = {year: cost for year, cost in project.yearly_costs.items() if cost}
        if any(cost < 0 for cost in weights.values()):
            raise FrameError(f"project {project.key}: a yearly cost is negative")
        if not weights:
            unallocated_projects.append(project.key)
            for fund, amount in money.items():
                unallocated[fund] = unallocated.get(fund, ZERO) + amount
            continue
        for fund, amount in money.items():
            for year, part in allocate_pro_rata(amount, weights).items():
                by_fund_year[(fund, year)] = by_fund_year.get((fund, year), ZERO) + part
    return Commitments(by_fund_year, unallocated, tuple(unallocated_projects))


@dataclass(frozen=True)
class FrameCell:
    """One fund (or all) in one year (or all years): the frame, what is committed, and the share used."""

    frame: Decimal | None
    committed: Decimal
    is_estimate: bool = False

    @property
    def used_share(self) -> Decimal | None:
        return None if self.frame is None else share(self.committed, self.frame)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.frame is None else self.frame - self.committed

    @property
    def is_over(self) -> bool:
        return self.frame is not None and self.committed > self.frame


def _sum_cells(cells: Sequence[FrameCell]) -> FrameCell:
    frames = [c.frame for c in cells if c.frame is not None]
    return FrameCell(
        frame=total(frames) if frames else None,
        committed=total(c.committed for c in cells),
        is_estimate=any(c.is_estimate for c in cells),
    )


def _all_estimates(cells: Sequence[FrameCell]) -> bool:
    """True when every cell that has a frame is an estimate (and at least one has a frame)."""
    framed = [c for c in cells if c.frame is not None]
    return bool(framed) and all(c.is_estimate for c in framed)


@dataclass(frozen=True)
class FrameRow:
    fund: str
    cells: tuple[FrameCell, ...]
    total: FrameCell
    unallocated: Decimal = ZERO

    @property
    def all_estimates(self) -> bool:
        return _all_estimates(self.cells)


@dataclass(frozen=True)
class FrameTable:
    years: tuple[int, ...]
    rows: tuple[FrameRow, ...]
    year_totals: tuple[FrameCell, ...]
    total: FrameCell
    unallocated_projects: tuple[str, ...] = ()

    @property
    def has_estimates(self) -> bool:
        return self.total.is_estimate

    @property
    def all_estimates(self) -> bool:
        return _all_estimates(self.year_totals)

    @property
    def unallocated_total(self) -> Decimal:
        return total(row.unallocated for row in self.rows)


def frame_table(
    *,
    years: Sequence[int],
    funds: Sequence[str],
    frames: Mapping[tuple[str, int], tuple[Decimal, bool]],
    commitments: Commitments,
) -> FrameTable:
    """Rows are funds (in ``funds`` order, then any other fund that has a frame or a commitment), columns
    are ``years`` and a total. ``frames`` maps (fund, year) to (amount, is_estimate).

    Unallocated money counts in the fund's total; a commitment in a year outside ``years`` is an error.
    """
    year_set = set(years)
    outside = sorted({y for _, y in commitments.by_fund_year if y not in year_set})
    if outside:
        raise FrameError(
            f"money is committed in {', '.join(map(str, outside))}, outside the period "
            f"{min(years) if years else '?'}–{max(years) if years else '?'}"
        )
    present = {f for f, _ in frames} | commitments.funds()
    order = [f for f in funds if f in present] + sorted(present - set(funds))
    rows = []
    for fund in order:
        cells = tuple(
            FrameCell(
                frame=frames[(fund, y)][0] if (fund, y) in frames else None,
                committed=commitments.get(fund, y),
                is_estimate=frames[(fund, y)][1] if (fund, y) in frames else False,
            )
            for y in years
        )
        extra = commitments.unallocated.get(fund, ZERO)
        row_total = _sum_cells(cells)
        if extra:
            row_total = FrameCell(row_total.frame, row_total.committed + extra, row_total.is_estimate)
        rows.append(FrameRow(fund=fund, cells=cells, total=row_total, unallocated=extra))
    year_totals = tuple(_sum_cells([row.cells[i] for row in rows]) for i in range(len(years)))
    grand = _sum_cells([row.total for row in rows])
    return FrameTable(
        years=tuple(years),
        rows=tuple(rows),
        year_totals=year_totals,
        total=grand,
        unallocated_projects=commitments.unallocated_projects,
    )
