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
            return str(self.user.get_username())
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
    return AuditEntry.objects.create(**_entry_fields(actor, action, obj, before, after, note, {}))


def audit_record_many(
    *, actor: Actor, action: str, changes: Iterable[tuple[models.Model, Mapping[str, Any], Mapping[str, Any]]]
) -> int:
    """Bulk-append entries for (object, before, after) triples; returns how many were written."""
    cache: dict[tuple[str, object], int | None] = {}
    entries = [AuditEntry(**_entry_fields(actor, action, obj, b, a, "", cache)) for obj, b, a in changes]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


# Objects without an agreement of their own belong to the agreement of their parent (one step up).
_PARENTS = ("proposal", "project", "idea", "call", "meeting", "review", "assignment")


def agreement_id_of(
    obj: models.Model, cache: dict[tuple[str, object], int | None] | None = None
) -> int | None:
    """The agreement an object belongs to, for scoping the audit log; None for network-wide objects."""
    if obj._meta.label == "programme.Agreement":
        pk: int = obj.pk
        return pk
    if hasattr(obj, "agreement_id"):
        own: int | None = obj.agreement_id
        return own
    for name in _PARENTS:
        try:
            field = obj._meta.get_field(name)
        except Exception:
            continue
        if not (isinstance(field, models.ForeignObject) and field.many_to_one and field.related_model):
            continue
        parent_id = getattr(obj, field.attname, None)
        if parent_id is None:
            continue
        key = (field.related_model._meta.label, parent_id)
        if cache is not None and key in cache:
            return cache[key]
        parent = (
            field.get_cached_value(obj, default=None)
            or field.related_model._base_manager.filter(pk=parent_id).first()
        )
        found = agreement_id_of(parent, cache) if parent is not None else None
        if cache is not None:
            cache[key] = found
        return found
    return None


def _entry_fields(
    actor: Actor,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    note: str,
    cache: dict[tuple[str, object], int | None] | None,
) -> dict[str, Any]:
    return {
        "agreement_id": agreement_id_of(obj, cache),
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
