"""The monitoring figures, computed once per agreement, day, language and state of the data.

The key holds the newest audit entry's id: every change to proposals, funding decisions, progress
reports, payment claims, targets, rules and money is written to the audit log in the same transaction,
so any such change, made by any process, gives a new key and the figures are computed again. Time is in
the key as the day the figures are computed for (a report falls late at midnight). One query (the
newest audit id) when the figures are cached. ``SALKKU_MONITORING_CACHE = False`` turns it off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import get_language

from audit.models import AuditEntry

T = TypeVar("T")
TIMEOUT = 6 * 3600


def data_version() -> int:
    return int(AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0)


def cached(kind: str, agreement_id: int | None, day: dt.date, compute: Callable[[], T]) -> T:
    """``compute()``, or its value from the cache when nothing has changed since it was computed."""
    if not getattr(settings, "SALKKU_MONITORING_CACHE", True):
        return compute()
    lang = (get_language() or "fi")[:2]
    key = f"salkku:monitoring:{kind}:{agreement_id}:{day.isoformat()}:{lang}:{data_version()}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
