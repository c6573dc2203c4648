"""Saved optimisation runs ("scenarios"): the problem exactly as it was solved, how it was built, the
result, and which scenario the steering group chose as the basis of its decision.

A scenario is immutable once it has run: a re-run, a what-if or a lock makes a new scenario that names
its parent and the change, so that two scenarios can always be compared and the audit trail shows how
the chosen one came about.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolio.changes import change_text, name_text


class ScenarioStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


STAGES = {
    "start": _("starting"),
    "solve": _("finding the best portfolio"),
    "explain": _("explaining the choice"),
    "robust": _("robustness under uncertain weights"),
    "done": _("done"),
}


class Scenario(models.Model):
    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="scenarios")
    call = models.ForeignKey(
        "pipeline.Call", on_delete=models.PROTECT, null=True, blank=True, related_name="scenarios"
    )
    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("from"),
    )
    change = models.CharField(_("change from the earlier scenario"), max_length=300, blank=True)
    # What the change was, language-neutrally (portfolio.changes); ``change`` keeps the wording of the
    # language it was made in, for rows made before this field.
    change_spec = models.JSONField(_("change (structured)"), default=dict, blank=True)
    # The parts of a name the system composed (portfolio.changes); empty when a person typed the name.
    name_parts = models.JSONField(_("name (parts)"), default=list, blank=True)
    # How the problem was built from the call (portfolio.problems.RunOptions as JSON).
    options = models.JSONField(_("options"), default=dict, blank=True)
    # The problem as solved (cores.portfolio.io.dump): the inputs, frozen.
    problem = models.JSONField(_("problem"))
    # Candidate id -> proposal pk / project pk, to link results back to the pipeline.
    proposal_ids = models.JSONField(default=dict, blank=True)
    project_ids = models.JSONField(default=dict, blank=True)
    left_out = models.JSONField(_("left out"), default=list, blank=True)
    # What to compute: time limit (s), explanations, robustness.
    run_settings = models.JSONField(_("settings"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    is_decision_basis = models.BooleanField(_("basis of the decision"), default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(is_decision_basis=True),
                name="one_decision_basis_per_call",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="scenario_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language when the system composed it, else as the person typed it."""
        return name_text(self.name_parts, self.name)

    @property
    def change_label(self) -> str:
        """The change from the parent in the reader's language (the stored wording for older rows)."""
        return change_text(self.change_spec, self.change)

    @property
    def stage_label(self) -> str:
        return str(STAGES.get(self.stage, self.stage))

    @property
    def finished(self) -> bool:
        return self.status in (ScenarioStatus.DONE, ScenarioStatus.FAILED)

    @property
    def feasible(self) -> bool:
        return bool(self.result) and (self.result or {}).get("selected") is not None

    def selected_ids(self) -> list[str]:
        if not self.result:
            return []
        return [p["id"] for p in self.result.get("selected", []) if not p.get("funded")]

    def version_sources(self) -> list[tuple[models.Model, tuple[str, ...] | None]]:
        """What makes up its version for optimistic locking (``audit.locking``): its own audit entries and
        every choice among the scenarios of its call, so that choosing it from a page read before another
        scenario of the call was chosen is refused."""
        siblings = Scenario.objects.filter(call_id=self.call_id).exclude(pk=self.pk) if self.call_id else []
        chosen = ("scenario.chosen", "scenario.unchosen")
        return [(self, None), *((s, chosen) for s in siblings)]

    def audit_fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "change": self.change,
            "is_decision_basis": self.is_decision_basis,
        }
