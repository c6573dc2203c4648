"""Each area registers its endpoints in its own module (``api/<area>.py`` with ``register(router)``)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from api import claims, decisions, ecosystem, overlaps, pipeline, portfolio, review


def collect_routes(router: DefaultRouter) -> None:
    for area in (pipeline, review, decisions, portfolio, ecosystem, overlaps, claims):
        area.register(router)
