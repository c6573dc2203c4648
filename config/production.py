"""Production rules and the installed layout, read by ``config.settings`` (no Django import here).

Production refuses to start, saying why, rather than run half-safe: without ``DATABASE_URL``, on SQLite
unless ``SALKKU_ALLOW_SQLITE`` is set, or with a secret key that ``check --deploy`` would call weak.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# The same rules as Django's security.W009 (check --deploy): 50 characters, 5 distinct ones, not a
# generated "django-insecure-" key.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5
_PLACEHOLDER_WORDS = ("change-me", "changeme", "insecure", "secret-key", "example")

BUNDLE = "salkku_files"


def resource_dir(base_dir: Path) -> Path:
    """Where templates/, locale/ and static/build/ are: the wheel's bundle when installed, else the checkout."""
    bundled = base_dir / BUNDLE
    return bundled if bundled.is_dir() else base_dir


def default_var_dir(base_dir: Path, resource: Path) -> Path:
    # In a checkout: var/ beside the code; installed: var/ in the working directory (set SALKKU_VAR_DIR).
    return base_dir / "var" if resource == base_dir else Path.cwd() / "var"


def default_static_root(base_dir: Path, var_dir: Path) -> Path:
    return base_dir / "staticfiles" if not (base_dir / BUNDLE).is_dir() else var_dir / "staticfiles"


def secret_key_problem(key: str) -> str | None:
    """Why this secret key is too weak for production, or None."""
    if not key:
        return "SECRET_KEY is not set"
    lowered = key.lower()
    if lowered.startswith("django-insecure-") or any(word in lowered for word in _PLACEHOLDER_WORDS):
        return "SECRET_KEY is a placeholder or a generated development key"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"SECRET_KEY has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE:
        return f"SECRET_KEY has {len(set(key))} distinct characters, fewer than {SECRET_KEY_MIN_UNIQUE}"
    return None


def refuse_unsafe(*, secret_key: str, database_url: str, database_engine: str, allow_sqlite: bool) -> None:
    problems: list[str] = []
    key_problem = secret_key_problem(secret_key)
    if key_problem:
        problems.append(
            f"SECRET_KEY must be set to a random secret ({key_problem}); make one with: "
            'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if not database_url:
        problems.append("DATABASE_URL is not set (e.g. postgres://salkku@db.example.fi:5432/salkku)")
    elif database_engine.endswith("sqlite3") and not allow_sqlite:
        problems.append(
            "DATABASE_URL points to SQLite; production runs on PostgreSQL "
            "(set SALKKU_ALLOW_SQLITE=true to run a single-machine trial on SQLite anyway)"
        )
    if problems:
        raise ImproperlyConfigured(
            "Salkku refuses to start in production (SALKKU_MODE=production):\n- " + "\n- ".join(problems)
        )


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, process and any request context."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": os.getpid(),
        }
        for field in ("status_code", "method", "path", "duration_ms"):
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry.setdefault("path", request.path)
            entry.setdefault("method", getattr(request, "method", None))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def json_logging(level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.production.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
