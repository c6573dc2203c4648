from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.permissions import navigation


def salkku(request: HttpRequest) -> dict[str, Any]:
    """The menu shows only the sections whose page the user can open (accounts.permissions decides)."""
    return {"DEMO_MODE": settings.DEMO_MODE, "navigation": navigation(getattr(request, "user", None))}
