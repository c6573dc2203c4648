"""Issue 15, points 1-2: the wheel is complete, production refuses unsafe settings, /healthz checks."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from config.production import JsonFormatter, secret_key_problem

ROOT = Path(settings.BASE_DIR)
STRONG_KEY = "k8Tq2-vW9xZ_pL4mN7bR1cY6fH3jD0sA5gE8uI2oK7wQ9eT4rU1y"


def _uv() -> str:
    found = ROOT / ".tools" / "bin" / "uv"
    return (
        str(found)
        if found.exists()
        else (shutil.which("uv") or pytest.fail("uv is needed to build the wheel"))
    )


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [_uv(), "build", "--wheel", "--out-dir", str(out), str(ROOT)], check=True, capture_output=True
    )
    (wheel,) = out.glob("salkku-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel__holds_every_app_package_with_its_templates_and_migrations(wheel_names: set[str]) -> None:
    # given the checkout's Python packages (every app of INSTALLED_APPS among them)
    local_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()]
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert {"progress", "monitoring", "reports", "ops"} <= set(local_apps)
    # when the wheel is built; then it holds each package's every file (code, templates, data, migrations)
    for package in sorted(packages | set(local_apps)):
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert path.relative_to(ROOT).as_posix() in wheel_names, f"{path} is not in the wheel"
    assert "tests/__init__.py" not in wheel_names


def test_wheel__holds_site_templates_translations_and_built_static_files(wheel_names: set[str]) -> None:
    for path in (ROOT / "templates").rglob("*.html"):
        assert f"salkku_files/{path.relative_to(ROOT).as_posix()}" in wheel_names
    for po in ROOT.glob("locale/*/LC_MESSAGES/django.po"):
        assert f"salkku_files/{po.with_suffix('.mo').relative_to(ROOT).as_posix()}" in wheel_names
    built = [p for p in (ROOT / "static" / "build").iterdir() if not p.name.startswith(".")]
    assert any(p.suffix == ".css" for p in built)
    for path in built:
        assert f"salkku_files/static/build/{path.name}" in wheel_names


def _check(env: dict[str, str], *, deploy: bool = False) -> subprocess.CompletedProcess[str]:
    args = ["salkku", "check", "--deploy", "--fail-level", "ERROR"] if deploy else ["salkku", "check"]
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "SECRET_KEY", "SALKKU_ALLOW_SQLITE"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"from config.cli import main; main({args!r})"],
        env={**base, "SALKKU_MODE": "production", **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"SECRET_KEY": STRONG_KEY}, "DATABASE_URL is not set"),
        ({"SECRET_KEY": STRONG_KEY, "DATABASE_URL": "sqlite:///:memory:"}, "DATABASE_URL points to SQLite"),
        ({"SECRET_KEY": "a" * 60, "DATABASE_URL": "postgres://x@h/db"}, "distinct characters"),
        ({"SECRET_KEY": "Ab3" * 14, "DATABASE_URL": "postgres://x@h/db"}, "42 characters, fewer than 50"),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY, "DATABASE_URL": "postgres://x@h/db"}, "placeholder"),
        ({"DATABASE_URL": "postgres://x@h/db"}, "SECRET_KEY is not set"),
    ],
)
def test_production__unsafe_settings__refuses_to_start_saying_why(env: dict[str, str], reason: str) -> None:
    result = _check(env)
    assert result.returncode != 0
    assert "refuses to start in production" in result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_production__sqlite_explicitly_allowed_and_static_collected__passes_deploy_check(
    tmp_path: Path,
) -> None:
    (tmp_path / "staticfiles.json").write_text("{}")
    env = {
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": "sqlite:///:memory:",
        "SALKKU_ALLOW_SQLITE": "true",
        "STATIC_ROOT": str(tmp_path),
    }
    result = _check(env, deploy=True)
    assert result.returncode == 0, result.stderr


def test_production__static_files_not_collected__deploy_check_says_how(tmp_path: Path) -> None:
    env = {
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": "sqlite:///:memory:",
        "SALKKU_ALLOW_SQLITE": "true",
        "STATIC_ROOT": str(tmp_path),
    }
    result = _check(env, deploy=True)
    assert result.returncode != 0
    assert "salkku.E001" in result.stderr and "salkku serve" in result.stderr


def test_secret_key_rules__match_django_deploy_check() -> None:
    assert secret_key_problem(STRONG_KEY) is None
    assert secret_key_problem("x7" * 30) is not None  # 60 characters, 2 distinct
    assert secret_key_problem("") == "SECRET_KEY is not set"


@pytest.mark.django_db
def test_healthz__database_and_idle_worker__ok() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"]["ok"]


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, SALKKU_HEALTH_MAX_QUEUE_SECONDS=300)
def test_healthz__task_waiting_longer_than_limit__503_naming_the_worker() -> None:
    from django_tasks_db.models import DBTaskResult, get_date_max

    # given a task queued 10 minutes ago that no worker has taken
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="reports.tasks.build_annual_report",
        backend_name="default",
        run_after=get_date_max(),
    )
    fresh = Client().get("/healthz")
    assert fresh.status_code == 200 and fresh.json()["checks"]["worker"]["queued"] == 1
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
    # when the health endpoint is asked; then it fails the worker check
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["oldest_queued_seconds"] >= 590


def test_json_logs__one_parseable_object_a_line() -> None:
    record = logging.LogRecord("salkku", logging.ERROR, __file__, 1, "import of %s failed", ("x.csv",), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (
        entry["level"] == "ERROR"
        and entry["message"] == "import of x.csv failed"
        and entry["logger"] == "salkku"
    )
