"""Optimistic locking for every object that more than one person edits (proposals, reviews, progress
reports, payment claims, scenarios, review criteria, calls): one version tag, one guard, one answer to "what
changed".

Every change to such an object writes an audit entry for it (the project's rule), so the object's version
is its newest audit entry: ``etag(obj)`` names it. A reader keeps the tag (the API's ``ETag`` header, a
form's hidden ``version`` field); an edit made ``with guard(obj, expected):`` locks the object's row and is
refused with ``StaleVersion`` when the tag is no longer current, so that no edit silently overwrites
another. ``changes_since`` then lists the audit entries written after the tag: who changed what. The API
answers 412 (``api.locking``), a page 409 with that list (``web/_stale.html``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import models, transaction

from audit.models import AuditEntry

M = TypeVar("M", bound=models.Model)


def _last_entry(obj: models.Model) -> int:
    found = AuditEntry.objects.for_object(obj).aggregate(last=models.Max("pk"))["last"]
    return int(found or 0)


def etag(obj: models.Model) -> str:
    """The object's version tag (a strong HTTP entity tag): changes with every audited change to it."""
    return f'"{obj._meta.model_name}-{obj.pk}-{_last_entry(obj)}"'


def _entry_of(tag: str) -> int | None:
    """The audit entry a tag stands for (None when the tag is not one of ours)."""
    try:
        return int(tag.strip().removeprefix("W/").strip('"').rpartition("-")[2])
    except ValueError:
        return None


def matches(header: str, current: str) -> bool:
    """``If-Match`` semantics: ``*`` or any of the listed tags (weak or strong) equal to the current one."""
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == current for tag in header.split(","))


class StaleVersion(Exception):
    """The object was changed by someone else after the editor read it."""

    def __init__(self, current: models.Model, expected: str) -> None:
        self.current = current
        self.expected = expected
        self.current_tag = etag(current)
        super().__init__(f"stale version {expected}; current is {self.current_tag}")


def check(locked: models.Model, expected: str | None) -> None:
    """Refuse (``StaleVersion``) when ``expected`` is given and is not the locked object's current tag."""
    if expected is not None and not matches(expected, etag(locked)):
        raise StaleVersion(locked, expected)


@contextmanager
def guard(obj: M, expected: str | None) -> Iterator[M]:
    """Lock ``obj``'s row for the edit made inside the block, after checking that the edit was built on
    its current version; without ``expected`` (a client that sends no tag) the edit only gets the lock."""
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        check(locked, expected)
        yield locked


def changes_since(obj: models.Model, tag: str) -> list[AuditEntry]:
    """The object's audit entries written after the version ``tag`` stands for, oldest first."""
    since = _entry_of(tag)
    entries = AuditEntry.objects.for_object(obj).select_related("actor").order_by("pk")
    if since is None:
        return []
    return list(entries.filter(pk__gt=since))
