"""What the pipeline's services share: the audit actor, the clock, and taking a workflow step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from audit.services import Actor, audit_record
from pipeline.workflows import Workflow, may_take


def _actor(user: User) -> Actor:
    return Actor(user=user)


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _take(
    workflow: Workflow, obj: Any, to_status: str, actor: User, *, consortium: Iterable[int] = ()
) -> Any:
    transition = workflow.find(obj.status, str(to_status))
    if transition is None:
        raise ValidationError(
            _("A %(what)s cannot go from %(source)s to %(target)s.")
            % {"what": workflow.name, "source": obj.status, "target": to_status}
        )
    require(
        may_take(transition, actor, agreement_id=obj.agreement_id, consortium=consortium),
        _("Your role does not allow this step."),
    )
    return transition


def _move(obj: Any, transition: Any, actor: User, note: str, *, also_save: tuple[str, ...] = ()) -> None:
    """Put a locked object into the transition's target status and audit the step, in one transaction."""
    before = obj.status
    obj.status = transition.target
    obj.save(update_fields=["status", *also_save])
    audit_record(
        actor=_actor(actor),
        action=transition.action,
        obj=obj,
        before={"status": before},
        after={"status": obj.status},
        note=note,
    )
