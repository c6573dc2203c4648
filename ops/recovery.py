"""Jobs whose worker died (killed, machine lost) are put back in the queue.

A killed worker leaves its job marked running and the queue's task claimed; nothing of the job's result
is stored, because each job writes its result in one transaction at the end. ``requeue_stalled_reports``
finds annual reports running for longer than a report can take, resets them to queued (the version
number they had taken is given back) and queues them again; the audit trail says so.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.services import Actor, audit_record
from reports.models import AnnualReport, ReportStatus
from reports.services import queue

RECOVERY_ACTOR = Actor(label="salkku tasks recover")


def requeue_stalled_reports(older_than: dt.timedelta) -> list[int]:
    cutoff = timezone.now() - older_than
    requeued: list[int] = []
    with transaction.atomic():
        stalled = AnnualReport.objects.select_for_update().filter(
            status=ReportStatus.RUNNING, created_at__lte=cutoff
        )
        for report in stalled:
            before = report.audit_fields()
            AnnualReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.QUEUED, version=None, progress=0, stage="", task_id=""
            )
            report.refresh_from_db()
            audit_record(
                actor=RECOVERY_ACTOR,
                action="annual_report.requeued",
                obj=report,
                before=before,
                after=report.audit_fields(),
                note="its worker stopped before the report was stored",
            )
            queue(report)
            requeued.append(report.pk)
    return requeued
