from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programme.fields import ShareField

if TYPE_CHECKING:
    from accounts.models import User
    from accounts.permissions import Target
    from partners.models import Organisation
    from programme.models import Theme


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for changes")
    PRESENTED = "presented", _("Presented to the funding authority")
    REJECTED = "rejected", _("Rejected")
    FUNDED = "funded", _("Funded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def submitted(self) -> ProposalQuerySet:
        return self.exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN])

    def for_theme(self, theme: Theme) -> ProposalQuerySet:
        return self.filter(theme=theme)

    def search(self, text: str) -> ProposalQuerySet:
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text) | Q(acronym__icontains=text))

    def visible_to(self, user: User) -> ProposalQuerySet:
        """Deny by default: staff roles see their agreement's proposals; an applicant sees their
        organisations' proposals; anyone else sees none."""
        from accounts.access import proposal_visibility

        return proposal_visibility(self, user)


class Proposal(models.Model):
    """A full proposal (hakemus): consortium, yearly budget, financing plan, indicator targets."""

    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="proposals")
    call = models.ForeignKey(
        "pipeline.Call", on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    idea = models.ForeignKey(
        "pipeline.Idea", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    summary = models.TextField(_("summary"))
    objectives = models.TextField(_("objectives"), blank=True)
    theme = models.ForeignKey("programme.Theme", on_delete=models.PROTECT, related_name="proposals")
    methods = models.ManyToManyField("programme.Method", blank=True, related_name="proposals")
    test_environments = models.ManyToManyField(
        "partners.TestEnvironment", blank=True, related_name="proposals"
    )
    adopting_cities = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="adoptions_expected",
        verbose_name=_("cities expected to adopt the results"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    indirect_rate = ShareField(
        _("flat-rate indirect costs"), default=Decimal("0.15"), help_text=_("share of personnel costs")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="proposal_dates")
        ]

    def __str__(self) -> str:
        return self.title

    def permission_target(self) -> Target:
        """The agreement and the consortium's organisations, for the permission table (accounts.permissions)."""
        from accounts.permissions import Target

        orgs = frozenset(int(p.organisation_id) for p in self.partners.all())
        return Target(agreement_id=self.agreement_id, organisation_ids=orgs)

    adopting: list[Organisation]  # only where read with Prefetch("adopting_cities", to_attr="adopting")

    @property
    def lead(self) -> Organisation | None:
        for partner in self.partners.all():
            if partner.role == PartnerRole.LEAD:
                return partner.organisation
        return None


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    PARTNER = "partner", _("Partner")
    ASSOCIATED = "associated", _("Associated partner (no budget)")


class ProposalPartner(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=12, choices=PartnerRole.choices)
    tasks = models.TextField(_("tasks"), blank=True)

    class Meta:
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organisation"], name="unique_partner"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(role="lead"), name="one_lead_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ({self.role})"
