"""Load the signed-in user's role assignments once per request.

Access checks (accounts/access.py), the menu and the views all read ``user.role_assignments.all()``;
prefetching it here makes that one query per request instead of one per check.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse


class RoleAssignmentsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            prefetch_related_objects([user], "role_assignments")
        return self.get_response(request)
