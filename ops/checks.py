"""System checks for a production installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def static_manifest(app_configs: Any, **kwargs: Any) -> list[Error]:
    """In production every page needs the static files' manifest: say how to make it rather than answer 500."""
    if settings.MODE != "production":
        return []
    if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return []
    return [
        Error(
            f"the static files are not collected in {settings.STATIC_ROOT}",
            hint="start the server with `salkku serve` (collects them) or run `salkku collectstatic --no-input`",
            id="salkku.E001",
        )
    ]
