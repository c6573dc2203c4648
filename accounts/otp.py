"""The second factor (TOTP through django-otp) for staff roles.

When ``SALKKU_REQUIRE_2FA_FOR_STAFF`` is on, a staff user (``accounts.access.requires_second_factor``) who
has signed in with a password but not yet confirmed a code this session is sent to the set-up page (no
device yet) or to the code page, and the API answers 403. Public pages stay reachable.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import requires_second_factor

# Pages a signed-in user must reach before the second factor: signing in and out, the second-factor
# pages themselves, the language switch.
EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "otp_setup",
        "otp_verify",
        "set_language",
        "oidc_authentication_init",
        "oidc_authentication_callback",
    }
)


def is_verified(user: Any) -> bool:
    checker = getattr(user, "is_verified", None)
    return bool(checker()) if callable(checker) else False


class SecondFactorMiddleware:
    """After LoginRequiredMiddleware: staff without a confirmed code go to the set-up or the code page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(settings, "SALKKU_REQUIRE_2FA_FOR_STAFF", False):
            return None
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        namespaces = match.namespaces if match else []
        if match is not None and match.url_name in EXEMPT_URL_NAMES and not namespaces:
            return None
        in_admin = "admin" in namespaces
        if in_admin and match is not None and match.url_name in {"logout", "login"}:
            return None
        is_api = request.path.startswith("/api/")
        # A public page (marked login_not_required) needs no second factor. The admin and DRF mark their
        # views so too, since they authenticate by themselves: those are held here explicitly.
        if not getattr(view_func, "login_required", True) and not in_admin and not is_api:
            return None
        if not requires_second_factor(user):
            return None
        if is_api:
            return JsonResponse(
                {"detail": _("Confirm your second factor (a TOTP code) in the browser first.")}, status=403
            )
        target = "otp_verify" if user_has_device(user) else "otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


# --- Set-up helpers ---------------------------------------------------------------------------------


def secret_for_display(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, *, label: str) -> str:
    """The device's otpauth:// address as an inline SVG QR code (drawn here: no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    svg: str = image.to_string(encoding="unicode")
    return svg.replace(
        "<svg ",
        '<svg role="img" aria-labelledby="otp-qr-title" class="salkku-qr" ',
        1,
    ).replace(">", f'><title id="otp-qr-title">{escape(label)}</title>', 1)
