"""The money plan of a proposal or a project, prepared for a page: the budget by year × category with
indirect costs and totals, the financing plan with shares, and the co-financing check.

The arithmetic is done by the cores (cores.budget, cores.cofinancing); this module only feeds them the
plan's lines and turns their result into rows and translated messages. It runs no query of its own: pass
lines that were prefetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from cores.budget import BudgetLineIn, build_budget
from cores.cofinancing import (
    Rule,
    Violation,
    check_plan,
    committed_amount,
    own_amount,
)
from cores.money import ZERO, format_eur, format_percent, share, total
from pipeline.models import BudgetLine, CostCategory, FinancingLine, FinancingSource


@dataclass(frozen=True)
class PlanRow:
    label: str
    cells: tuple[Decimal, ...]
    total: Decimal
    kind: str = "category"  # category | direct | indirect | eligible


@dataclass(frozen=True)
class FinancingRow:
    source: str
    label: str
    organisation: str
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class PlanView:
    years: tuple[int, ...]
    budget_rows: tuple[PlanRow, ...]
    eligible_total: Decimal
    indirect_rate: Decimal
    financing_rows: tuple[FinancingRow, ...]
    financed_total: Decimal
    public_total: Decimal
    own_total: Decimal
    violations: tuple[str, ...] = field(default_factory=tuple)
    checked: bool = True

    @property
    def public_share(self) -> Decimal | None:
        return share(self.public_total, self.eligible_total)

    @property
    def own_share(self) -> Decimal | None:
        return share(self.own_total, self.eligible_total)

    @property
    def financed_share(self) -> Decimal | None:
        return share(self.financed_total, self.eligible_total)

    @property
    def is_valid(self) -> bool:
        return self.checked and not self.violations

    @property
    def is_empty(self) -> bool:
        return not self.budget_rows and not self.financing_rows


def plan_view(
    *,
    budget_lines: Iterable[BudgetLine],
    financing_lines: Iterable[FinancingLine],
    indirect_rate: Decimal,
    rule: Rule | None,
    eligible_funds: Sequence[str] | None,
    theme_label: str = "",
) -> PlanView:
    """Rows and checks for one plan; ``rule`` None skips the co-financing check (e.g. no agreement)."""
    categories = [c.value for c in CostCategory]
    budget = build_budget(
        [BudgetLineIn(line.year, line.category, line.amount) for line in budget_lines],
        indirect_rate=indirect_rate,
        categories=categories,
    )
    rows: list[PlanRow] = []
    if budget.years:
        for category in CostCategory:
            if any(budget.cell(category.value, y) for y in budget.years):
                rows.append(
                    PlanRow(
                        str(category.label),
                        tuple(budget.cell(category.value, y) for y in budget.years),
                        budget.category_total(category.value),
                    )
                )
        rows.append(
            PlanRow(
                _("Direct costs"),
                tuple(budget.direct(y) for y in budget.years),
                budget.direct_total,
                "direct",
            )
        )
        rows.append(
            PlanRow(
                _("Indirect costs, %(rate)s of personnel costs")
                % {"rate": format_percent(indirect_rate, lang=_lang(), places=0)},
                tuple(budget.indirect(y) for y in budget.years),
                budget.indirect_total,
                "indirect",
            )
        )
        rows.append(
            PlanRow(
                _("Eligible costs"),
                tuple(budget.eligible(y) for y in budget.years),
                budget.eligible_total,
                "eligible",
            )
        )
    eligible = budget.eligible_total
    labels = dict(FinancingSource.choices)
    order = {source: i for i, source in enumerate(FinancingSource.values)}
    lines = sorted(
        financing_lines, key=lambda line: (order.get(line.source, 99), str(line.organisation or ""))
    )
    financing_rows = tuple(
        FinancingRow(
            source=line.source,
            label=str(labels.get(line.source, line.source)),
            organisation=str(line.organisation) if line.organisation_id else "",
            amount=line.amount,
            share=share(line.amount, eligible),
        )
        for line in lines
    )
    by_source: dict[str, Decimal] = {}
    for line in lines:
        by_source[line.source] = by_source.get(line.source, ZERO) + line.amount
    violations: tuple[str, ...] = ()
    if rule is not None:
        found = check_plan(
            eligible_costs=eligible,
            financing=by_source,
            rule=rule,
            eligible_funds=eligible_funds,
            theme_label=theme_label,
        )
        violations = tuple(
            _violation_text(v, eligible=eligible, by_source=by_source, rule=rule, theme=theme_label)
            for v in found
        )
    return PlanView(
        years=budget.years,
        budget_rows=tuple(rows),
        eligible_total=eligible,
        indirect_rate=indirect_rate,
        financing_rows=financing_rows,
        financed_total=total(by_source.values()),
        public_total=committed_amount(by_source.items()),
        own_total=own_amount(by_source.items()),
        violations=violations,
        checked=rule is not None,
    )


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "fi")[:2]


def _violation_text(
    violation: Violation, *, eligible: Decimal, by_source: dict[str, Decimal], rule: Rule, theme: str
) -> str:
    """The check's finding in the reader's language, with the figures that show what to fix."""
    lang = _lang()

    def eur(value: Decimal) -> str:
        return format_eur(value, lang=lang)

    def pct(value: Decimal | None) -> str:
        return format_percent(value, lang=lang)

    source = violation.field.partition(".")[2]
    financed = total(by_source.values())
    public = committed_amount(by_source.items())
    own = own_amount(by_source.items())
    match violation.code:
        case "no_costs":
            return _("The budget has no eligible costs.")
        case "not_balanced":
            return _("Financing %(financed)s does not equal the eligible costs %(eligible)s.") % {
                "financed": eur(financed),
                "eligible": eur(eligible),
            }
        case "public_share_too_high":
            return _(
                "EU and state financing is %(share)s of eligible costs; at most %(limit)s is allowed."
            ) % {
                "share": pct(share(public, eligible)),
                "limit": pct(rule.max_public_share),
            }
        case "own_share_too_low":
            return _("Own financing is %(share)s of eligible costs; at least %(limit)s is required.") % {
                "share": pct(share(own, eligible)),
                "limit": pct(rule.min_own_share),
            }
        case "fund_share_too_high":
            return _("%(fund)s is %(share)s of eligible costs; the fund allows at most %(limit)s.") % {
                "fund": source,
                "share": pct(share(by_source.get(source, ZERO), eligible)),
                "limit": pct(rule.fund_max_share.get(source)),
            }
        case "fund_not_eligible":
            return _("%(fund)s cannot finance a project on theme %(theme)s.") % {
                "fund": source,
                "theme": theme,
            }
        case _:
            return violation.message
