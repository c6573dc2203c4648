"""{% activity_feed obj %}: the object's audit entries, newest first (read-only)."""

from __future__ import annotations

from django import template
from django.db import models

from audit.models import AuditEntry

register = template.Library()


@register.inclusion_tag("audit/activity_feed.html")
def activity_feed(obj: models.Model, limit: int = 50) -> dict[str, object]:
    entries = list(AuditEntry.objects.for_object(obj).select_related("actor")[:limit])
    return {"entries": entries, "obj": obj}


@register.filter
def audit_rows(entry: AuditEntry) -> list[tuple[str, object, object]]:
    keys = sorted(set(entry.before) | set(entry.after))
    return [(k, entry.before.get(k), entry.after.get(k)) for k in keys]
