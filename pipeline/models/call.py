from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CallQuerySet(models.QuerySet["Call"]):
    def visible_to(self, user: User) -> CallQuerySet:
        """The agreement's staff see all its calls; applicants see the opened ones of their agreements."""
        from pipeline.rules import call_visibility

        return call_visibility(self, user)


class Call(models.Model):
    """A call for ideas run by the coordination team."""

    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=300)
    themes = models.ManyToManyField("programme.Theme", related_name="calls", verbose_name=_("themes"))
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    instructions = models.TextField(_("instructions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for ideas")
        verbose_name_plural = _("calls for ideas")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="call_dates")
        ]

    def __str__(self) -> str:
        return self.title
