from __future__ import annotations

import os
import subprocess
import sys

from config.cli import main


def test_salkku_help__lists_operator_commands(capsys) -> None:
    # given the salkku command; when asked for help; then it lists the operator commands
    main(["salkku", "--help"])
    out = capsys.readouterr().out
    for command in ("agreement", "import", "demo-data", "migrate", "createsuperuser", "shell"):
        assert f"  {command}" in out
    assert "DATABASE_URL" in out


def _django_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from config.cli import main; main(['salkku', 'check', '--deploy', '--fail-level', 'ERROR'])",
        ],
        env={k: v for k, v in {**os.environ, **env}.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings__production_with_placeholder_secret__refuses_to_start() -> None:
    # given production mode and a placeholder secret; when the app starts; then it refuses, saying why
    result = _django_check({"SALKKU_MODE": "production", "SECRET_KEY": "change-me"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings__production_with_real_secret__starts(tmp_path) -> None:
    (tmp_path / "staticfiles.json").write_text("{}")
    result = _django_check(
        {
            "SALKKU_MODE": "production",
            "SECRET_KEY": "k8Tq2-vW9xZ_pL4mN7bR1cY6fH3jD0sA5gE8uI2oK7wQ9eT4rU1y",
            "DATABASE_URL": "sqlite:///:memory:",
            "SALKKU_ALLOW_SQLITE": "true",
            "STATIC_ROOT": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stderr
