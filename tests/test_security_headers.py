"""Security headers on every response, and a production configuration that `check --deploy` passes."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_headers__every_response__frame_ancestors_none_referrer_and_permissions() -> None:
    response = Client().get("/healthz")
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_check_deploy__production_settings__no_warning(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SALKKU_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "salkku.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # production refuses SQLite unless it is asked for (config/production.py); check --deploy needs no server
        "SALKKU_ALLOW_SQLITE": "true",
        "STATIC_ROOT": str(tmp_path),  # with a manifest, as `salkku serve` leaves it (ops/checks.py)
    }
    (tmp_path / "staticfiles.json").write_text("{}")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
