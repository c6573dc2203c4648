"""Re-authentication in the API, as on the pages (``accounts.reauth``): the most sensitive actions
(recording a funding decision) need a session whose password was entered within
``SALKKU_REAUTH_MINUTES``. Signing in counts; later, ``POST /accounts/confirm-password/`` with the session
(``password``, and ``token`` with an authenticator app; the CSRF token as for any POST) renews it.
Otherwise the API answers 403 with ``code: reauthentication_required`` and where to confirm."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from accounts.reauth import recently_authenticated


class ReauthOut(serializers.Serializer):
    """403: the password was not entered recently enough in this session."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="reauthentication_required")
    confirm = serializers.CharField(help_text="where to enter the password again (POST, with the session)")


class ReauthenticationRequired(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "reauthentication_required"

    def __init__(self) -> None:
        minutes = int(settings.SALKKU_REAUTH_MINUTES)
        super().__init__(
            {
                "detail": f"enter the password again: this needs it entered within the last {minutes} minutes",
                "code": self.default_code,
                "confirm": reverse("reauth_confirm"),
            }
        )


REAUTH = OpenApiResponse(
    ReauthOut,
    description="not allowed, or (code reauthentication_required) the password was not entered within "
    "SALKKU_REAUTH_MINUTES in this session: POST it to /accounts/confirm-password/ and try again",
)


def require_recent(request: Request) -> None:
    """Refuse (403, ``reauthentication_required``) unless the session entered the password recently."""
    if not recently_authenticated(request._request):
        raise ReauthenticationRequired()
