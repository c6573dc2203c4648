"""Co-financing rules of an agreement, checked on a financing plan. Plain Python, exact Decimal.

A plan is valid when: financing equals eligible costs; the frame funds (EU + state) together are at
most the agreement's maximum public share; each fund is within its own maximum share of eligible
costs; own financing (city, own, private) is at least the minimum own share; and each fund is
eligible for the plan's themes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cores.money import ZERO, format_eur, format_percent, total

FRAME_SOURCES = ("ERDF", "ESF+", "JTF", "STATE")
OWN_SOURCES = ("CITY", "OWN", "PRIVATE")


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
    public = total(financing.get(s, ZERO) for s in FRAME_SOURCES)
    own = total(financing.get(s, ZERO) for s in OWN_SOURCES)
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
