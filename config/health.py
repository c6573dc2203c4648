"""/healthz: is the database answering, and is the task worker working through its queue?

200 with ``"status": "ok"`` when both are fine; 503 with the failing check named otherwise, for a load
balancer or the city's monitoring. The worker check is the age of the oldest task waiting in the queue:
a task waiting longer than SALKKU_HEALTH_MAX_QUEUE_SECONDS (default 300) means no worker is taking tasks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _worker(now: dt.datetime) -> dict[str, Any]:
    backend = str(settings.TASKS["default"]["BACKEND"])
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "backend": "immediate"}
    from django_tasks_db.models import DBTaskResult

    limit = int(getattr(settings, "SALKKU_HEALTH_MAX_QUEUE_SECONDS", 300))
    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        count = waiting.count()
        last = (
            DBTaskResult.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    age = (now - oldest).total_seconds() if oldest else 0.0
    return {
        "ok": age <= limit,
        "queued": count,
        "oldest_queued_seconds": round(age, 1),
        "last_finished": last.isoformat() if last else None,
        "limit_seconds": limit,
    }


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """Liveness, database and worker check for a load balancer and monitoring."""
    checks = {"database": _database()}
    if checks["database"]["ok"]:
        checks["worker"] = _worker(timezone.now())
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)


urlpatterns = [path("", health, name="health")]
