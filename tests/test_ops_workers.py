"""Issue 15, point 3 (more than one machine): two task workers on one PostgreSQL take each job once; two
app servers (gunicorn, production settings) share the sessions and queue the long jobs that two workers
then run once each (annual reports, optimiser runs, similarity index builds)."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from audit import chain
from audit.models import AuditEntry
from audit.services import Actor
from overlaps import services as overlap_services
from portfolio.models import Scenario, ScenarioStatus
from programme.models import Agreement
from programme.services import agreement_load_all
from reports.models import AnnualReport, ReportStatus
from reports.services import request_report
from tests.factories import UserFactory
from tests.test_portfolio_problems import World, w  # noqa: F401

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
    print("tasks per worker:", {x: sum(x in r.worker_ids for r in results) for x in ("worker-a", "worker-b")})


# --- two app servers and two workers on one PostgreSQL -------------------------------------------------

SHARED_KEY = "two-servers-one-database-" + "k7Qx2mZp9LwR4tYv8NbC3sDf6GhJ1"  # the same key on both


def _ports() -> list[int]:
    """SALKKU_TEST_PORTS="8153,8154" pins them (a shared machine); otherwise two free ones."""
    if os.environ.get("SALKKU_TEST_PORTS"):
        return [int(p) for p in os.environ["SALKKU_TEST_PORTS"].split(",")][:2]
    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    return ports


def _server(port: int, work: Path, *, collect: bool) -> subprocess.Popen[str]:
    """``salkku serve`` (gunicorn, production settings) as an operator runs it on one of several machines."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SALKKU_ALLOW_SQLITE"}
    }
    env.update(
        SALKKU_MODE="production",
        DATABASE_URL=_database_url(),
        SECRET_KEY=SHARED_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_PROXY_SSL_HEADER="true",
        SALKKU_REQUIRE_2FA_FOR_STAFF="false",
        SALKKU_VAR_DIR=str(work / "var"),
        STATIC_ROOT=str(work / "static"),
        LOG_LEVEL="WARNING",
    )
    args = ["salkku", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]
    if not collect:
        args.append("--skip-static")  # the other machine got the same built files
    return subprocess.Popen(
        [sys.executable, "-c", f"from config.cli import main; main({args!r})"],
        env=env,
        cwd=work,
        stdout=(work / f"server-{port}.log").open("w"),  # a file: a full pipe would stop the server
        stderr=subprocess.STDOUT,
        text=True,
    )


class Browser:
    """A browser behind the city's TLS proxy: one cookie jar for every server it is sent to."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(self, base: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
            headers["Referer"] = f"https://{base.split('://', 1)[1]}{path}"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(f"{base}{path}", data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=120)
        except urllib.error.HTTPError as answer:
            response = answer
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        page = response.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found:
            self.csrf = found.group(1)
        return response.status, response.headers.get("Location", ""), page


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _wait_healthy(base: str, server: subprocess.Popen[str]) -> None:
    """Until the server answers /healthz (collecting the static files first takes minutes on a busy
    machine); a server that stops fails the test with its output."""
    for _ in range(3600):  # a hang, not a speed, is what this bounds: half an hour
        try:
            probe = urllib.request.Request(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(probe, timeout=30)
            return
        except urllib.error.HTTPError:
            return  # it answers (503 while jobs wait for a worker: the queue is checked too)
        except OSError:
            if server.poll() is not None:
                raise AssertionError(f"the server stopped (exit {server.returncode}); see its log") from None
            time.sleep(0.5)
    raise AssertionError(f"{base} did not answer")


@override_settings(TASKS=DB_TASKS)
def test_two_servers_two_workers__sessions_on_both__long_jobs_each_run_once(
    w: World,  # noqa: F811 (the fixture)
    tmp_path: Path,
    settings: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    # given a portfolio with a closed, scored call, and a coordinator who signs in with a password
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    coordinator = w.p.coordinator
    coordinator.password = make_password("kaksi-palvelinta-2026", hasher="pbkdf2_sha256")
    coordinator.save(update_fields=["password"])
    # and two app servers (gunicorn, production settings) on one PostgreSQL, as on two machines
    ports = _ports()
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    servers = [_server(ports[0], tmp_path, collect=True)]
    try:
        _wait_healthy(bases[0], servers[0])
        servers.append(_server(ports[1], tmp_path, collect=False))
        _wait_healthy(bases[1], servers[1])

        # when the coordinator signs in on the first server
        browser = Browser()
        assert browser.send(bases[0], "/accounts/login/")[0] == 200
        status, location, _ = browser.send(
            bases[0],
            "/accounts/login/",
            {"username": coordinator.username, "password": "kaksi-palvelinta-2026"},
        )
        assert status == 302 and "login" not in location, (status, location)
        # then the session is valid on the second as well (stateless servers, sessions in the database)
        reports_page = f"/reports/{w.p.agreement.slug}/"
        status, location, _ = browser.send(bases[1], reports_page)
        assert status == 200, (status, location)

        # when the coordinator's requests go to either server: annual reports and optimiser runs
        for i in range(6):
            base = bases[i % 2]
            browser.send(base, reports_page)
            status, location, page = browser.send(
                base,
                reports_page,
                {
                    "as_of": (dt.date(2025, 12, 31) - dt.timedelta(days=i)).isoformat(),
                    "lang": "fi",
                    "format": "html",
                },
            )
            assert status == 302 and "/reports/report/" in location, (status, page[:2000])
        create = reverse("portfolio:scenario_create", args=[w.call.pk])
        for i in range(2):
            base = bases[i % 2]
            browser.send(base, create)
            status, location, page = browser.send(
                base,
                create,
                {
                    "name": f"Palvelin {i + 1}",
                    "frame_percent": "100",
                    "theme_shares": "on",
                    "start_flex": "0",
                    "robustness": "none",
                    "time_limit": "10",
                },
            )
            assert status == 302, (status, page[:2000])
        # and a similarity index build is queued twice (every text again)
        overlap_services.enqueue([], everything=True)
        overlap_services.enqueue([], everything=True)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=120)
    logs = [(tmp_path / f"server-{port}.log").read_text() for port in ports]
    assert all("Traceback" not in log for log in logs), logs

    reports = list(AnnualReport.objects.filter(agreement=w.p.agreement))
    scenarios = list(Scenario.objects.filter(call=w.call))
    assert len(reports) == 6 and len(scenarios) == 2
    queued = DBTaskResult.objects.count()
    assert queued == 6 + 2 + 2
    # when two workers (two processes, as on two more machines) work through the one queue
    workers = [_worker("worker-a"), _worker("worker-b")]
    outputs = [worker.communicate(timeout=900)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    # then every job was claimed by exactly one worker and succeeded
    results = list(DBTaskResult.objects.all())
    assert len(results) == queued
    assert all(len(result.worker_ids) == 1 for result in results), [r.worker_ids for r in results]
    assert {result.status for result in results} == {"SUCCESSFUL"}, [(r.task_path, r.status) for r in results]
    kinds = {result.task_path.rsplit(".", 1)[-1] for result in results}
    assert kinds == {"generate_annual_report", "run_scenario", "refresh_overlaps"}, kinds
    # and each long job's result was made once
    for report in AnnualReport.objects.filter(agreement=w.p.agreement):
        assert report.status == ReportStatus.DONE and report.version == 1
    for scenario in Scenario.objects.filter(call=w.call):
        assert scenario.status == ScenarioStatus.DONE and scenario.result
    assert chain.verify(AuditEntry).ok
    print("jobs per worker:", {x: sum(x in r.worker_ids for r in results) for x in ("worker-a", "worker-b")})
