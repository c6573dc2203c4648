"""What the steering group sets for following the agreement: targets per theme and for the whole agreement,
and the rules that compute a funded project's status and the money at risk of decommitment.

The computations themselves are pure (``cores.monitoring``); these models only hold the settings, so the
rules a page applies are the ones it shows. docs/monitoring.md explains them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programme.fields import ShareField


def cpr_overrides() -> dict[str, int]:
    """The 2021–2027 rule's exception: the 2027 commitment is settled at closure, by the end of 2029."""
    return {"2027": 2}


class MonitoringRules(models.Model):
    """One agreement's status and decommitment rules (defaults when an agreement has none saved)."""

    agreement = models.OneToOneField(
        "programme.Agreement", on_delete=models.CASCADE, related_name="monitoring_rules"
    )
    late_after_days = models.PositiveSmallIntegerField(
        _("days of grace after a report's due date"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_("a report not submitted this many days after its due date makes the project late"),
    )
    spending_behind_share = ShareField(
        _("spending behind the plan, at most"),
        default=Decimal("0.2500"),
        help_text=_("a project whose reported spending is further behind its plan to date is at risk"),
    )
    indicator_lag_share = ShareField(
        _("indicator lag, at most"),
        default=Decimal("0.5000"),
        help_text=_(
            "an indicator further below its target pro rata to the time elapsed puts the project at risk"
        ),
    )
    min_elapsed_for_indicators = ShareField(
        _("indicators judged after this share of the project's time"),
        default=Decimal("0.5000"),
    )
    high_risks_at_risk = models.BooleanField(
        _("a high risk in the latest report puts the project at risk"), default=True
    )
    decommitment_lag_years = models.PositiveSmallIntegerField(
        _("years to spend a year's commitment (N+…)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    decommitment_lag_overrides = models.JSONField(
        _("years with another deadline"),
        default=cpr_overrides,
        blank=True,
        help_text=_(
            "blank: the deadline above; e.g. 2 for 2027: the commitments of 2027 must be paid by the end "
            "of 2029"
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("monitoring rules")
        verbose_name_plural = _("monitoring rules")

    def __str__(self) -> str:
        return self.agreement.name_fi


class TargetKind(models.TextChoices):
    MONEY_SHARE = "share", _("Share of the committed money")
    INDICATOR = "indicator", _("Indicator")
    SOLUTIONS = "solutions", _("Solutions adopted by the cities")


class ThemeTarget(models.Model):
    """A target of one theme (or of the whole agreement when ``theme`` is empty), reached by a year.

    - share: the theme's share of the agreement's committed EU and state money within [min, max];
    - indicator: the sum of the funded projects' reported actuals of one indicator reaches ``target``;
    - solutions: the number of solutions the agreement's cities have adopted (from progress reports)
      reaches ``target``.
    """

    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="targets")
    theme = models.ForeignKey(
        "programme.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("theme"),
        help_text=_("empty: a target of the whole agreement"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    indicator = models.ForeignKey(
        "programme.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="theme_targets",
        verbose_name=_("indicator"),
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=Decimal(0))
    share_min = ShareField(_("share, at least"), null=True, blank=True)
    share_max = ShareField(_("share, at most"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["agreement", "theme__order", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gte=models.F("start_year")), name="target_years_ordered"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="share", indicator__isnull=True, target__isnull=True)
                    & (Q(share_min__isnull=False) | Q(share_max__isnull=False))
                )
                | Q(kind="indicator", indicator__isnull=False, target__isnull=False)
                | Q(kind="solutions", indicator__isnull=True, target__isnull=False),
                name="target_fields_of_kind",
            ),
            models.CheckConstraint(
                condition=Q(share_min__isnull=True)
                | Q(share_max__isnull=True)
                | Q(share_min__lte=models.F("share_max")),
                name="target_share_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0), name="target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        what = self.indicator.code if self.indicator_id and self.indicator else self.kind
        return f"{self.theme.code if self.theme else '*'} {what} {self.target_year}"


class Snapshot(models.Model):
    """The last computed content of a monitoring page (the dashboard of an agreement, or the national view)
    in one language, for one kind of reader, with the version of the data it was computed from (the newest
    audit entry's id) and the day. Shared by every process through the database: a page whose data have
    changed shows its last snapshot, says so, and a background task computes the new one."""

    key = models.CharField(max_length=100, unique=True)  # kind:agreement:lang:variant
    version = models.BigIntegerField()
    layout = models.CharField(max_length=64, blank=True)  # the code and templates that drew it
    day = models.DateField()
    body = models.TextField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("computed monitoring page")
        verbose_name_plural = _("computed monitoring pages")

    def __str__(self) -> str:
        return f"{self.key} v{self.version} {self.day}"


class RefreshStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Refresh(models.Model):
    """One background computation of a monitoring page's figures (all its readers' variants), with its
    progress for the page that waits for it."""

    page = models.CharField(max_length=100, db_index=True)  # kind:agreement:lang
    layout = models.CharField(max_length=64, blank=True)
    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    version = models.BigIntegerField()
    day = models.DateField()
    status = models.CharField(max_length=10, choices=RefreshStatus.choices, default=RefreshStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("computation of monitoring figures")
        verbose_name_plural = _("computations of monitoring figures")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.page} v{self.version} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (RefreshStatus.DONE, RefreshStatus.FAILED)
