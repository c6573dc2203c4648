"""Overlaps between ideas, proposals and projects, and double-funding risk flags.

The similarity index itself lives on disk (``SALKKU_OVERLAPS_INDEX_DIR``) and is rebuilt from the
database whenever it is missing or stale; what the pages show is stored here: each item's most similar
items with the reason, the clusters of the portfolio-wide report and the risk flags. A person's review of
a cluster or dismissal of a flag is kept and audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROPOSAL = "proposal", _("Proposal")
    PROJECT = "project", _("Funded project")
    HISTORICAL = "historical", _("Historical EURA project")


class IndexedText(models.Model):
    """One text in the similarity index: which object it is, and the digest of the text indexed."""

    key = models.CharField(max_length=40, unique=True)  # "<kind>:<pk>", e.g. "proposal:12"
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    object_id = models.PositiveIntegerField()
    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=500)
    digest = models.CharField(max_length=64)
    indexed_at = models.DateTimeField(null=True, blank=True)  # None: waiting for the background task

    class Meta:
        verbose_name = _("indexed text")
        verbose_name_plural = _("indexed texts")

    def __str__(self) -> str:
        return self.key


class SimilarItem(models.Model):
    """One of an item's most similar items, with the reason: shared terms and matching passages."""

    source_key = models.CharField(max_length=40, db_index=True)
    target_key = models.CharField(max_length=40)
    score = models.FloatField()  # a similarity, not money
    shared_terms = models.JSONField(default=list)
    passages = models.JSONField(default=list)  # [[passage of the source, passage of the target], ...]
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("similar item")
        verbose_name_plural = _("similar items")
        ordering = ["-score", "target_key"]
        constraints = [
            models.UniqueConstraint(fields=["source_key", "target_key"], name="unique_similar_pair")
        ]

    def __str__(self) -> str:
        return f"{self.source_key} ~ {self.target_key} ({self.score:.2f})"


class ClusterStatus(models.TextChoices):
    OPEN = "open", _("Not reviewed")
    REVIEWED = "reviewed", _("Reviewed")
    OVERLAP = "overlap", _("Real overlap")
    NOT_OVERLAP = "not_overlap", _("Not an overlap")


class OverlapCluster(models.Model):
    """A group of similar ideas, proposals and projects (linked by pairs above the threshold)."""

    fingerprint = models.CharField(max_length=64, unique=True)  # digest of the sorted member keys
    members = models.JSONField()  # sorted keys
    agreements = models.ManyToManyField("programme.Agreement", related_name="+", blank=True)
    # The first of them: where the audit trail files a review of the cluster.
    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    top_score = models.FloatField()
    pairs = models.JSONField(default=list)  # [{"a": key, "b": key, "score": s, "terms": [...]}, ...]
    is_current = models.BooleanField(default=True)  # False: the texts changed and the cluster is gone
    status = models.CharField(
        _("status"), max_length=12, choices=ClusterStatus.choices, default=ClusterStatus.OPEN
    )
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overlap cluster")
        verbose_name_plural = _("overlap clusters")
        ordering = ["-top_score", "pk"]

    def __str__(self) -> str:
        return ", ".join(self.members)


class FlagKind(models.TextChoices):
    SIMILAR_SAME_ORGANISATION = "same_org", _("Similar projects of one organisation at the same time")
    SAME_COST_ITEM = "cost_item", _("The same cost item in two budgets")
    PERSON_OVER_FULL_TIME = "person_time", _("One person's time over 100 % in concurrent budgets")
    CONCENTRATION = "concentration", _("Funding concentrated in one organisation")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")


class RiskFlag(models.Model):
    """A double-funding risk: an alert with its evidence, never a verdict. Dismissed only with a reason."""

    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=FlagKind.choices)
    fingerprint = models.CharField(max_length=64)
    summary = models.CharField(_("summary"), max_length=500)
    evidence = models.JSONField(default=dict)
    is_current = models.BooleanField(default=True)  # False: the facts behind it changed
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    reason = models.TextField(_("reason"), blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("double-funding risk flag")
        verbose_name_plural = _("double-funding risk flags")
        ordering = ["status", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "fingerprint"], name="unique_flag"),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(reason=""), name="flag_dismissed_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.summary


class StaffAllocation(models.Model):
    """Who a personnel budget line pays for: a named person or a role, and the share of their working
    time. Named people's shares across concurrent budgets are checked against 100 %."""

    budget_line = models.ForeignKey(
        "pipeline.BudgetLine", on_delete=models.CASCADE, related_name="staff_allocations"
    )
    person = models.CharField(_("person"), max_length=200, blank=True, help_text=_("name, if known"))
    role = models.CharField(_("role or task"), max_length=200, blank=True)
    share = models.DecimalField(
        _("share of working time (%)"), max_digits=5, decimal_places=2, help_text=_("0–100")
    )

    class Meta:
        verbose_name = _("staff on a budget line")
        verbose_name_plural = _("staff on budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="staff_share_range"),
            models.CheckConstraint(condition=~Q(person="") | ~Q(role=""), name="staff_person_or_role"),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.role} {self.share} %"
