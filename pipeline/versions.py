"""Frozen versions of a proposal and the readable difference between two of them.

A snapshot is plain JSON: every field, the consortium, the budget, the financing plan, the indicator
targets and the totals, with names as they were, so that a version reads the same years later even if an
organisation is renamed. The diff lists changed fields and money lines, before → after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cores.budget import BudgetLineIn, build_budget
from cores.money import total
from pipeline.models import CostCategory, FinancingSource, PartnerRole, Proposal

SNAPSHOT_FORMAT = 1

# The proposal's own fields in a snapshot, in the order the diff lists them, with their kind.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "text"),
    ("acronym", "text"),
    ("summary", "text"),
    ("objectives", "text"),
    ("theme", "text"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("indirect_rate", "share"),
    ("methods", "list"),
    ("test_environments", "list"),
    ("adopting_cities", "list"),
)


def field_label(name: str) -> str:
    labels = {
        "title": _("Title"),
        "acronym": _("Acronym"),
        "summary": _("Summary"),
        "objectives": _("Objectives"),
        "theme": _("Theme"),
        "start_date": _("Start"),
        "end_date": _("End"),
        "indirect_rate": _("Flat-rate indirect costs"),
        "methods": _("Methods"),
        "test_environments": _("Test environments"),
        "adopting_cities": _("Cities expected to adopt the results"),
    }
    return str(labels.get(name, name))


def snapshot(proposal: Proposal) -> dict[str, Any]:
    """The proposal as it is now (pass one from validation.proposal_for_checking: no queries here)."""
    budget_lines = sorted(
        proposal.budget_lines.all(), key=lambda b: (b.year, CostCategory.values.index(b.category))
    )
    financing_lines = list(proposal.financing_lines.all())
    try:
        eligible = build_budget(
            [BudgetLineIn(b.year, b.category, b.amount) for b in budget_lines],
            indirect_rate=proposal.indirect_rate,
            categories=CostCategory.values,
        ).eligible_total
    except ValueError:
        eligible = None
    return {
        "format": SNAPSHOT_FORMAT,
        "fields": {
            "title": proposal.title,
            "acronym": proposal.acronym,
            "summary": proposal.summary,
            "objectives": proposal.objectives,
            "theme": f"{proposal.theme.code} · {proposal.theme.name_fi}",
            "start_date": proposal.start_date.isoformat(),
            "end_date": proposal.end_date.isoformat(),
            "indirect_rate": str(proposal.indirect_rate),
            "methods": sorted(m.name_fi for m in proposal.methods.all()),
            "test_environments": sorted(t.name for t in proposal.test_environments.all()),
            "adopting_cities": sorted(c.name for c in proposal.adopting_cities.all()),
        },
        "partners": [
            {
                "organisation_id": p.organisation_id,
                "organisation": p.organisation.name,
                "business_id": p.organisation.business_id,
                "role": p.role,
                "tasks": p.tasks,
            }
            for p in sorted(
                proposal.partners.all(), key=lambda p: (p.role != PartnerRole.LEAD, p.organisation.name)
            )
        ],
        "budget": [{"year": b.year, "category": b.category, "amount": str(b.amount)} for b in budget_lines],
        "financing": [
            {
                "source": f.source,
                "organisation_id": f.organisation_id,
                "organisation": f.organisation.name if f.organisation else "",
                "amount": str(f.amount),
            }
            for f in sorted(
                financing_lines,
                key=lambda f: (
                    FinancingSource.values.index(f.source),
                    f.organisation.name if f.organisation else "",
                ),
            )
        ],
        "targets": [
            {
                "indicator": t.indicator.code,
                "name": t.indicator.name_en,
                "unit": t.indicator.unit,
                "target": str(t.target),
            }
            for t in sorted(proposal.indicator_targets.all(), key=lambda t: t.indicator.code)
        ],
        "totals": {
            "eligible_costs": None if eligible is None else str(eligible),
            "financing": str(total(f.amount for f in financing_lines)),
        },
    }


@dataclass(frozen=True)
class Change:
    section: str  # fields | partners | budget | financing | targets | totals
    label: str
    before: Any
    after: Any
    kind: str = "text"  # text | date | share | list | money | number

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "label": self.label,
            "before": self.before,
            "after": self.after,
            "kind": self.kind,
        }


def _money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _typed(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "share":
        return Decimal(value)
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """What changed from one snapshot to the next, field by field and line by line."""
    changes: list[Change] = []
    bf, af = before.get("fields", {}), after.get("fields", {})
    for name, kind in FIELDS:
        if bf.get(name) != af.get(name):
            changes.append(
                Change(
                    "fields", field_label(name), _typed(bf.get(name), kind), _typed(af.get(name), kind), kind
                )
            )

    roles = dict(PartnerRole.choices)

    def partner_text(p: Mapping[str, Any] | None) -> str | None:
        if p is None:
            return None
        text = str(roles.get(p["role"], p["role"]))
        return f"{text}: {p['tasks']}" if p.get("tasks") else text

    bp = {p["organisation_id"]: p for p in before.get("partners", [])}
    ap = {p["organisation_id"]: p for p in after.get("partners", [])}
    for key in [*bp, *(k for k in ap if k not in bp)]:
        b, a = partner_text(bp.get(key)), partner_text(ap.get(key))
        if b != a:
            name = (ap.get(key) or bp.get(key) or {}).get("organisation", "")
            changes.append(Change("partners", name, b, a))

    categories = dict(CostCategory.choices)
    bb = {(b["year"], b["category"]): b["amount"] for b in before.get("budget", [])}
    ab = {(b["year"], b["category"]): b["amount"] for b in after.get("budget", [])}
    for key in sorted(
        {*bb, *ab},
        key=lambda k: (k[0], CostCategory.values.index(k[1]) if k[1] in CostCategory.values else 99),
    ):
        if _money(bb.get(key)) != _money(ab.get(key)):
            label = f"{key[0]} · {categories.get(key[1], key[1])}"
            changes.append(Change("budget", label, _money(bb.get(key)), _money(ab.get(key)), "money"))

    sources = dict(FinancingSource.choices)

    def financing_key(f: Mapping[str, Any]) -> tuple[str, Any]:
        return (f["source"], f.get("organisation_id"))

    bfin = {financing_key(f): f for f in before.get("financing", [])}
    afin = {financing_key(f): f for f in after.get("financing", [])}
    for key in [*bfin, *(k for k in afin if k not in bfin)]:
        b, a = bfin.get(key), afin.get(key)
        b_amount, a_amount = _money(b["amount"]) if b else None, _money(a["amount"]) if a else None
        if b_amount != a_amount:
            line = a or b or {}
            label = str(sources.get(line.get("source", ""), line.get("source", "")))
            if line.get("organisation"):
                label = f"{label} · {line['organisation']}"
            changes.append(Change("financing", label, b_amount, a_amount, "money"))

    bt = {t["indicator"]: t for t in before.get("targets", [])}
    at = {t["indicator"]: t for t in after.get("targets", [])}
    for key in sorted({*bt, *at}):
        b_value = Decimal(bt[key]["target"]) if key in bt else None
        a_value = Decimal(at[key]["target"]) if key in at else None
        if b_value != a_value:
            label = f"{key} {(at.get(key) or bt.get(key) or {}).get('name', '')}".strip()
            changes.append(Change("targets", label, b_value, a_value, "number"))

    b_total, a_total = before.get("totals", {}), after.get("totals", {})
    if _money(b_total.get("eligible_costs")) != _money(a_total.get("eligible_costs")):
        changes.append(
            Change(
                "totals",
                _("Eligible costs"),
                _money(b_total.get("eligible_costs")),
                _money(a_total.get("eligible_costs")),
                "money",
            )
        )
    return changes
