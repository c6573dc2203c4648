"""Is a proposal ready to submit? Every problem found, each with a message that says what to fix and the
field it is about, so that the page can link to it and the API can name it.

Field paths: ``title``, ``summary``, ``objectives``, ``start_date``, ``end_date``, ``partners``,
``partners.<organisation id>``, ``budget``, ``budget.<year>``, ``financing``, ``financing.<SOURCE>``,
``financing.<SOURCE>.<organisation id>``, ``targets``, ``targets.<indicator code>``.

The arithmetic is the cores' (cores.budget, cores.cofinancing); this module runs no query of its own:
pass a proposal from ``proposal_for_checking`` (everything prefetched).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cores.budget import BudgetError, BudgetLineIn, build_budget
from cores.business_id import BusinessIdError, normalise_business_id
from cores.cofinancing import Rule, check_plan, committed_amount, own_amount
from cores.money import ZERO, format_eur, format_percent, share, total
from partners.models import OrganisationKind
from pipeline.models import (
    CostCategory,
    FinancingLine,
    FinancingSource,
    IndicatorTarget,
    PartnerRole,
    Proposal,
    ProposalPartner,
)


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


ProposalsT = TypeVar("ProposalsT", bound=QuerySet[Proposal])


def proposal_for_checking(qs: ProposalsT) -> ProposalsT:
    """The proposal with everything validation, snapshots and the edit page read, in a fixed number of
    queries."""
    return qs.select_related("agreement__period", "theme", "call", "idea").prefetch_related(
        "theme__eligible_funds",
        Prefetch("partners", queryset=ProposalPartner.objects.select_related("organisation").order_by("id")),
        "budget_lines",
        Prefetch(
            "financing_lines", queryset=FinancingLine.objects.select_related("organisation").order_by("id")
        ),
        Prefetch(
            "indicator_targets", queryset=IndicatorTarget.objects.select_related("indicator").order_by("id")
        ),
        "methods",
        "test_environments",
        "adopting_cities",
    )


def _lang() -> str:
    return (get_language() or "fi")[:2]


def _eur(value: Decimal) -> str:
    return format_eur(value, lang=_lang())


def _pct(value: Decimal | None) -> str:
    return format_percent(value, lang=_lang())


def _date(value: dt.date) -> str:
    from web.templatetags.salkku import sdate

    return sdate(value)


def validate_proposal(proposal: Proposal, *, rule: Rule | None = None) -> list[Problem]:
    """All the problems that stop the proposal from being submitted; an empty list when it is ready."""
    problems: list[Problem] = []
    problems += _basics(proposal)
    problems += _dates(proposal)
    problems += _consortium(proposal)
    eligible, budget_problems = _budget(proposal)
    problems += budget_problems
    problems += _financing(proposal, eligible, rule or _rule(proposal))
    problems += _targets(proposal)
    return problems


def _rule(proposal: Proposal) -> Rule:
    return proposal.agreement.cofinancing_rule()


def _basics(p: Proposal) -> list[Problem]:
    found = []
    if not p.title.strip():
        found.append(Problem("title", "required", _("Give the proposal a title.")))
    if not p.summary.strip():
        found.append(Problem("summary", "required", _("Write a summary of the proposal.")))
    if not p.objectives.strip():
        found.append(Problem("objectives", "required", _("Describe the proposal's objectives.")))
    return found


def _dates(p: Proposal) -> list[Problem]:
    """The period's own dates are the rule: a project starts within the period's years (its frames) and
    ends at the latest on the period's last eligible date (31.12.2029 for 2021–2027, Regulation (EU)
    2021/1060 Art. 63), so an end date after the period's last year is fine until that date."""
    period = p.agreement.period
    first, last = period.start_year, period.end_year
    span = {"first": first, "last": last}
    found = []
    if not first <= p.start_date.year <= last:
        found.append(
            Problem(
                "start_date",
                "outside_period",
                _("The start date %(date)s is in %(year)s, outside the programme period %(first)s–%(last)s.")
                % {"date": _date(p.start_date), "year": p.start_date.year, **span},
            )
        )
    if p.end_date.year < first:
        found.append(
            Problem(
                "end_date",
                "outside_period",
                _("The end date %(date)s is in %(year)s, outside the programme period %(first)s–%(last)s.")
                % {"date": _date(p.end_date), "year": p.end_date.year, **span},
            )
        )
    elif p.end_date > period.last_eligible_date:
        found.append(
            Problem(
                "end_date",
                "after_last_eligible_date",
                _("The end date %(date)s is after the period's last eligible date %(last)s.")
                % {"date": _date(p.end_date), "last": _date(period.last_eligible_date)},
            )
        )
    if p.end_date < p.start_date:
        found.append(
            Problem("end_date", "before_start", _("The end date must be on or after the start date."))
        )
    return found


