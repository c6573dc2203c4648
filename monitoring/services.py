"""Writes of the monitoring settings: the steering group's targets and the status rules. Each one is
checked (deny by default), done in one transaction and written to the audit log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, overload

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.permissions import can
from audit.services import Actor, audit_record
from monitoring.models import MonitoringRules, TargetKind, ThemeTarget
from programme.models import Agreement

HUNDRED = Decimal(100)


def can_set(user: User, agreement: Agreement) -> bool:
    """The steering group and the coordination team set the targets and the rules."""
    return bool(can(user, "monitoring.set", agreement))


def _target_fields(target: ThemeTarget) -> dict[str, Any]:
    return {
        "theme": target.theme.code if target.theme else None,
        "kind": target.kind,
        "indicator": target.indicator.code if target.indicator else None,
        "target": str(target.target) if target.target is not None else None,
        "baseline": str(target.baseline),
        "share_min": str(target.share_min) if target.share_min is not None else None,
        "share_max": str(target.share_max) if target.share_max is not None else None,
        "start_year": target.start_year,
        "target_year": target.target_year,
        "note": target.note,
    }


@overload
def _share(percent: Decimal) -> Decimal: ...
@overload
def _share(percent: None) -> None: ...
def _share(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else (Decimal(percent) / HUNDRED).quantize(Decimal("0.0001"))


@transaction.atomic
def target_add(*, agreement: Agreement, data: dict[str, Any], actor: User) -> ThemeTarget:
    """A new target from a ``TargetForm``'s cleaned data."""
    require(can_set(actor, agreement), _("Only the steering group and the coordination team set targets."))
    kind = data["kind"]
    is_share = kind == TargetKind.MONEY_SHARE
    target = ThemeTarget.objects.create(
        agreement=agreement,
        theme=data.get("theme_obj"),
        kind=kind,
        indicator=data.get("indicator_obj") if kind == TargetKind.INDICATOR else None,
        target=None if is_share else data.get("target"),
        baseline=data.get("baseline") or Decimal(0),
        share_min=_share(data.get("share_min")) if is_share else None,
        share_max=_share(data.get("share_max")) if is_share else None,
        start_year=data["start_year"],
        target_year=data["target_year"],
        note=data.get("note", ""),
    )
    audit_record(actor=Actor(actor), action="target.added", obj=target, after=_target_fields(target))
    return target


@transaction.atomic
def target_remove(*, target: ThemeTarget, actor: User) -> None:
    require(
        can_set(actor, target.agreement), _("Only the steering group and the coordination team set targets.")
    )
    before = _target_fields(target)
    audit_record(actor=Actor(actor), action="target.removed", obj=target.agreement, before=before)
    target.delete()


def _rules_fields(rules: MonitoringRules) -> dict[str, Any]:
    return {
        "late_after_days": rules.late_after_days,
        "spending_behind_share": str(rules.spending_behind_share),
        "indicator_lag_share": str(rules.indicator_lag_share),
        "min_elapsed_for_indicators": str(rules.min_elapsed_for_indicators),
        "high_risks_at_risk": rules.high_risks_at_risk,
        "decommitment_lag_years": rules.decommitment_lag_years,
        "decommitment_lag_overrides": rules.decommitment_lag_overrides,
    }


@transaction.atomic
def rules_save(*, agreement: Agreement, data: dict[str, Any], actor: User) -> MonitoringRules:
    """Save the agreement's status and decommitment rules from a ``RulesForm``'s cleaned data."""
    require(can_set(actor, agreement), _("Only the steering group and the coordination team set the rules."))
    rules, _created = MonitoringRules.objects.select_for_update().get_or_create(agreement=agreement)
    before = _rules_fields(rules)
    rules.late_after_days = data["late_after_days"]
    rules.spending_behind_share = _share(data["spending_behind_percent"])
    rules.indicator_lag_share = _share(data["indicator_lag_percent"])
    rules.min_elapsed_for_indicators = _share(data["min_elapsed_percent"])
    rules.high_risks_at_risk = bool(data.get("high_risks_at_risk"))
    rules.decommitment_lag_years = data["decommitment_lag_years"]
    rules.decommitment_lag_overrides = data.get("decommitment_lag_overrides") or {}
    rules.updated_by = actor
    rules.full_clean()
    rules.save()
    after = _rules_fields(rules)
    if after != before:
        audit_record(
            actor=Actor(actor), action="monitoring_rules.changed", obj=rules, before=before, after=after
        )
    return rules
