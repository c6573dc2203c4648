"""Monitoring pages computed in the background: the last computed content of each page is kept in the
database (``Snapshot``), with the version of the data it shows (the newest audit entry's id, see
``monitoring.cache``), the day, and a digest of the code, templates and translations that drew it (a
new release draws the pages anew).

A page is shown from its snapshot when nothing has changed since. When the data have changed, the page
shows the last snapshot at once, says when it was computed, and a background task (``Refresh``,
Django's tasks framework with the database queue) computes the new figures for every reader of that page,
with its progress on the page, which reloads itself when they are ready. A page never computed before is
computed at once. Computing all of an agreement's forecasts and statuses is the long work here (seconds
for hundreds of projects; the national view computes every agreement), so it stays off the request.

``SALKKU_MONITORING_CACHE = False``: every request computes its page (the benchmarks' baseline).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from monitoring.cache import TIMEOUT, data_version
from monitoring.models import Refresh, RefreshStatus, Snapshot
from programme.models import Agreement

log = logging.getLogger(__name__)

DASHBOARD = "dashboard"
NATIONAL = "national"
# The readers' variants of each page: the dashboard differs for those who may set targets and rules.
VARIANTS = {DASHBOARD: ("set", "read"), NATIONAL: ("",)}

# kind -> renders the page's content for (agreement, variant) in the active language. Filled in by
# monitoring.views (the renderers are views' code; this module must not import it).
Renderer = Callable[[Agreement | None, str], str]
RENDERERS: dict[str, Renderer] = {}


_LAYOUT: list[str] = []
# What draws the pages: a snapshot drawn by other code, templates or translations is out of date too.
LAYOUT_SOURCES = (
    "monitoring/*.py",
    "monitoring/templates/monitoring/*.html",
    "cores/monitoring/*.py",
    "charts/*.py",
    "locale/*/LC_MESSAGES/django.mo",
)


def layout() -> str:
    """A digest of the code, templates and translations that draw the pages (computed once a process)."""
    if not _LAYOUT:
        digest = hashlib.sha256()
        root = Path(settings.BASE_DIR)
        for pattern in LAYOUT_SOURCES:
            for path in sorted(root.glob(pattern)):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
        _LAYOUT.append(digest.hexdigest()[:16])
    return _LAYOUT[0]


def page_key(kind: str, agreement: Agreement | None, lang: str) -> str:
    return f"{kind}:{agreement.pk if agreement is not None else '-'}:{lang}"


@dataclass(frozen=True)
class Shown:
    body: str
    computed_at: dt.datetime
    refresh: Refresh | None = None  # set when the body is older than the data: new figures are coming

    @property
    def stale(self) -> bool:
        return self.refresh is not None


def _lang() -> str:
    return (translation.get_language() or "fi")[:2]


def _store(key: str, version: int, day: dt.date, body: str, seconds: float) -> Snapshot:
    snapshot, _created = Snapshot.objects.update_or_create(
        key=key,
        defaults={
            "version": version,
            "layout": layout(),
            "day": day,
            "body": body,
            "computed_at": timezone.now(),
            "seconds": seconds,
        },
    )
    return snapshot


def _compute(kind: str, agreement: Agreement | None, variant: str) -> tuple[str, float]:
    if kind not in RENDERERS:  # a worker process that has not loaded the views yet
        importlib.import_module("monitoring.views")
    started = time.perf_counter()
    body = RENDERERS[kind](agreement, variant)
    return body, time.perf_counter() - started


def _current(snapshot: Snapshot, version: int, day: dt.date) -> bool:
    return snapshot.version == version and snapshot.day == day and snapshot.layout == layout()


def show(kind: str, agreement: Agreement | None, variant: str) -> Shown:
    """The page's content for this reader now: current, or the last computed while new is computed."""
    day = timezone.localdate()
    lang = _lang()
    if not getattr(settings, "SALKKU_MONITORING_CACHE", True):
        body, _seconds = _compute(kind, agreement, variant)
        return Shown(body, timezone.now())
    version = data_version()
    key = f"{page_key(kind, agreement, lang)}:{variant}"
    local_key = f"salkku:page:{key}:{version}:{day.isoformat()}"
    hit = cache.get(local_key)
    if hit is not None:
        return Shown(*hit)
    snapshot = Snapshot.objects.filter(key=key).first()
    if snapshot is None:
        body, seconds = _compute(kind, agreement, variant)
        snapshot = _store(key, version, day, body, seconds)
    elif not _current(snapshot, version, day):
        refresh = request_refresh(kind, agreement, lang, version, day)
        snapshot.refresh_from_db()  # a worker in this process (tests, immediate tasks) may be done
        if not _current(snapshot, version, day):
            return Shown(snapshot.body, snapshot.computed_at, refresh)
    cache.set(local_key, (snapshot.body, snapshot.computed_at), TIMEOUT)
    return Shown(snapshot.body, snapshot.computed_at)


def request_refresh(kind: str, agreement: Agreement | None, lang: str, version: int, day: dt.date) -> Refresh:
    """The computation of the page's figures for this version of the data: the one already asked for,
    else a new one sent to the task queue."""
    page = page_key(kind, agreement, lang)
    existing = (
        Refresh.objects.filter(page=page, version__gte=version, day=day, layout=layout())
        .exclude(status=RefreshStatus.FAILED)
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    from monitoring.tasks import refresh_page

    refresh = Refresh.objects.create(
        page=page, agreement=agreement, version=version, day=day, layout=layout()
    )
    pk = refresh.pk

    def send() -> None:
        result = refresh_page.enqueue(pk)
        Refresh.objects.filter(pk=pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(send)
    return refresh


def run(refresh_id: int) -> None:
    """Compute every variant of a page for the refresh's version of the data and store them."""
    refresh = Refresh.objects.select_related("agreement").get(pk=refresh_id)
    if refresh.finished:
        return
    kind, _agreement_id, lang = refresh.page.split(":")
    Refresh.objects.filter(pk=refresh_id).update(status=RefreshStatus.RUNNING, progress=5)
    try:
        variants = VARIANTS[kind]
        with translation.override(lang):
            for n, variant in enumerate(variants, start=1):
                body, seconds = _compute(kind, refresh.agreement, variant)
                _store(f"{refresh.page}:{variant}", refresh.version, refresh.day, body, seconds)
                Refresh.objects.filter(pk=refresh_id).update(progress=5 + 95 * n // len(variants))
        Refresh.objects.filter(pk=refresh_id).update(
            status=RefreshStatus.DONE, progress=100, finished_at=timezone.now()
        )
    except Exception as exc:  # the page says so instead of waiting for ever
        log.exception("monitoring page %s failed", refresh.page)
        Refresh.objects.filter(pk=refresh_id).update(
            status=RefreshStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
