"""Issue 15, point 3 (more than one machine): two task workers on one PostgreSQL take each job once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from audit import chain
from audit.models import AuditEntry
from audit.services import Actor
from programme.models import Agreement
from programme.services import agreement_load_all
from reports.models import AnnualReport, ReportStatus
from reports.services import request_report
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="several workers share a PostgreSQL queue",
    ),
]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _worker(worker_id: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # demo mode: the database queue (test mode runs tasks at once, in-process)
    env.update(SALKKU_MODE="demo", DATABASE_URL=_database_url(), SALKKU_TASKS="database")
    args = ["salkku", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", worker_id]
    return subprocess.Popen(
        [sys.executable, "-c", f"from config.cli import main; main({args!r})"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@override_settings(TASKS=DB_TASKS)
def test_two_workers__queued_annual_reports__each_run_exactly_once() -> None:
    from django_tasks_db.models import DBTaskResult

    # given annual reports queued by users of the app
    agreement_load_all(actor=Actor(label="test"))
    agreement = Agreement.objects.order_by("pk").first()
    user = UserFactory.coordinator(agreement)  # the coordination team may request reports
    as_of = dt.date(2025, 12, 31)
    reports = [
        request_report(agreement, as_of - dt.timedelta(days=i), lang, "html", user=user)
        for i in range(3)
        for lang in ("fi", "sv")
    ]
    assert DBTaskResult.objects.count() == len(reports)
    # when two workers (two processes, as on two machines) work through the queue at the same time
    workers = [_worker("worker-a"), _worker("worker-b")]
    outputs = [worker.communicate(timeout=600)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    # then every task was claimed by exactly one worker, and ran successfully
    results = list(DBTaskResult.objects.all())
    assert len(results) == len(reports)
    assert all(len(result.worker_ids) == 1 for result in results), [r.worker_ids for r in results]
    assert {result.status for result in results} == {"SUCCESSFUL"}
    # and every report was made once: one version each, audited once, the chain intact
    for report in AnnualReport.objects.filter(pk__in=[r.pk for r in reports]):
        assert report.status == ReportStatus.DONE and report.version == 1
    made = AuditEntry.objects.filter(action__startswith="annual_report.").exclude(
        action="annual_report.created"
    )
    assert made.count() >= len(reports)
    assert chain.verify(AuditEntry).ok
    print("tasks per worker:", {w: sum(w in r.worker_ids for r in results) for w in ("worker-a", "worker-b")})
