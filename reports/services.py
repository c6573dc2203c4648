"""Making and storing annual reports: who may, the job (queued, in the background or in the foreground),
its progress, the version and the digests, and the audit trail.

A run loads the figures as of its date (``reports.data.annual_data``) and compares their digest with the
stored reports of the same agreement, date, language and format. When one has the same data digest the
run stores nothing new: it is marked done and unchanged, naming that report (``same_as``), which is the
file it gives. Otherwise the next version number is taken and the file is rendered with it and stored
with its SHA-256. The same date and data thus always give the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.permissions import agreements_for, can, require
from audit.services import Actor, audit_record
from programme.models import Agreement
from reports.data import LANGUAGES, annual_data, data_digest
from reports.models import AnnualReport, ReportStatus
from reports.render import FORMATS, render

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)

COMMAND_ACTOR = "salkku report annual"


def can_use(user: User, agreement_id: int) -> bool:
    """The coordination team, the steering group and the ministry list, start and download reports."""
    return bool(can(user, "report.read", agreement_id))


def readable_agreements(user: User) -> list[int] | None:
    """The agreements whose reports the user sees; None for every agreement."""
    ids = agreements_for(user, "report.read")
    return None if ids is None else sorted(ids)


def _actor(report: AnnualReport) -> Actor:
    return Actor(user=report.created_by) if report.created_by_id else Actor(label=COMMAND_ACTOR)


def _check(as_of: dt.date, lang: str, fmt: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if as_of > timezone.localdate():
        raise ValueError(f"the date {as_of.isoformat()} is in the future")


@transaction.atomic
def create(
    agreement: Agreement, as_of: dt.date, lang: str, fmt: str, *, user: User | None = None
) -> AnnualReport:
    """A queued run, audited (``annual_report.created``); ``queue`` or ``execute`` runs it."""
    _check(as_of, lang, fmt)
    report = AnnualReport.objects.create(
        agreement=agreement, as_of=as_of, lang=lang, format=fmt, created_by=user
    )
    audit_record(
        actor=_actor(report), action="annual_report.created", obj=report, after=report.audit_fields()
    )
    return report


def queue(report: AnnualReport) -> None:
    """Send the run to the task queue once the surrounding transaction has committed."""
    from reports.tasks import generate_annual_report

    pk = report.pk

    def send() -> None:
        result = generate_annual_report.enqueue(pk)
        AnnualReport.objects.filter(pk=pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


def request_report(agreement: Agreement, as_of: dt.date, lang: str, fmt: str, *, user: User) -> AnnualReport:
    """A report asked for in the app: created and queued as a background task (checked here)."""
    require(user, "report.request", agreement)
    with transaction.atomic():
        report = create(agreement, as_of, lang, fmt, user=user)
        queue(report)
    return report


def generate(
    agreement: Agreement,
    as_of: dt.date,
    lang: str,
    fmt: str,
    *,
    user: User | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> AnnualReport:
    """A report made at once, in this process (the command): the finished run, refreshed."""
    report = create(agreement, as_of, lang, fmt, user=user)
    execute(report.pk, progress=progress)
    report.refresh_from_db()
    return report


def _key(report: AnnualReport) -> dict[str, object]:
    return {
        "agreement_id": report.agreement_id,
        "as_of": report.as_of,
        "lang": report.lang,
        "format": report.format,
    }


def _reserve_version(report: AnnualReport) -> int:
    """The next version of the report's agreement, date, language and format, taken for this run."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = (
                    AnnualReport.objects.filter(**_key(report), version__isnull=False)
                    .exclude(pk=report.pk)
                    .aggregate(n=Max("version"))["n"]
                )
                version = (last or 0) + 1
                AnnualReport.objects.filter(pk=report.pk).update(version=version)
                return version
        except IntegrityError:  # another run took the number at the same moment
            continue
    raise RuntimeError("could not take a version number")


def execute(pk: int, *, progress: Callable[[int, str], None] | None = None) -> None:
    """Run one queued report (the body of the background task); progress is written as it goes."""
    claimed = AnnualReport.objects.filter(pk=pk, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=1, stage="start"
    )
    if not claimed:
        return  # already run (a task delivered twice) or gone

    def step(pct: int, stage: str) -> None:
        AnnualReport.objects.filter(pk=pk).update(progress=min(max(pct, 1), 99), stage=stage)
        if progress is not None:
            progress(pct, stage)

    report = AnnualReport.objects.select_related("agreement", "created_by").get(pk=pk)
    try:
        step(5, "data")
        data = annual_data(report.agreement, report.as_of, report.lang)
        digest = data_digest(data)
        step(25, "compare")
        same = (
            AnnualReport.objects.filter(
                **_key(report), status=ReportStatus.DONE, same_as__isnull=True, data_digest=digest
            )
            .exclude(pk=pk)
            .order_by("version")
            .first()
        )
        if same is not None:
            with transaction.atomic():
                AnnualReport.objects.filter(pk=pk).update(
                    status=ReportStatus.DONE,
                    same_as=same,
                    data_digest=digest,
                    content_digest=same.content_digest,
                    size=same.size,
                    progress=100,
                    stage="done",
                    finished_at=timezone.now(),
                )
                report.refresh_from_db()
                audit_record(
                    actor=_actor(report),
                    action="annual_report.unchanged",
                    obj=report,
                    after=report.audit_fields(),
                    note=f"same data as version {same.version}",
                )
            return
        version = _reserve_version(report)
        content = render(
            data,
            report.format,
            version=version,
            progress=lambda pct, stage: step(30 + pct * 65 // 100, stage),
        )
        step(97, "store")
        with transaction.atomic():
            AnnualReport.objects.filter(pk=pk).update(
                status=ReportStatus.DONE,
                content=content,
                content_digest=hashlib.sha256(content).hexdigest(),
                data_digest=digest,
                size=len(content),
                progress=100,
                stage="done",
                finished_at=timezone.now(),
            )
            report.refresh_from_db()
            audit_record(
                actor=_actor(report), action="annual_report.stored", obj=report, after=report.audit_fields()
            )
    except Exception as exc:  # say so on the report instead of leaving it "running"
        log.exception("annual report %s failed", pk)
        AnnualReport.objects.filter(pk=pk).update(
            status=ReportStatus.FAILED,
            version=None,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
