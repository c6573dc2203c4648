"""Write-services of calls for ideas: create, edit, open, close and reopen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from audit.services import audit_record
from pipeline import rules
from pipeline.models import (
    Call,
)
from pipeline.workflows import CALL_WORKFLOW

if TYPE_CHECKING:
    from programme.models import Agreement, Theme
from pipeline.services.common import _actor, _move, _take

# --- calls for ideas ------------------------------------------------------------------------------------

CALL_FIELDS = ("title", "opens_on", "closes_on", "instructions")


def _check_call(agreement: Agreement, themes: Iterable[Theme], opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The call must close on or after the day it opens.")})
    for theme in themes:
        if theme.agreement_id != agreement.pk:
            raise ValidationError(
                {"themes": _("Theme %(code)s is not a theme of this agreement.") % {"code": theme.code}}
            )


@transaction.atomic
def call_create(
    *,
    agreement: Agreement,
    title: str,
    themes: Sequence[Theme],
    opens_on: dt.date,
    closes_on: dt.date,
    instructions: str = "",
    actor: User,
) -> Call:
    require(rules.is_coordinator(actor, agreement.pk), _("Only the coordination team opens calls for ideas."))
    _check_call(agreement, themes, opens_on, closes_on)
    call = Call.objects.create(
        agreement=agreement, title=title, opens_on=opens_on, closes_on=closes_on, instructions=instructions
    )
    call.themes.set(themes)
    audit_record(
        actor=_actor(actor),
        action="call.created",
        obj=call,
        after={
            "title": title,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "themes": sorted(t.code for t in themes),
            "status": call.status,
        },
    )
    return call


@transaction.atomic
def call_update(*, call: Call, actor: User, themes: Sequence[Theme] | None = None, **changes: Any) -> Call:
    require(
        rules.is_coordinator(actor, call.agreement_id), _("Only the coordination team edits calls for ideas.")
    )
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        if getattr(call, name) != value:
            before[name], after[name] = getattr(call, name), value
            setattr(call, name, value)
    old_themes = sorted(t.code for t in call.themes.all())
    new_themes = sorted(t.code for t in themes) if themes is not None else old_themes
    _check_call(call.agreement, themes or [], call.opens_on, call.closes_on)
    if before:
        call.save(update_fields=list(after))
    if new_themes != old_themes:
        call.themes.set(themes or [])
        before["themes"], after["themes"] = old_themes, new_themes
    if after:
        audit_record(actor=_actor(actor), action="call.updated", obj=call, before=before, after=after)
    return call


@transaction.atomic
def call_transition(*, call: Call, to_status: str, actor: User, note: str = "") -> Call:
    """Open, close or reopen a call (the coordination team)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    transition = _take(CALL_WORKFLOW, call, to_status, actor)
    _move(call, transition, actor, note)
    return call
