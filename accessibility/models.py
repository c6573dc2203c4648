"""Feedback on the service's accessibility, as the Act on the Provision of Digital Services (306/2019,
section 15) requires a channel for: stored for the coordination team, who answer within 14 days."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ANSWER_WITHIN_DAYS = 14


class AccessibilityFeedback(models.Model):
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    message = models.TextField(_("feedback"), max_length=5000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail address for the answer"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.received_at:%d.%m.%Y} {self.message[:40]}"

    @property
    def answer_by(self) -> dt.date:
        """The day by which the answer is due (14 days from receipt, Act 306/2019)."""
        from django.utils import timezone

        return (timezone.localtime(self.received_at) + dt.timedelta(days=ANSWER_WITHIN_DAYS)).date()
