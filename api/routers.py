"""Each area registers its endpoints in its own module (``api/<area>.py`` with ``register(router)``)."""

from __future__ import annotations

from importlib import import_module

from rest_framework.routers import DefaultRouter

AREAS = ("api.pipeline", "api.review", "api.decisions")


def collect_routes(router: DefaultRouter) -> None:
    for name in AREAS:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(router)
