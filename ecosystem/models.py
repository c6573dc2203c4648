"""The register of solutions that cities have adopted from projects (a company's reference)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdoptionRole(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    PURCHASE = "purchase", _("Purchase")
    SCALE_UP = "scale_up", _("Scale-up")


class AdoptionQuerySet(models.QuerySet["Adoption"]):
    def active(self) -> AdoptionQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Adoption(models.Model):
    """A city unit adopted a solution of a project: when, in what role, and the evidence for it.

    ``provider`` is the organisation whose solution it is (a company's reference); ``report_solution`` links
    the entry to the adopted solution a progress report declared, so that it is not counted twice."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="adoptions")
    city = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("city"),
        limit_choices_to={"kind": "city"},
    )
    unit = models.CharField(
        _("city unit"), max_length=200, help_text=_("e.g. the urban environment division")
    )
    provider = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="provided_adoptions",
        verbose_name=_("solution provider"),
        null=True,
        blank=True,
    )
    solution = models.CharField(_("solution"), max_length=300)
    role = models.CharField(_("role"), max_length=10, choices=AdoptionRole.choices)
    adopted_on = models.DateField(_("adopted on"))
    evidence = models.TextField(
        _("evidence"), help_text=_("A decision, contract or procurement that shows it.")
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    report_solution = models.OneToOneField(
        "progress.ReportSolution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoption",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-adopted_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(solution=""), name="adoption_solution_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.solution} ({self.unit})"


class SearchKind(models.TextChoices):
    """What a search hit is, in the order the results page groups them."""

    PROJECT = "project", _("Projects")
    PROPOSAL = "proposal", _("Proposals")
    IDEA = "idea", _("Ideas")
    ORGANISATION = "organisation", _("Organisations")
    PERSON = "person", _("Contact persons")
    TEST_ENVIRONMENT = "test_environment", _("Test environments")
    HISTORY = "history", _("EURA history")


class SearchEntry(models.Model):
    """One searchable object: its kind and id, the words it is found by (``cores.search.document``).

    The full-text index over ``document`` is not a Django field: on SQLite an FTS5 table kept in step by
    triggers, on PostgreSQL a generated ``tsvector`` column with a GIN index (migration 0002,
    ``ecosystem.search``). Who may see a hit is decided when searching, from the object itself."""

    kind = models.CharField(max_length=20, choices=SearchKind.choices)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=500)
    document = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
