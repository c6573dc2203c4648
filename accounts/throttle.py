"""Login throttling (django-axes): what a refused sign-in shows and what it leaves in the log.

The counting, the cool-off and the reset on success are django-axes' (settings ``AXES_*`` in
config/settings.py, set from ``SALKKU_LOGIN_*``). Here: the login page again, with a message in the
user's language and status 429, and a warning line in the security log for each lockout.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.helpers import get_client_ip_address, get_cool_off
from axes.signals import user_locked_out
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

logger = logging.getLogger("salkku.security")


def cooloff_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0


def lockout_response(request: HttpRequest, original_response: Any, credentials: Any = None) -> HttpResponse:
    """The sign-in page with the lockout message instead of the form's errors (429 Too Many Requests)."""
    response = TemplateResponse(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request),
            "locked_out": True,
            "cooloff_minutes": cooloff_minutes(request),
            "next": request.POST.get("next", "") if request.method == "POST" else "",
        },
        status=429,
    )
    response.render()
    return response


@receiver(user_locked_out)
def log_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    logger.warning(
        "sign-in locked out after repeated failures: username=%r address=%s",
        username or "",
        ip_address or get_client_ip_address(request),
    )