def _consortium(p: Proposal) -> list[Problem]:
    partners = list(p.partners.all())
    found = []
    if not any(partner.role == PartnerRole.LEAD for partner in partners):
        found.append(Problem("partners", "no_lead", _("Name the lead partner of the consortium.")))
    for partner in partners:
        org = partner.organisation
        where = f"partners.{org.pk}"
        if org.business_id:
            try:
                normalise_business_id(org.business_id)
            except BusinessIdError:
                found.append(
                    Problem(
                        where,
                        "invalid_business_id",
                        _(
                            "%(organisation)s has the business ID %(business_id)s, which is not valid; "
                            "correct it in the partner register."
                        )
                        % {"organisation": org.name, "business_id": org.business_id},
                    )
                )
        elif org.kind == OrganisationKind.COMPANY:
            found.append(
                Problem(
                    where,
                    "missing_business_id",
                    _(
                        "%(organisation)s is a company and needs a business ID; add it in the partner "
                        "register."
                    )
                    % {"organisation": org.name},
                )
            )
    return found


def _budget(p: Proposal) -> tuple[Decimal, list[Problem]]:
    lines = list(p.budget_lines.all())
    if not lines:
        return ZERO, [Problem("budget", "empty", _("Enter the budget: the costs of at least one year."))]
    found = []
    period = p.agreement.period
    for year in sorted({line.year for line in lines}):
        if year not in period.years:
            found.append(
                Problem(
                    f"budget.{year}",
                    "year_outside_period",
                    _(
                        "Budget year %(year)s is outside the programme period %(first)s–%(last)s; "
                        "move its costs to a year within the period."
                    )
                    % {"year": year, "first": period.start_year, "last": period.end_year},
                )
            )
        elif not p.start_date.year <= year <= p.end_date.year:
            found.append(
                Problem(
                    f"budget.{year}",
                    "year_outside_duration",
                    _(
                        "Budget year %(year)s is outside the proposal's duration %(start)s–%(end)s; "
                        "change the dates or move the costs."
                    )
                    % {"year": year, "start": _date(p.start_date), "end": _date(p.end_date)},
                )
            )
    try:
        budget = build_budget(
            [BudgetLineIn(line.year, line.category, line.amount) for line in lines],
            indirect_rate=p.indirect_rate,
            categories=CostCategory.values,
        )
    except BudgetError as error:
        return ZERO, [*found, Problem("budget", "invalid", str(error))]
    return budget.eligible_total, found


