"""The money plan of a proposal or a project: yearly budget by cost category, financing by source,
indicator targets. Totals are derived from the lines, never stored."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programme.fields import MoneyField
from programme.models import FinancingSource

_ONE_OWNER = Q(proposal__isnull=False, project__isnull=True) | Q(proposal__isnull=True, project__isnull=False)


class CostCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    PURCHASED_SERVICES = "services", _("Purchased services")
    EQUIPMENT = "equipment", _("Equipment")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other costs")


class BudgetLine(models.Model):
    proposal = models.ForeignKey(
        "pipeline.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("cost category"), max_length=12, choices=CostCategory.choices)
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "category"]
        constraints = [
            models.CheckConstraint(condition=_ONE_OWNER, name="budget_line_one_owner"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
            models.UniqueConstraint(
                fields=["proposal", "year", "category"], name="unique_proposal_budget_line"
            ),
            models.UniqueConstraint(
                fields=["project", "year", "category"], name="unique_project_budget_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category}: {self.amount} €"


class FinancingLine(models.Model):
    proposal = models.ForeignKey(
        "pipeline.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="financing_lines"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="financing_lines"
    )
    source = models.CharField(_("source"), max_length=10, choices=FinancingSource.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("whose own financing this is"),
    )
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("financing line")
        verbose_name_plural = _("financing plan")
        constraints = [
            models.CheckConstraint(condition=_ONE_OWNER, name="financing_line_one_owner"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="financing_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.amount} €"


class IndicatorTarget(models.Model):
    proposal = models.ForeignKey(
        "pipeline.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_targets"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_targets"
    )
    indicator = models.ForeignKey("programme.Indicator", on_delete=models.PROTECT, related_name="targets")
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.CheckConstraint(condition=_ONE_OWNER, name="indicator_target_one_owner"),
            models.CheckConstraint(condition=Q(target__gte=0), name="indicator_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.target}"
