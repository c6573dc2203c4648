"""Steering-group meetings: attendees, an agenda of proposals, a decision per proposal with its rationale,
and each city's position."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("steering-group meeting")
        verbose_name_plural = _("steering-group meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{_('Steering-group meeting')} {self.date:%d.%m.%Y}"


class Outcome(models.TextChoices):
    PRESENT = "present", _("Present to the funding authority")
    RETURN = "return", _("Return for changes")
    REJECT = "reject", _("Reject")


class AgendaItem(models.Model):
    """A proposal on a meeting's agenda, and the decision taken on it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey("pipeline.Proposal", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "proposal"], name="unique_agenda_proposal")]

    def __str__(self) -> str:
        return str(self.proposal)

    def version_sources(self) -> list[tuple[models.Model, tuple[str, ...] | None]]:
        """What makes up its version for optimistic locking (``audit.locking``): the cities' positions and
        the decision, audited on its proposal, so that two members editing the item's positions from the
        same read do not overwrite each other."""
        return [(self, None), (self.proposal, ("decision.city_position", "decision.made"))]

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)


class Position(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    OPPOSES = "opposes", _("Opposes")
    ABSTAINS = "abstains", _("Abstains")


class CityPosition(models.Model):
    """A city's position on an agenda item, recorded by the city's steering-group member."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="positions")
    city = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("city's position")
        verbose_name_plural = _("cities' positions")
        ordering = ["city__name"]
        constraints = [models.UniqueConstraint(fields=["item", "city"], name="unique_city_position")]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_position_display()}"