def _financing(p: Proposal, eligible: Decimal, rule: Rule) -> list[Problem]:
    lines = list(p.financing_lines.all())
    found: list[Problem] = []
    members = {partner.organisation_id for partner in p.partners.all()}
    for line in lines:
        if line.source != FinancingSource.OWN:
            continue
        if line.organisation_id is None:
            found.append(
                Problem(
                    "financing.OWN",
                    "own_without_organisation",
                    _(
                        "Own financing of %(amount)s has no organisation: choose the consortium member who "
                        "pays it."
                    )
                    % {"amount": _eur(line.amount)},
                )
            )
        elif line.organisation_id not in members:
            found.append(
                Problem(
                    f"financing.OWN.{line.organisation_id}",
                    "own_not_in_consortium",
                    _(
                        "%(organisation)s pays own financing but is not in the consortium; add it or remove "
                        "the line."
                    )
                    % {"organisation": line.organisation.name if line.organisation else ""},
                )
            )
    if eligible <= 0:
        return found  # the budget's own problem says what to do
    by_source: dict[str, Decimal] = {}
    for line in lines:
        by_source[line.source] = by_source.get(line.source, ZERO) + line.amount
    eligible_funds = [f.code for f in p.theme.eligible_funds.all()]
    violations = check_plan(
        eligible_costs=eligible,
        financing=by_source,
        rule=rule,
        eligible_funds=eligible_funds,
        theme_label=p.theme.code,
    )
    financed = total(by_source.values())
    public = committed_amount(by_source.items())
    own = own_amount(by_source.items())
    for v in violations:
        source = v.field.partition(".")[2]
        match v.code:
            case "not_balanced":
                gap = eligible - financed
                message = (
                    _(
                        "Financing %(financed)s is %(gap)s short of the eligible costs %(eligible)s; add "
                        "financing."
                    )
                    if gap > 0
                    else _(
                        "Financing %(financed)s exceeds the eligible costs %(eligible)s by %(gap)s; reduce "
                        "it."
                    )
                ) % {"financed": _eur(financed), "eligible": _eur(eligible), "gap": _eur(abs(gap))}
            case "public_share_too_high":
                limit = (eligible * rule.max_public_share).quantize(Decimal("0.01"))
                message = _(
                    "EU and state financing is %(share)s of eligible costs; at most %(limit)s "
                    "(%(limit_eur)s) "
                    "is allowed: reduce it by %(excess)s."
                ) % {
                    "share": _pct(share(public, eligible)),
                    "limit": _pct(rule.max_public_share),
                    "limit_eur": _eur(limit),
                    "excess": _eur(public - limit),
                }
            case "own_share_too_low":
                need = (eligible * rule.min_own_share).quantize(Decimal("0.01"))
                message = _(
                    "Own financing is %(share)s of eligible costs; at least %(limit)s (%(need)s) is "
                    "required: "
                    "add %(missing)s of own financing."
                ) % {
                    "share": _pct(share(own, eligible)),
                    "limit": _pct(rule.min_own_share),
                    "need": _eur(need),
                    "missing": _eur(need - own),
                }
            case "fund_share_too_high":
                cap = rule.fund_max_share.get(source, Decimal(1))
                message = _(
                    "%(fund)s is %(share)s of eligible costs; the fund allows at most %(limit)s "
                    "(%(limit_eur)s)."
                ) % {
                    "fund": source,
                    "share": _pct(share(by_source.get(source, ZERO), eligible)),
                    "limit": _pct(cap),
                    "limit_eur": _eur((eligible * cap).quantize(Decimal("0.01"))),
                }
            case "fund_not_eligible":
                message = _(
                    "%(fund)s cannot finance a project on theme %(theme)s; the theme's eligible funds are "
                    "%(funds)s: move the money to one of them or choose another theme."
                ) % {"fund": source, "theme": p.theme.code, "funds": ", ".join(sorted(eligible_funds)) or "–"}
            case _:
                message = v.message
        found.append(Problem(v.field, v.code, message))
    return found


def _targets(p: Proposal) -> list[Problem]:
    targets = list(p.indicator_targets.all())
    if not targets:
        return [Problem("targets", "empty", _("Set at least one indicator target."))]
    found = []
    for target in targets:
        if target.indicator.agreement_id not in (None, p.agreement_id):
            found.append(
                Problem(
                    f"targets.{target.indicator.code}",
                    "other_agreement",
                    _(
                        "Indicator %(code)s belongs to another agreement; choose a common or this "
                        "agreement's indicator."
                    )
                    % {"code": target.indicator.code},
                )
            )
    return found
