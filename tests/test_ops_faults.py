"""Issue 15, point 6: a job killed halfway (SIGKILL, a real process kill) leaves the database unchanged
and can simply be run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from audit import chain
from audit.models import AuditEntry
from partners.models import Organisation
from projects.models import Project
from tests.fixtures.eura_files import row_2014, write_2014

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="watches the import's locks through PostgreSQL's pg_locks",
    ),
]
ROOT = Path(settings.BASE_DIR)
ROWS = 3000


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}/{db['NAME']}"


def _import(path: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(SALKKU_MODE="test", DATABASE_URL=_database_url())
    args = ["salkku", "import", "eura", str(path), "--quiet"]
    return subprocess.Popen(
        [sys.executable, "-c", f"from config.cli import main; main({args!r})"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _writing_to(table: str) -> bool:
    """Another session holds a write lock on the table: its transaction has started writing rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
            [table],
        )
        return bool(cursor.fetchone()[0])


def _state() -> tuple[int, int, int]:
    return Project.objects.count(), Organisation.objects.count(), AuditEntry.objects.count()


def test_import_killed_while_writing__nothing_written__and_a_second_run_imports_all(tmp_path: Path) -> None:
    # given a large EURA list
    rows = [row_2014(f"A{70000 + i}", lead=f"Organisaatio {i % 400} Oy") for i in range(ROWS)]
    path = write_2014(tmp_path / "eura.csv", rows)
    before = _state()
    # when the import is killed (SIGKILL) while its transaction is writing projects
    process = _import(path)
    # (organisations are written first, then projects: a lock on projects is past halfway)
    while not _writing_to("projects_project"):
        assert process.poll() is None, f"the import ended before it was killed: {process.communicate()}"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    while _writing_to("projects_project") or _writing_to("partners_organisation"):
        time.sleep(0.05)  # the server rolls the dead client's transaction back
    # then nothing of it is in the database
    assert _state() == before
    # and running it again imports every row
    again = _import(path)
    _out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert Project.objects.count() == before[0] + ROWS
    assert chain.verify(AuditEntry).ok


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _worker() -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(SALKKU_MODE="demo", DATABASE_URL=_database_url(), SALKKU_TASKS="database")
    args = ["salkku", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(
        [sys.executable, "-c", f"from config.cli import main; main({args!r})"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_annual_report_killed_while_building__nothing_stored__recovered_and_built_once() -> None:
    import datetime as dt

    from django.core.management import call_command
    from django.test import override_settings

    from audit.services import Actor
    from programme.models import Agreement
    from programme.services import agreement_load_all
    from reports.models import AnnualReport, ReportStatus
    from reports.services import request_report
    from tests.factories import UserFactory

    agreement_load_all(actor=Actor(label="test"))
    agreement = Agreement.objects.order_by("pk").first()
    with override_settings(TASKS=DB_TASKS):
        # (requested by the coordination team, who may: accounts.permissions)
        report = request_report(
            agreement, dt.date(2025, 12, 31), "fi", "pdf", user=UserFactory.coordinator(agreement)
        )
        # when the worker is killed (SIGKILL) while it builds the report
        worker = _worker()
        while AnnualReport.objects.get(pk=report.pk).status != ReportStatus.RUNNING:
            assert worker.poll() is None, f"the worker ended before it was killed: {worker.communicate()}"
            time.sleep(0.01)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        report.refresh_from_db()
        # then no file, digest or "stored" entry was written: the build left only its progress behind
        assert report.status == ReportStatus.RUNNING
        assert report.content is None and report.content_digest == "" and report.finished_at is None
        assert not AuditEntry.objects.filter(action="annual_report.stored", object_id=str(report.pk)).exists()
        # and the operator's recovery requeues it; a worker builds it once, as version 1
        call_command("tasks", "recover", "--older-than", "0")
        assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.QUEUED
        again = _worker()
        out, _err = again.communicate(timeout=600)
        assert again.returncode == 0, out
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.version == 1 and report.content
    assert AuditEntry.objects.filter(action="annual_report.stored", object_id=str(report.pk)).count() == 1
    assert AuditEntry.objects.filter(action="annual_report.requeued", object_id=str(report.pk)).count() == 1
    assert chain.verify(AuditEntry).ok
