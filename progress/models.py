"""Monitoring of funded projects: the reporting schedule, progress reports (spending, indicator actuals,
milestones, risks, narrative, solutions adopted by cities) and payment claims per fund.

Money is exact (``MoneyField``). A submitted report is frozen: its content is kept as a JSON snapshot and
the rows can be changed only after the coordinator returns it. docs/monitoring-reports.md explains more.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pipeline.models import CostCategory, FinancingSource
from programme.fields import MoneyField, repr_date

DEFAULT_PERIOD_MONTHS = 6
DEFAULT_DUE_DAYS = 30


class ReportSchedule(models.Model):
    """How often a project reports: a period of ``period_months`` months from the project's start, the
    report due ``due_days`` days after the period ends."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="report_schedule"
    )
    period_months = models.PositiveSmallIntegerField(
        _("reporting period, months"), default=DEFAULT_PERIOD_MONTHS
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to report after the period"), default=DEFAULT_DUE_DAYS
    )

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_months__gte=1, period_months__lte=24),
                name="schedule_period_1_to_24_months",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.period_months} mo"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ProgressReport(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="progress_reports")
    number = models.PositiveSmallIntegerField(_("number"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("narrative"), blank=True)
    snapshot = models.JSONField(_("content as submitted"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project_id", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_start"], name="unique_report_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} #{self.number} {repr_date(self.period_start)}–{repr_date(self.period_end)}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def is_late_on(self, today: dt.date) -> bool:
        """Late: first submitted after the due date, or not yet submitted and the due date has passed."""
        if self.first_submitted_at is not None:
            return timezone.localdate(self.first_submitted_at) > self.due_on
        return today > self.due_on

    @property
    def is_late(self) -> bool:
        return self.is_late_on(timezone.localdate())

    def days_to_due(self, today: dt.date | None = None) -> int:
        return (self.due_on - (today or timezone.localdate())).days


class ReportSpending(models.Model):
    """Costs incurred in the period, by year, cost category and financing source."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="spending")
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("cost category"), max_length=12, choices=CostCategory.choices)
    source = models.CharField(_("source"), max_length=10, choices=FinancingSource.choices)
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("spending line")
        verbose_name_plural = _("spending")
        ordering = ["year", "category", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "year", "category", "source"], name="unique_report_spending"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="report_spending_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category} {self.source}: {self.amount} €"


class ReportIndicator(models.Model):
    """The value reached so far for one of the project's indicator targets."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="indicators")
    target = models.ForeignKey("pipeline.IndicatorTarget", on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(_("actual"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="unique_report_indicator"),
            models.CheckConstraint(condition=Q(actual__gte=0), name="report_indicator_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.actual}"


class MilestoneStatus(models.TextChoices):
    DONE = "done", _("Done")
    LATE = "late", _("Late")
    PLANNED = "planned", _("Planned")


class ReportMilestone(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("milestone"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=MilestoneStatus.choices)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.text} ({self.status})"


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ReportRisk(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="risks")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("risk"), max_length=500)
    level = models.CharField(_("level"), max_length=10, choices=RiskLevel.choices)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.text} ({self.level})"


class ReportSolution(models.Model):
    """A solution of the project that a city organisation has adopted."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="solutions")
    order = models.PositiveSmallIntegerField(default=0)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("adopted solution")
        verbose_name_plural = _("adopted solutions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.description[:60]}"


class ClaimFund(models.TextChoices):
    ERDF = "ERDF", _("ERDF")
    ESF_PLUS = "ESF+", _("ESF+")
    JTF = "JTF", _("JTF")
    STATE = "STATE", _("State co-funding")


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class PaymentClaim(models.Model):
    """The implementer's claim for one fund and one reporting period; the funding authority approves an
    amount (at most the claimed) and records the payment (at most the approved)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="payment_claims")
    fund = models.CharField(_("fund"), max_length=10, choices=ClaimFund.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED
    )
    claimed = MoneyField(_("claimed"))
    approved = MoneyField(_("approved"), null=True, blank=True)
    paid = MoneyField(_("paid"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    # A cut needs its reason: approved less than claimed, or paid less than approved (audited too).
    approval_reason = models.TextField(_("why less than claimed was approved"), blank=True)
    payment_reason = models.TextField(_("why less than approved was paid"), blank=True)
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")
        ordering = ["period_start", "fund"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start", "fund"], name="unique_claim_period_fund"
            ),
            models.CheckConstraint(condition=Q(claimed__gt=0), name="claim_positive"),
            models.CheckConstraint(
                condition=Q(approved__isnull=True) | Q(approved__gte=0, approved__lte=models.F("claimed")),
                name="claim_approved_within_claimed",
            ),
            models.CheckConstraint(
                condition=Q(paid__isnull=True) | Q(paid__gte=0, paid__lte=models.F("approved")),
                name="claim_paid_within_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.fund} {repr_date(self.period_start)}"

    @property
    def committed(self) -> Decimal:
        """What the claim takes of the fund's budget: the approved amount once decided, else the claimed."""
        return self.approved if self.approved is not None else self.claimed
