"""The record of the demo content: which objects `salkku demo-data` created, so that --reset removes
exactly those (and a second run knows the demo is already there)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    agreement = models.OneToOneField(
        "programme.Agreement",
        on_delete=models.CASCADE,
        related_name="demo_dataset",
        verbose_name=_("agreement"),
    )
    seed = models.BigIntegerField(_("seed"))
    generator_version = models.CharField(_("generator version"), max_length=20)
    object_ids = models.JSONField(
        _("created objects"), default=dict, help_text=_("primary keys of the created objects by model label")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo dataset")
        verbose_name_plural = _("demo datasets")

    def __str__(self) -> str:
        return f"demo data (seed {self.seed})"
