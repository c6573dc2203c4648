"""The demo plans' money: project sizes and cost profiles, budget lines and financing plans that obey the
co-financing rule (cores.cofinancing), whole euros first and Decimal from there on. Mixed into the plan
builder (demo.generator), whose random draws it uses."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from cores.budget import BudgetLineIn
from cores.cofinancing import check_plan
from cores.frames import allocate_pro_rata
from cores.money import ZERO, total
from demo.plan import (
    COST_CATEGORIES,
    THEME_PROFILE,
    THEME_SIZE,
    AgreementFacts,
    DemoPlanError,
    FinancingPlan,
    ProposalPlan,
    _round10,
    floor_cents,
)


def _own_source(kind: str) -> str:
    """The own-financing source of an organisation of this kind."""
    if kind == "city":
        return "CITY"
    if kind == "company":
        return "PRIVATE"
    return "OWN"


class PlanMoney:
    """The builder's money; the builder holds the random source, the agreement's facts and the EU : state
    ratio."""

    rng: random.Random
    facts: AgreementFacts
    eu_ratio: Decimal

    if TYPE_CHECKING:

        def kind(self, key: str) -> str: ...  # the builder's: an organisation's kind

    # -- money -------------------------------------------------------------------------------------------
    def draw_size(self, theme: str) -> int:
        median, least, most = THEME_SIZE[theme]
        size = self.rng.lognormvariate(math.log(median), 0.45)
        return int(min(max(size, least), most) // 1000 * 1000)

    def draw_profile(self, theme: str) -> tuple[int, int, int, int]:
        p, s, e, t = (self.rng.randrange(lo, hi + 1) for lo, hi in THEME_PROFILE[theme])
        return p, s, e, t

    def choose_eu_fund(self, theme: str) -> str:
        eligible = self.facts.themes[theme].eligible_funds
        if "ESF+" in eligible and self.facts.frame_total("ESF+") > 0 and self.rng.random() < 0.6:
            return "ESF+"
        if "ERDF" in eligible:
            return "ERDF"
        eu = [f for f in eligible if f != "STATE"]
        if not eu:
            raise DemoPlanError(f"theme {theme} has no EU fund the demo could use")
        return eu[0]

    def fund_fractions(self, p: ProposalPlan) -> dict[str, float]:
        """The share of eligible costs each frame fund pays (for sizing; the exact amounts come later)."""
        shares = self.public_split(p, Decimal(1_000_000))
        return {fund: float(amount / Decimal(1_000_000)) for fund, amount in shares.items()}

    def public_split(self, p: ProposalPlan, eligible: Decimal) -> dict[str, Decimal]:
        facts = self.facts
        rate = min(p.public_rate, facts.rule.max_public_share)
        public = floor_cents(eligible * rate)
        cap_eu = facts.fund_caps.get(p.eu_fund, Decimal(1))
        funds = facts.themes[p.theme].eligible_funds
        if "STATE" in funds and "STATE" in facts.fund_caps:
            eu = min(floor_cents(public * self.eu_ratio), floor_cents(eligible * cap_eu))
            state = min(public - eu, floor_cents(eligible * facts.fund_caps["STATE"]))
            return {p.eu_fund: eu, "STATE": state}
        return {p.eu_fund: min(public, floor_cents(eligible * cap_eu))}

    def make_lines(self, p: ProposalPlan) -> None:
        personnel, services, equipment, travel = p.profile
        other = max(1000 - personnel - services - equipment - travel, 0)
        running = personnel + services + travel + other
        direct = Decimal(p.size) / (1 + p.indirect_rate * Decimal(personnel) / 1000)
        equipment_total = direct * equipment / 1000
        running_total = direct - equipment_total
        months = p.months
        lines: list[BudgetLineIn] = []
        for index, (year, count) in enumerate(p.months_by_year().items()):
            year_total = running_total * count / months
            amounts = {
                "personnel": year_total * personnel / running,
                "services": year_total * services / running,
                "equipment": equipment_total if index == 0 else ZERO,
                "travel": year_total * travel / running,
                "other": year_total * other / running,
            }
            for category in COST_CATEGORIES:
                amount = _round10(amounts[category])
                if amount > 0:
                    lines.append(BudgetLineIn(year, category, amount))
        p.lines = lines

    def make_financing(self, p: ProposalPlan) -> None:
        eligible = p.eligible_costs
        public = self.public_split(p, eligible)
        own = eligible - total(public.values())
        payers = [partner for partner in p.partners if partner.share > 0]
        parts = allocate_pro_rata(own, {i: Decimal(partner.share) for i, partner in enumerate(payers)})
        financing = [FinancingPlan(fund, None, amount) for fund, amount in public.items() if amount > 0]
        for i, partner in enumerate(payers):
            if parts[i] > 0:
                financing.append(FinancingPlan(_own_source(self.kind(partner.org)), partner.org, parts[i]))
        p.financing = financing
        theme = self.facts.themes[p.theme]
        problems = check_plan(
            eligible_costs=eligible,
            financing=p.financing_by_source(),
            rule=self.facts.rule,
            eligible_funds=theme.eligible_funds,
            theme_label=theme.code,
        )
        if problems:
            raise DemoPlanError(f"demo proposal {p.title!r}: {'; '.join(v.message for v in problems)}")

    def make_money(self, p: ProposalPlan) -> None:
        self.make_lines(p)
        self.make_financing(p)
