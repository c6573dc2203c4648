"""Security headers that Django's SecurityMiddleware does not send: Permissions-Policy and a
Content-Security-Policy (settings PERMISSIONS_POLICY, CONTENT_SECURITY_POLICY). A view's own header wins."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for header, setting in (
            ("Permissions-Policy", "PERMISSIONS_POLICY"),
            ("Content-Security-Policy", "CONTENT_SECURITY_POLICY"),
        ):
            value = getattr(settings, setting, "")
            if value and header not in response:
                response[header] = value
        return response
