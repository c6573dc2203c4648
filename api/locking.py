"""Optimistic locking in the API, for every object that more than one person edits (``audit.locking``):
a read and every edit answer with the object's ``ETag``; an edit may send ``If-Match`` with the tag it was
built on and is refused with 412 (and the current tag) when someone else has changed the object since.

A view edits with ``with locking.editing(request, obj) as locked:`` and calls its service inside the
block; the schema documents the header and the 412 with ``IF_MATCH`` and ``STALE``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import models
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status, views
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from audit import locking

M = TypeVar("M", bound=models.Model)


class StaleOut(serializers.Serializer):
    """412: the edit was built on a version that is no longer current."""

    detail = serializers.CharField()
    etag = serializers.CharField(help_text="the current version's ETag")


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=(
        "the ETag of the version the edit is built on (from the object's GET); 412 when someone else "
        "has changed the object since. Without it the edit is made on the current version."
    ),
)
STALE = OpenApiResponse(StaleOut, description="the object was changed after the version named in If-Match")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"

    def __init__(self, stale: locking.StaleVersion) -> None:
        model = stale.current._meta.model_name
        self.etag = stale.current_tag
        super().__init__(
            {"detail": f"the {model} was changed after this version was read", "etag": self.etag}
        )


def expected(request: Request) -> str | None:
    return request.headers.get("If-Match") or None


@contextmanager
def editing(request: Request, obj: M) -> Iterator[M]:
    """The edit in the block is made under the object's row lock, only when If-Match (if sent) is current."""
    try:
        with locking.guard(obj, expected(request)) as locked:
            yield locked
    except locking.StaleVersion as stale:
        raise PreconditionFailed(stale) from None


def tagged(response: Response, obj: models.Model) -> Response:
    """The response with the object's current version as its ETag."""
    response["ETag"] = locking.etag(obj)
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with the current version as the ETag of a 412 (settings.REST_FRAMEWORK)."""
    response = views.exception_handler(exc, context)
    if response is not None and isinstance(exc, PreconditionFailed):
        response["ETag"] = exc.etag
    return response
