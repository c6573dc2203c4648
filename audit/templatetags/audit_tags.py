"""{% activity_feed obj %}: the object's audit entries, newest first (read-only)."""

from __future__ import annotations

from django import template
from django.db import models

from audit.actions import action_label
from audit.models import AuditEntry

register = template.Library()


@register.inclusion_tag("audit/activity_feed.html")
def activity_feed(obj: models.Model, limit: int = 50) -> dict[str, object]:
    """The newest ``limit`` entries in one query; says so when there are more than it shows."""
    entries = list(AuditEntry.objects.for_object(obj).select_related("actor")[: limit + 1])
    return {
        "entries": entries[:limit],
        "more": len(entries) > limit,
        "limit": limit,
        "obj": obj,
        "feed_id": f"activity-{obj._meta.model_name}-{obj.pk}",
    }


@register.filter
def audit_rows(entry: AuditEntry) -> list[tuple[str, object, object]]:
    keys = sorted(set(entry.before) | set(entry.after))
    return [(k, entry.before.get(k), entry.after.get(k)) for k in keys]


@register.filter
def audit_action(action: str) -> str:
    return action_label(action)


@register.filter
def audit_value(value: object) -> str:
    """A recorded value as text: lists joined, mappings as key: value, empty as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {audit_value(v)}" for k, v in value.items())
    return str(value)
