"""The API keeps its word: the OpenAPI schema documents every status code an operation answers, and a
request's query string is held to the schema (an unknown parameter, a value of the wrong type or out of
range is a 400 naming it), so that the schema is the contract and not a description.

- ``document_errors`` (a drf-spectacular post-processing hook): every operation documents 400 (its input
  refused, the body names each field or parameter), 403 (not signed in, or not allowed) and, when it
  names an object (a path parameter or an id in its body), 404.
- ``ApiContractMiddleware``: every ``/api/v1/`` request's query parameters are checked against the
  operation's documented ones, from the same generated schema; an address that names no operation (e.g.
  ``/proposals/0.5/``) answers a JSON 404 like any other API 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

ERROR = {
    "type": "object",
    "description": "what was refused: `detail`, or each field or parameter with its reasons",
    "properties": {"detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
    "additionalProperties": True,
}
METHODS = ("get", "post", "put", "patch", "delete")


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add the error answers every operation can give to its documented responses; an input (``*In``,
    api.strict.StrictIn) takes no field it does not name."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    for name, component in schemas.items():
        if name.removeprefix("Patched").endswith("In") and component.get("type") == "object":
            component["additionalProperties"] = False
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", {"description": "the request was refused", "content": ref})
            responses.setdefault("403", {"description": "not signed in, or not allowed", "content": ref})
            if "{" in path or "requestBody" in operation:
                responses.setdefault("404", {"description": "no such object (or not yours)", "content": ref})
    return result


# --- the query string, held to the schema ------------------------------------------------------------


@cache
def _operations() -> list[tuple[re.Pattern[str], str, dict[str, dict[str, Any]]]]:
    """(path pattern, method, {query parameter: its schema}) of every documented operation."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
        request=None, public=True
    )
    found = []
    for path, item in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method in METHODS:
            if method in item:
                params = {
                    p["name"]: p.get("schema", {})
                    for p in item[method].get("parameters", [])
                    if p.get("in") == "query"
                }
                found.append((pattern, method.upper(), params, path.count("{")))
    # A literal address (/scenarios/compare/) before a pattern that would also match it (/scenarios/{id}/).
    return [(pattern, method, params) for pattern, method, params, _n in sorted(found, key=lambda f: f[3])]


def _problem(value: str, schema: dict[str, Any]) -> str | None:
    """Why ``value`` does not fit the parameter's schema (None when it does)."""
    kind = schema.get("type", "string")
    number: Decimal | None = None
    if kind in ("integer", "number"):
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or (kind == "integer" and number != number.to_integral()):
            return f"must be {'a whole number' if kind == 'integer' else 'a number'}"
        if "minimum" in schema and number < Decimal(str(schema["minimum"])):
            return f"must be at least {schema['minimum']}"
        if "maximum" in schema and number > Decimal(str(schema["maximum"])):
            return f"must be at most {schema['maximum']}"
    elif kind == "boolean" and value not in ("true", "false"):
        return "must be true or false"
    if "enum" in schema and value not in [str(v) for v in schema["enum"]]:
        return "must be one of " + ", ".join(str(v) for v in schema["enum"])
    if "minLength" in schema and len(value) < schema["minLength"]:
        return f"must be at least {schema['minLength']} characters"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return f"must be at most {schema['maxLength']} characters"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return f"must match {schema['pattern']}"
    return None


def query_problems(path: str, method: str, query: Any) -> dict[str, list[str]]:
    """Each query parameter of the request that the operation does not take or that does not fit."""
    for pattern, op_method, params in _operations():
        if op_method == method and pattern.match(path):
            problems: dict[str, list[str]] = {}
            for name in query:
                if name not in params:
                    problems[name] = ["unknown query parameter"]
                    continue
                for value in query.getlist(name):
                    if (why := _problem(value, params[name])) is not None:
                        problems[name] = [why]
            return problems
    return {}


class ApiContractMiddleware:
    """A 400 naming each unknown or malformed query parameter of an API request (the schema's own), and
    a JSON 404 (not the HTML page) for an API address that names no operation."""

    PREFIX = "/api/v1/"
    OPEN = ("/api/v1/schema/", "/api/v1/docs/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith(self.PREFIX) and not path.startswith(self.OPEN) and request.GET:
            problems = query_problems(path, request.method or "GET", request.GET)
            if problems:
                return JsonResponse(problems, status=400)
        response = self.get_response(request)
        if (
            response.status_code == 404
            and path.startswith(self.PREFIX)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return JsonResponse({"detail": "Not found."}, status=404)
        return response
