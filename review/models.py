"""Review and scoring: the criteria and weights of a call, reviewers assigned to proposals, their 1–5
scores with a comment per criterion, and declared conflicts of interest."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class Criterion(models.Model):
    """A selection criterion of a call with its weight, set by the steering group."""

    call = models.ForeignKey("pipeline.Call", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("relative weight, e.g. 3 counts three times as much as 1"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="unique_criterion_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")


class ReviewQuerySet(models.QuerySet["Review"]):
    def submitted(self) -> ReviewQuerySet:
        return self.filter(status=ReviewStatus.SUBMITTED)

    def of_reviewer(self, user: User) -> ReviewQuerySet:
        return self.filter(reviewer=user)


class Review(models.Model):
    """A reviewer assigned to a proposal; submitted when every criterion of the call has a score."""

    proposal = models.ForeignKey("pipeline.Proposal", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Why the coordination team assigned a reviewer despite a conflict of interest (review.conflicts);
    # empty when there was none. The override is audited on the review.
    conflict_override = models.TextField(_("conflict of interest overridden because"), blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["proposal", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="unique_reviewer_per_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_score_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ConflictDeclaration(models.Model):
    """A declared conflict of interest: the reviewer cannot be assigned to, or score, the proposal."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    proposal = models.ForeignKey("pipeline.Proposal", on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["reviewer", "proposal"], name="unique_conflict")]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.proposal}"
