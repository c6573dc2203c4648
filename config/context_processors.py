from __future__ import annotations

from django.conf import settings

from accounts.permissions import navigation


def salkku(request):  # type: ignore[no-untyped-def]
    """The menu shows only the sections whose page the user can open (accounts.permissions decides)."""
    return {"DEMO_MODE": settings.DEMO_MODE, "navigation": navigation(getattr(request, "user", None))}
