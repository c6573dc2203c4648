"""The append-only audit trail: who changed what, when, before and after."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import chain


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def for_agreements(self, agreement_ids: set[int] | None) -> AuditEntryQuerySet:
        """Entries of these agreements and of objects of no agreement (organisations, users); None: all."""
        if agreement_ids is None:
            return self
        return self.filter(models.Q(agreement_id__in=agreement_ids) | models.Q(agreement_id__isnull=True))

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries are append-only")

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Append entries in order, each chained to the one before (under the chain's lock)."""
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            chain.lock()
            for entry in objs:
                if entry.at is None:
                    entry.at = timezone.now()
            chain.link(objs, chain.head(self.model))
            return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    # Set before the entry is hashed (audit.chain), so not auto_now_add, which would set it after.
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        _("actor"), max_length=150, help_text=_("user name, or the command that acted")
    )
    action = models.CharField(_("action"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), default=dict, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, encoder=DjangoJSONEncoder)
    note = models.TextField(_("note"), blank=True)
    # The agreement the object belongs to, so that a coordinator reads only their agreement's log. No
    # database constraint: an entry outlives what it describes, and an entry is never updated.
    agreement = models.ForeignKey(
        "programme.Agreement",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement"),
    )

    # The hash chain (audit.chain): this entry's hash covers its content and the previous entry's hash.
    prev_hash = models.CharField(max_length=64, default="", editable=False)
    entry_hash = models.CharField(max_length=64, default="", editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["agreement", "at"], name="audit_agreement_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            chain.lock()
            chain.link([self], chain.head(type(self)))
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")
