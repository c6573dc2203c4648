"""Overlap services: refreshing the index (background), reviewing clusters and dismissing flags (audited)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require
from audit.services import Actor, audit_record
from overlaps import engine, report
from overlaps.models import ClusterStatus, FlagStatus, OverlapCluster, RiskFlag
from overlaps.rules import can_review

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)


# Keys waiting for the surrounding transaction to commit: a transaction that saves many items (a form
# with its plan, the demo data) sends one refresh for all of them, not one per save.
_pending_lock = threading.Lock()
_pending: dict[str, Any] = {"keys": set(), "everything": False, "requests": 0}


def enqueue(keys: Iterable[str], *, everything: bool = False) -> None:
    """Send a refresh to the task queue once the surrounding transaction has committed."""
    with _pending_lock:
        _pending["keys"].update(keys)
        _pending["everything"] = _pending["everything"] or everything
        _pending["requests"] += 1
    transaction.on_commit(_send)


def _send() -> None:
    from overlaps.tasks import refresh_overlaps

    with _pending_lock:
        if not _pending["requests"]:
            return  # sent already with an earlier callback of the same commit
        keys, everything = sorted(_pending["keys"]), bool(_pending["everything"])
        _pending.update(keys=set(), everything=False, requests=0)
    refresh_overlaps.enqueue(keys, everything)


def refresh(keys: Iterable[str] = (), *, everything: bool = False) -> engine.Refreshed:
    """The body of the background task: index, similar items, then clusters and flags; one at a time
    across every worker (``engine.single_flight``), each on the database as it is when its turn comes."""
    with engine.single_flight():
        done = engine.refresh(keys, everything=everything)
        report.recompute(done.items)
    return done


def rebuild() -> engine.Refreshed:
    """The whole index and every list again, from the database (``salkku overlaps rebuild``)."""
    with engine.single_flight():
        engine.forget()
        done = engine.refresh(everything=True)
        report.recompute(done.items)
    return done


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2000 characters.")})
    return reason


def review_cluster(cluster: OverlapCluster, *, user: User, status: str, reason: str) -> OverlapCluster:
    """Mark a cluster reviewed, a real overlap or not an overlap, with a reason; audited."""
    agreements = list(cluster.agreements.values_list("pk", flat=True))
    require(
        any(can_review(user, a) for a in agreements) or (not agreements and can_review(user, None)),
        _("Only the coordination team reviews overlaps."),
    )
    if status not in ClusterStatus.values or status == ClusterStatus.OPEN:
        raise ValidationError({"status": _("Choose how the cluster was judged.")})
    text = _reason(reason)
    with transaction.atomic():
        locked = OverlapCluster.objects.select_for_update().get(pk=cluster.pk)
        before = {"status": locked.status, "reason": locked.reason}
        locked.status, locked.reason = status, text
        locked.reviewed_by, locked.reviewed_at = user, timezone.now()
        locked.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
        audit_record(
            actor=Actor(user),
            action="overlap_cluster.reviewed",
            obj=locked,
            before=before,
            after={"status": status, "reason": text, "members": locked.members},
        )
    return locked


def dismiss_flag(flag: RiskFlag, *, user: User, reason: str) -> RiskFlag:
    """Dismiss a double-funding risk flag; only with a reason, and audited. A flag is never deleted."""
    require(can_review(user, flag.agreement_id), _("Only the coordination team dismisses risk flags."))
    text = _reason(reason)
    with transaction.atomic():
        locked = RiskFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.status == FlagStatus.DISMISSED:
            raise ValidationError({"reason": _("The flag has already been dismissed.")})
        locked.status, locked.reason = FlagStatus.DISMISSED, text
        locked.dismissed_by, locked.dismissed_at = user, timezone.now()
        locked.save(update_fields=["status", "reason", "dismissed_by", "dismissed_at"])
        audit_record(
            actor=Actor(user),
            action="risk_flag.dismissed",
            obj=locked,
            before={"status": FlagStatus.OPEN},
            after={
                "status": FlagStatus.DISMISSED,
                "reason": text,
                "kind": locked.kind,
                "summary": locked.summary,
            },
        )
    return locked
