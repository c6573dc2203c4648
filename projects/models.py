"""Projects: funded from the agreement (with their funding decision) or historical, from EURA exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programme.fields import MoneyField

if TYPE_CHECKING:
    from accounts.models import User
    from accounts.permissions import Target


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    ACTIVE = "active", _("Running")
    ENDED = "ended", _("Ended")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ProjectSource(models.TextChoices):
    SALKKU = "salkku", _("Funding decision in Salkku")
    EURA2014 = "eura2014", _("EURA 2014 public list")
    EURA2021 = "eura2021", _("EURA 2021 public export")
    IMPORTED = "imported", _("Spreadsheet import")


class ProjectQuerySet(models.QuerySet["Project"]):
    def historical(self) -> ProjectQuerySet:
        return self.filter(is_historical=True)

    def funded(self) -> ProjectQuerySet:
        return self.filter(is_historical=False)

    def search(self, text: str) -> ProjectQuerySet:
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(code__icontains=text)
            | Q(summary__icontains=text)
            | Q(lead__name__icontains=text)
        )

    def visible_to(self, user: User) -> ProjectQuerySet:
        from accounts.access import project_visibility

        return project_visibility(self, user)


class Project(models.Model):
    code = models.CharField(
        _("project code"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        help_text=_("the EURA code, e.g. A70965"),
    )
    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    proposal = models.OneToOneField(
        "pipeline.Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="project"
    )
    name = models.CharField(_("name"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    lead = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("implementer"),
    )
    theme = models.ForeignKey(
        "programme.Theme", on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    funding_authority = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_projects",
        verbose_name=_("funding authority"),
    )
    fund_code = models.CharField(_("fund"), max_length=10, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    is_historical = models.BooleanField(_("historical"), default=False, db_index=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ProjectSource.choices, default=ProjectSource.SALKKU
    )
    # Figures as published in a EURA export (historical projects only). For projects funded here the
    # money is derived from their budget and financing lines and these stay empty.
    eura_status = models.CharField(_("status in EURA"), max_length=60, blank=True)
    eura_priority_axis = models.CharField(_("priority axis"), max_length=20, blank=True)
    eura_granted_eu_state = MoneyField(_("granted EU and state funding"), null=True, blank=True)
    eura_paid_eu_state = MoneyField(_("realised EU and state funding"), null=True, blank=True)
    eura_planned_public = MoneyField(_("planned public funding"), null=True, blank=True)
    eura_paid_public = MoneyField(_("realised public funding"), null=True, blank=True)
    eura_planned_total = MoneyField(_("planned total funding"), null=True, blank=True)
    eura_extra = models.JSONField(_("other EURA fields"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    def permission_target(self) -> Target:
        """The agreement, the lead and the consortium's organisations, for the permission table."""
        from accounts.permissions import Target

        orgs = {int(self.lead_id)} if self.lead_id else set()
        if self.proposal_id is not None and self.proposal is not None:
            orgs |= {int(p.organisation_id) for p in self.proposal.partners.all()}
        return Target(agreement_id=self.agreement_id, organisation_ids=frozenset(orgs))


class FundingDecision(models.Model):
    """The funding authority's decision on a proposal; its granted amounts are the project's financing lines."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="funding_decision")
    decided_on = models.DateField(_("decision date"))
    eura_code = models.CharField(_("EURA code"), max_length=20, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funding decision")
        verbose_name_plural = _("funding decisions")

    def __str__(self) -> str:
        return f"{self.project} ({self.decided_on})"


class ChangeRequestKind(models.TextChoices):
    BUDGET = "budget", _("Budget moves between years or categories")
    EXTENSION = "extension", _("Extension of the end date")
    BOTH = "both", _("Budget moves and extension")


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(models.Model):
    """A change to a funded project's approved plan, requested by the implementer and decided by the
    funding authority. Keeps the plan before and after (budget lines and end date) as history."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="change_requests")
    kind = models.CharField(_("kind"), max_length=10, choices=ChangeRequestKind.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    # {"end_date": "2026-12-31", "budget": [{"year": 2025, "category": "personnel", "amount": "100.00"}]}
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} – {self.get_kind_display()} ({self.requested_at:%d.%m.%Y})"


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Projects")
    INDICATOR_ACTUALS = "indicator_actuals", _("Indicator actuals of a reporting period")
    SPENDING = "spending", _("Spending of a reporting period")


class ColumnMapping(models.Model):
    """A confirmed mapping of a spreadsheet's columns to import fields, kept for the next file of the
    same shape (its header signature, ``cores.column_map.signature``) in the same agreement."""

    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    signature = models.CharField(max_length=40)
    headers = models.JSONField(default=list)
    columns = models.JSONField(_("columns"), default=dict)  # header text -> field key
    # field key -> the value every row gets, for a field no column holds (as the user wrote it)
    fixed = models.JSONField(_("fixed values"), default=dict, blank=True)
    saved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "signature"], name="unique_column_mapping_per_shape"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"


class ImportUpload(models.Model):
    """A spreadsheet uploaded to the mapping page, kept until it is imported or a day has passed (web
    processes keep no files of their own)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded spreadsheet")
        verbose_name_plural = _("uploaded spreadsheets")

    def __str__(self) -> str:
        return self.file_name
