"""The API's pagination: ``limit`` / ``offset`` with a maximum page size, and refused (400, naming the
parameter) when either is not a whole number in range, instead of an overflow deep in the database."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


def _whole(request: Any, name: str, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [f"must be a whole number from {low} to {high}"]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"must be a whole number from {low} to {high}"]})
    return value


class StrictLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = MAX_LIMIT

    def get_limit(self, request: Any) -> int | None:
        value = _whole(request, self.limit_query_param, 1, MAX_LIMIT)
        return self.default_limit if value is None else value

    def get_offset(self, request: Any) -> int:
        value = _whole(request, self.offset_query_param, 0, MAX_OFFSET)
        return 0 if value is None else value

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for p in params:
            if p["name"] == self.limit_query_param:
                p["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}
            elif p["name"] == self.offset_query_param:
                p["schema"] = {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}
        return params
