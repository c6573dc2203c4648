"""What every endpoint of the API may assume: its request is signed in (``IsAuthenticated`` is the
default permission, config/settings.py), so ``self.request.user`` is a ``User``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rest_framework.views import APIView

    from accounts.http import AuthenticatedRequest

    class _View(APIView):
        """What ``SignedIn`` narrows: DRF's view (a base for the type checker only)."""

else:
    _View = object


class SignedIn(_View):
    """First base of an API view: types ``self.request`` as a signed-in user's request."""

    request: AuthenticatedRequest
