"""A yearly budget by cost category, with flat-rate indirect costs. Plain Python, exact Decimal.

A budget is a set of lines (year, cost category, amount), at most one per year and category. Flat-rate
indirect costs are computed **per year** as ``indirect_rate × that year's personnel costs``, rounded half
up to whole cents; the eligible costs are the lines plus those yearly amounts. Every part of Salkku that
totals a budget (forms, checks, reports, frames, the demo data) uses this module, so the figures always
reconcile to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from cores.money import ZERO, quantize, total

PERSONNEL = "personnel"


class BudgetError(ValueError):
    """The budget cannot be built; the message names the line and the reason."""


class BudgetLineIn(NamedTuple):
    year: int
    category: str
    amount: Decimal


@dataclass(frozen=True)
class Budget:
    """The lines of a budget as a year × category table, with per-year indirect and eligible costs."""

    indirect_rate: Decimal
    categories: tuple[str, ...]
    years: tuple[int, ...]
    _cells: dict[tuple[str, int], Decimal] = field(repr=False)
    _indirect: dict[int, Decimal] = field(repr=False)

    def cell(self, category: str, year: int) -> Decimal:
        return self._cells.get((category, year), ZERO)

    def category_total(self, category: str) -> Decimal:
        return total(self.cell(category, year) for year in self.years)

    def direct(self, year: int) -> Decimal:
        return total(self.cell(category, year) for category in self.categories)

    @property
    def direct_total(self) -> Decimal:
        return total(self.direct(year) for year in self.years)

    def indirect(self, year: int) -> Decimal:
        return self._indirect.get(year, ZERO)

    @property
    def indirect_total(self) -> Decimal:
        return total(self.indirect(year) for year in self.years)

    def eligible(self, year: int) -> Decimal:
        return self.direct(year) + self.indirect(year)

    @property
    def eligible_total(self) -> Decimal:
        return total(self.eligible(year) for year in self.years)

    def eligible_by_year(self) -> dict[int, Decimal]:
        return {year: self.eligible(year) for year in self.years}


def build_budget(
    lines: Iterable[BudgetLineIn], *, indirect_rate: Decimal, categories: Sequence[str]
) -> Budget:
    """Check the lines and build the table; a bad line raises BudgetError naming it and the reason."""
    if not Decimal(0) <= indirect_rate <= Decimal(1):
        raise BudgetError(f"the flat-rate indirect cost rate must be between 0 and 1, not {indirect_rate}")
    known = tuple(categories)
    cells: dict[tuple[str, int], Decimal] = {}
    for number, line in enumerate(lines, start=1):
        where = f"budget line {number} ({line.year}, {line.category})"
        if line.category not in known:
            raise BudgetError(f"{where}: unknown cost category; expected one of {', '.join(known)}")
        if line.amount < 0:
            raise BudgetError(f"{where}: the amount {line.amount} is negative")
        if line.amount != quantize(line.amount):
            raise BudgetError(f"{where}: the amount {line.amount} has fractions of a cent")
        if (line.category, line.year) in cells:
            raise BudgetError(f"{where}: the same year and cost category appear twice")
        cells[(line.category, line.year)] = line.amount
    years = tuple(sorted({year for _, year in cells}))
    indirect = {year: quantize(cells.get((PERSONNEL, year), ZERO) * indirect_rate) for year in years}
    return Budget(indirect_rate, known, years, cells, indirect)


def eligible_costs(lines: Iterable[BudgetLineIn], indirect_rate: Decimal) -> Decimal:
    """The eligible costs of lines of any category: the lines plus the yearly flat-rate indirect costs."""
    listed = list(lines)
    categories = sorted({line.category for line in listed})
    return build_budget(listed, indirect_rate=indirect_rate, categories=categories).eligible_total
