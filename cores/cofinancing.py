"""Co-financing rules of an agreement, checked on a financing plan. Plain Python, exact Decimal.

A plan is valid when: financing equals eligible costs; the frame funds (EU + state) together are at
most the agreement's maximum public share; each fund is within its own maximum share of eligible
costs; own financing (city, own, private) is at least the minimum own share; and each fund is
eligible for the plan's themes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cores.money import ZERO, format_eur, format_percent, total

STATE_SOURCE = "STATE"
EU_SOURCES = ("ERDF", "ESF+", "JTF")  # the EU funds of the frame
FRAME_SOURCES = (*EU_SOURCES, STATE_SOURCE)  # the agreement's frame: EU funds and state co-funding
OWN_SOURCES = ("CITY", "OWN", "PRIVATE")  # own financing: the cities', the partners' own and private money

# The money definitions, named once. A plan's (or a project's) financing is a set of (source, amount)
# lines; every page, report, export and the optimiser's frames read these sums from here.


def _sum_of(lines: Iterable[tuple[str, Decimal]], sources: Sequence[str]) -> Decimal:
    return total(amount for source, amount in lines if source in sources)


def committed_amount(lines: Iterable[tuple[str, Decimal]]) -> Decimal:
    """Committed money: the financing from the agreement's frame (EU funds and state co-funding)."""
    return _sum_of(lines, FRAME_SOURCES)


def eu_amount(lines: Iterable[tuple[str, Decimal]]) -> Decimal:
    """The EU share: the financing from the EU funds (ERDF, ESF+, JTF)."""
    return _sum_of(lines, EU_SOURCES)


def state_amount(lines: Iterable[tuple[str, Decimal]]) -> Decimal:
    """The state co-funding."""
    return _sum_of(lines, (STATE_SOURCE,))


def own_amount(lines: Iterable[tuple[str, Decimal]]) -> Decimal:
    """Own financing: the cities', the partners' own and private money."""
    return _sum_of(lines, OWN_SOURCES)


def frame_money_by_source(lines: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """The committed money by frame source (only sources with a line)."""
    money: dict[str, Decimal] = {}
    for source, amount in lines:
        if source in FRAME_SOURCES:
            money[source] = money.get(source, ZERO) + amount
    return money


@dataclass(frozen=True)
class Rule:
    max_public_share: Decimal = Decimal("0.60")
    min_own_share: Decimal = Decimal("0.40")
    fund_max_share: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Violation:
    field: str
    code: str
    message: str


def check_plan(
    *,
    eligible_costs: Decimal,
    financing: Mapping[str, Decimal],
    rule: Rule,
    eligible_funds: Sequence[str] | None = None,
    theme_label: str = "",
) -> list[Violation]:
    """All the ways the plan breaks the rule, each saying what to fix; an empty list when it is valid."""
    problems: list[Violation] = []
    unknown = sorted(set(financing) - set(FRAME_SOURCES) - set(OWN_SOURCES))
    for source in unknown:
        problems.append(Violation("financing", "unknown_source", f"unknown financing source {source!r}"))
    for source, amount in financing.items():
        if amount < 0:
            problems.append(Violation(f"financing.{source}", "negative", f"{source} is negative"))
    financed = total(financing.values())
    if eligible_costs <= 0:
        problems.append(Violation("budget", "no_costs", "the budget has no eligible costs"))
        return problems
    if financed != eligible_costs:
        diff = financed - eligible_costs
        problems.append(
            Violation(
                "financing",
                "not_balanced",
                f"financing {format_eur(financed)} must equal eligible costs {format_eur(eligible_costs)} "
                f"({'over' if diff > 0 else 'short'} by {format_eur(abs(diff))})",
            )
        )
    public = committed_amount(financing.items())
    own = own_amount(financing.items())
    if public > eligible_costs * rule.max_public_share:
        problems.append(
            Violation(
                "financing",
                "public_share_too_high",
                f"EU and state financing is {format_percent(public / eligible_costs)} of eligible costs; "
                f"at most {format_percent(rule.max_public_share)} is allowed "
                f"(at most {format_eur(eligible_costs * rule.max_public_share)})",
            )
        )
    if own < eligible_costs * rule.min_own_share:
        problems.append(
            Violation(
                "financing",
                "own_share_too_low",
                f"own financing is {format_percent(own / eligible_costs)} of eligible costs; "
                f"at least {format_percent(rule.min_own_share)} is required "
                f"(at least {format_eur(eligible_costs * rule.min_own_share)})",
            )
        )
    for source, cap in rule.fund_max_share.items():
        amount = financing.get(source, ZERO)
        if amount > eligible_costs * cap:
            problems.append(
                Violation(
                    f"financing.{source}",
                    "fund_share_too_high",
                    f"{source} is {format_percent(amount / eligible_costs)} of eligible costs; "
                    f"the fund allows at most {format_percent(cap)}",
                )
            )
    if eligible_funds is not None:
        for source in FRAME_SOURCES:
            if financing.get(source, ZERO) > 0 and source not in eligible_funds:
                where = f" on theme {theme_label}" if theme_label else ""
                problems.append(
                    Violation(
                        f"financing.{source}",
                        "fund_not_eligible",
                        f"{source} cannot finance a project{where}; "
                        f"eligible funds: {', '.join(eligible_funds)}",
                    )
                )
    return problems
