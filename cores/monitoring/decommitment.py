"""Money at risk of automatic decommitment, per commitment year. Plain Python, exact Decimal.

The rule of the 2021–2027 programmes (Regulation (EU) 2021/1060, the Common Provisions Regulation, Article
105): the Commission decommits any amount of a programme that has not been covered by pre-financing or by
payment applications by 31 December of the third calendar year following the year of the budget
commitment, for the commitments of 2021 to 2026 ("N+3"). The commitment of 2027 is settled at closure,
at the end of the eligibility period on 31 December 2029 — the second year after it ("N+2"). This is how the
European Commission's regional policy glossary ("Decommitment") states the rule; the Article's text itself
was not at hand, so the rule is data (:class:`DecommitmentRule`), and :data:`CPR_2021_2027` encodes the
reading above. Note that 2026 and 2027 therefore share the deadline 31.12.2029.

How the risk is computed. Commitments are cumulative and payments are consumed first in, first out: a
payment covers the oldest commitment still open. So for commitment year N, with the deadline
``31.12.(N + lag)``::

    shortfall(N) = max(0, commitments through N − decommitted before N − covered by the deadline)

where *covered* is the payments dated on or before the deadline (and on or before today) plus, when the
deadline is still ahead, the forecast payments up to the deadline year, and *decommitted before N* is the
shortfall of the earlier years (decommitted money no longer needs covering; without it one missing euro
would be counted again every year). The shortfall of a year is never more than that year's commitment.

The state of a year is ``decommitted`` (the deadline has passed with a shortfall), ``at_risk`` (the deadline
is ahead and the forecast leaves a shortfall) or ``covered``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from cores.monitoring.status import MonitoringError

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DecommitmentRule:
    """Commitments of year N must be covered by 31 December of year N + lag (per year overrides)."""

    lag_years: int = 3
    lag_overrides: Mapping[int, int] = field(default_factory=dict)

    def lag(self, year: int) -> int:
        return self.lag_overrides.get(year, self.lag_years)

    def deadline(self, year: int) -> date:
        return date(year + self.lag(year), 12, 31)


#: CPR (EU) 2021/1060 Art. 105 as read above: N+3 for 2021–2026; 2027 at closure on 31.12.2029 (N+2).
CPR_2021_2027 = DecommitmentRule(lag_years=3, lag_overrides={2027: 2})


class RiskState(StrEnum):
    DECOMMITTED = "decommitted"
    AT_RISK = "at_risk"
    COVERED = "covered"


@dataclass(frozen=True)
class YearRisk:
    """One commitment year: its deadline and how much of the commitments is not covered by then."""

    year: int
    commitment: Decimal
    deadline: date
    cumulative_commitment: Decimal
    decommitted_before: Decimal
    paid: Decimal
    forecast: Decimal
    shortfall: Decimal
    state: RiskState

    @property
    def covered(self) -> Decimal:
        """Payments by the deadline: actual, plus forecast when the deadline is ahead."""
        return self.paid + self.forecast


def at_risk(
    commitments_by_year: Mapping[int, Decimal],
    paid_by_date: Sequence[tuple[date, Decimal]],
    forecast_by_year: Mapping[int, Decimal],
    today: date,
    rule: DecommitmentRule,
) -> tuple[YearRisk, ...]:
    """The decommitment risk of every commitment year, oldest first (see the module docstring).

    ``forecast_by_year`` is the total payments expected in each calendar year; for the current year only
    what is still to come counts (the forecast less the payments already made this year, at least 0).
    Payments dated after ``today`` are not yet made and are ignored.
    """
    if any(amount < 0 for amount in commitments_by_year.values()):
        raise MonitoringError("a commitment is negative")
    if any(amount < 0 for _, amount in paid_by_date) or any(a < 0 for a in forecast_by_year.values()):
        raise MonitoringError("a payment is negative")
    paid_this_year = sum((a for d, a in paid_by_date if d.year == today.year and d <= today), ZERO)
    still_to_come = {year: amount for year, amount in forecast_by_year.items() if year > today.year}
    if today.year in forecast_by_year:
        still_to_come[today.year] = max(ZERO, forecast_by_year[today.year] - paid_this_year)

    result: list[YearRisk] = []
    cumulative = ZERO
    decommitted = ZERO
    for year in sorted(commitments_by_year):
        commitment = commitments_by_year[year]
        cumulative += commitment
        deadline = rule.deadline(year)
        cutoff = min(today, deadline)
        paid = sum((amount for day, amount in paid_by_date if day <= cutoff), ZERO)
        ahead = deadline >= today
        expected = sum((a for y, a in still_to_come.items() if y <= deadline.year), ZERO) if ahead else ZERO
        open_amount = cumulative - decommitted - paid - expected
        shortfall = min(commitment, max(ZERO, open_amount))
        if shortfall == 0:
            state = RiskState.COVERED
        elif ahead:
            state = RiskState.AT_RISK
        else:
            state = RiskState.DECOMMITTED
        result.append(
            YearRisk(year, commitment, deadline, cumulative, decommitted, paid, expected, shortfall, state)
        )
        decommitted += shortfall
    return tuple(result)
