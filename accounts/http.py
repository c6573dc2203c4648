"""The request of a signed-in user, for type hints.

``LoginRequiredMiddleware`` (config/settings.py) refuses every view not marked ``login_not_required``
before it runs, so a view that is not public gets a request whose ``user`` is a signed-in ``User``,
never the ``AnonymousUser`` that ``HttpRequest.user`` may otherwise be. Views annotate their request
with this class (function views) or declare it on the class (``web.pages.SalkkuPageMixin``); a public
view keeps ``HttpRequest``. It is only a type: at run time the request is Django's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


if TYPE_CHECKING:
    from rest_framework.request import Request

    class AuthenticatedRequest(Request):
        """DRF's request past ``IsAuthenticated`` (the API's default permission, config/settings.py)."""

        user: User
