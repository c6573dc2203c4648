from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INVITED = "invited", _("Invited to propose")
    MERGED = "merged", _("Merged into another idea")
    DECLINED = "declined", _("Not taken forward")


class Idea(models.Model):
    """A project idea submitted to a call by a partner organisation."""

    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="ideas")
    call = models.ForeignKey("pipeline.Call", on_delete=models.PROTECT, null=True, blank=True, related_name="ideas")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="ideas")
    theme = models.ForeignKey("programme.Theme", on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    status = models.CharField(_("status"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged")
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related ideas"))
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.title
