"""Optimistic locking on pages (``audit.locking``): a form carries the version it was built on in a hidden
``version`` field (``{% include "includes/version.html" with obj=... %}``); the view makes the edit
``with guard(request, obj) as locked:`` and, when someone else changed the object meanwhile, renders the
page again with status 409, the user's entries kept and ``stale`` listing what was changed
(``{% include "includes/stale.html" %}``). Saving again then replaces those changes, knowingly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest

from audit import locking

M = TypeVar("M", bound=models.Model)
StaleVersion = locking.StaleVersion
CONFLICT = 409


def posted_version(request: HttpRequest) -> str | None:
    return request.POST.get("version") or None


@contextmanager
def guard(request: HttpRequest, obj: M) -> Iterator[M]:
    """The edit in the block under the object's row lock, refused when the form's version is stale."""
    with locking.guard(obj, posted_version(request)) as locked:
        yield locked


def stale_context(stale: locking.StaleVersion) -> dict[str, Any]:
    """What the page shows after a refused edit: the changes saved since the form was opened."""
    return {"stale": locking.changes_since(stale.current, stale.expected)}
