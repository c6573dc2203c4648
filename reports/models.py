"""Stored annual reports to the ministry: one row per generation request, the file's bytes once done.

A row is a job as well as a report: it is queued, runs (a django-tasks background task, or the ``salkku
report annual`` command in the foreground) with its progress, and ends *done* (with its bytes and
``version``), *done* and unchanged (``same_as`` names the stored report with identical data; nothing new
is stored), or *failed* (with the error). ``version`` counts the stored reports of the same agreement,
as-of date, language and format: 1, 2, ... docs/annual-report.md explains more.

The bytes are kept in the database (``BinaryField``): a report is a few hundred kilobytes, and the app and
its tests then need no media storage set up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programme.fields import repr_date


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("Excel (XLSX)")
    HTML = "html", "HTML"


class ReportLanguage(models.TextChoices):
    FI = "fi", "Suomi"
    SV = "sv", "Svenska"
    EN = "en", "English"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html; charset=utf-8",
}

STAGES = {
    "start": _("starting"),
    "data": _("collecting the figures"),
    "compare": _("comparing with the stored versions"),
    "charts": _("drawing the charts"),
    "render": _("writing the file"),
    "store": _("storing the report"),
    "done": _("done"),
}


class AnnualReport(models.Model):
    agreement = models.ForeignKey(
        "programme.Agreement", on_delete=models.CASCADE, related_name="annual_reports"
    )
    as_of = models.DateField(_("as of"))
    lang = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    # Counts the stored reports of the same agreement, date, language and format; empty until stored
    # (and for a run whose data matched a stored version, or one that failed).
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    same_as = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unchanged from"),
    )
    content_digest = models.CharField(_("file digest (SHA-256)"), max_length=64, blank=True)
    data_digest = models.CharField(_("data digest (SHA-256)"), max_length=64, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "as_of", "lang", "format", "version"],
                condition=Q(version__isnull=False),
                name="unique_annual_report_version",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="annual_report_progress_percent"),
        ]

    def __str__(self) -> str:
        """The agreement's name, the date, the language and format upper-case and the version ("Helsingin
        seudun sopimus 30.11.2026 FI PDF v1"): readable in the audit log in every language. The agreement is
        named as its file names it (in Finnish), whoever made the report in whichever language."""
        version = f" v{self.version}" if self.version else ""
        return f"{self.agreement.name_fi} {repr_date(self.as_of)} {self.lang.upper()} {self.format.upper()}{version}"

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def stored(self) -> AnnualReport | None:
        """The report whose file this run gives: itself when it stored one, else the unchanged one."""
        if self.status != ReportStatus.DONE:
            return None
        return self.same_as or self

    @property
    def stage_label(self) -> str:
        return str(STAGES.get(self.stage, self.stage))

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[ReportFormat(self.format)]

    def filename(self) -> str:
        version = f"-v{self.version}" if self.version else ""
        return (
            f"{self.agreement.slug}-annual-report-{self.as_of.isoformat()}-{self.lang}{version}.{self.format}"
        )

    def audit_fields(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "format": self.format,
            "version": self.version,
            "status": self.status,
            "content_digest": self.content_digest,
            "data_digest": self.data_digest,
            "same_as": self.same_as_id,
        }
