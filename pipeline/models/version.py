from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalVersion(models.Model):
    """A submitted version of a proposal, frozen: every field, the consortium, the budget, the financing
    plan and the indicator targets as they were when it was submitted. Never edited afterwards."""

    proposal = models.ForeignKey("pipeline.Proposal", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("contents"), encoder=DjangoJSONEncoder)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="unique_proposal_version")]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a submitted version is frozen")
        super().save(*args, **kwargs)
