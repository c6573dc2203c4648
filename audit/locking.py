"""Optimistic locking for every object that more than one person edits (proposals, reviews, progress
reports, payment claims, scenarios, review criteria, calls): one version tag, one guard, one answer to "what
changed".

Every change to such an object writes an audit entry for it (the project's rule), so the object's version
is its newest audit entry: ``etag(obj)`` names it. A reader keeps the tag (the API's ``ETag`` header, a
form's hidden ``version`` field); an edit made ``with guard(obj, expected):`` locks the object's row and is
refused with ``StaleVersion`` when the tag is no longer current, so that no edit silently overwrites
another. ``changes_since`` then lists the audit entries written after the tag: who changed what. The API
answers 412 (``api.locking``), a page 409 with that list (``web/_stale.html``).

An object whose version is more than its own entries says so with ``version_sources()``: the objects
whose audit entries make up its version, each with the actions that count (None: every one). A scenario's
includes every choice among the scenarios of its call (choosing B from a page read before A was chosen is
stale); an agenda item's includes the cities' positions and the decision, audited on its proposal. The
guard locks the rows of those objects too, so that two such edits run one after the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.models import AuditEntry

M = TypeVar("M", bound=models.Model)


Source = tuple[models.Model, tuple[str, ...] | None]


def sources(obj: models.Model) -> list[Source]:
    """The objects (and their audit actions; None: all) whose entries make up ``obj``'s version."""
    declared = getattr(obj, "version_sources", None)
    found: list[Source] = list(declared()) if callable(declared) else []
    if not any(source is obj or (type(source) is type(obj) and source.pk == obj.pk) for source, _a in found):
        found.insert(0, (obj, None))
    return found


def entries(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit entries that make up the object's version."""
    groups: dict[tuple[type[models.Model], tuple[str, ...] | None], list[str]] = {}
    for source, actions in sources(obj):
        groups.setdefault((type(source), actions), []).append(str(source.pk))
    condition = models.Q(pk__in=[])
    for (model, actions), ids in groups.items():
        one = models.Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
        if actions is not None:
            one &= models.Q(action__in=actions)
        condition |= one
    return AuditEntry.objects.filter(condition)


def _last_entry(obj: models.Model) -> int:
    found = entries(obj).aggregate(last=models.Max("pk"))["last"]
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
        # every row of the version, in one order (model, pk), so that two guards never wait on each other
        rows: dict[type[models.Model], set[object]] = {}
        for source, _actions in sources(obj):
            if source.pk is not None:
                rows.setdefault(type(source), set()).add(source.pk)
        for model in sorted(rows, key=lambda m: m._meta.label):
            manager = model._default_manager
            list(manager.select_for_update().filter(pk__in=rows[model]).order_by("pk").values_list("pk"))
        locked = type(obj)._default_manager.get(pk=obj.pk)
        check(locked, expected)
        yield locked


def changes_since(obj: models.Model, tag: str) -> list[AuditEntry]:
    """The object's audit entries written after the version ``tag`` stands for, oldest first."""
    since = _entry_of(tag)
    found = entries(obj).select_related("actor").order_by("pk")
    if since is None:
        return []
    return list(found.filter(pk__gt=since))
