"""Writing audit entries. Call inside the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who acted: a signed-in user, or a command run by an operator."""

    user: Any = None
    label: str = ""

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.get_username()
        return self.label or "system"


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(**_entry_fields(actor, action, obj, before, after, note))


def audit_record_many(
    *, actor: Actor, action: str, changes: Iterable[tuple[models.Model, Mapping[str, Any], Mapping[str, Any]]]
) -> int:
    """Bulk-append entries for (object, before, after) triples; returns how many were written."""
    entries = [AuditEntry(**_entry_fields(actor, action, obj, b, a, "")) for obj, b, a in changes]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def _entry_fields(actor, action, obj, before, after, note):  # type: ignore[no-untyped-def]
    return {
        "actor": actor.user,
        "actor_label": actor.name,
        "action": action,
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:300],
        "before": dict(before or {}),
        "after": dict(after or {}),
        "note": note,
    }
