"""Write-services of the pipeline: calls for ideas, ideas, proposals and their money plans (proposals in
``pipeline.proposal_services``, named here too).

Each is a keyword-only function ``<entity>_<action>(*, ..., actor)`` that checks who may act (deny by
default: ``PermissionDenied``), refuses bad input with a ``ValidationError`` that names the row, the field
and the reason, saves only what changed and writes the audit entry in the same transaction. Views, the
API and commands call these and hold no business rules of their own.

Other parts of Salkku move proposals on through ``proposal_transition`` only: the workflow table
(``pipeline.workflows``) says who may take which transition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import Role, User
from accounts.notifications import Event, notify
from audit.services import audit_record
from pipeline import rules
from pipeline.models import (
    Call,
    CallStatus,
    Idea,
    IdeaComment,
    IdeaStatus,
)
from pipeline.workflows import CALL_WORKFLOW, IDEA_WORKFLOW

if TYPE_CHECKING:
    from partners.models import Organisation
    from programme.models import Agreement, Theme
from pipeline.proposal_services import (
    PROPOSAL_FIELDS as PROPOSAL_FIELDS,
)
from pipeline.proposal_services import (
    PROPOSAL_SETS as PROPOSAL_SETS,
)
from pipeline.proposal_services import (
    PartnerIn as PartnerIn,
)
from pipeline.proposal_services import (  # the proposals' services, named here for their callers
    ProposalNotValid as ProposalNotValid,
)
from pipeline.proposal_services import (
    default_dates as default_dates,
)
from pipeline.proposal_services import (
    proposal_check as proposal_check,
)
from pipeline.proposal_services import (
    proposal_create as proposal_create,
)
from pipeline.proposal_services import (
    proposal_create_from_idea as proposal_create_from_idea,
)
from pipeline.proposal_services import (
    proposal_set_budget as proposal_set_budget,
)
from pipeline.proposal_services import (
    proposal_set_financing as proposal_set_financing,
)
from pipeline.proposal_services import (
    proposal_set_partners as proposal_set_partners,
)
from pipeline.proposal_services import (
    proposal_set_targets as proposal_set_targets,
)
from pipeline.proposal_services import (
    proposal_submit as proposal_submit,
)
from pipeline.proposal_services import (
    proposal_transition as proposal_transition,
)
from pipeline.proposal_services import (
    proposal_update as proposal_update,
)
from pipeline.service_steps import _actor, _move, _now, _take, _today

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


# --- ideas ----------------------------------------------------------------------------------------------


@transaction.atomic
def idea_submit(
    *, call: Call, organisation: Organisation, theme: Theme, title: str, summary: str, actor: User
) -> Idea:
    """An applicant submits an idea to an open call for one of the organisations they act for."""
    require(
        rules.can_submit_idea(actor, call, organisation.pk),
        _("You can submit ideas only for an organisation you act for, in your own agreement."),
    )
    today = _today()
    if call.status != CallStatus.OPEN or not call.opens_on <= today <= call.closes_on:
        raise ValidationError(
            _("The call “%(call)s” is not open for ideas (open %(opens)s–%(closes)s).")
            % {"call": call.title, "opens": call.opens_on.isoformat(), "closes": call.closes_on.isoformat()}
        )
    call_themes = {t.pk for t in call.themes.all()}
    if call_themes and theme.pk not in call_themes:
        raise ValidationError(
            {"theme": _("Theme %(code)s is not one of this call's themes.") % {"code": theme.code}}
        )
    if not title.strip() or not summary.strip():
        raise ValidationError(_("An idea needs a title and a summary."))
    idea = Idea.objects.create(
        agreement_id=call.agreement_id,
        call=call,
        organisation=organisation,
        theme=theme,
        title=title.strip(),
        summary=summary.strip(),
        submitted_at=_now(),
        submitted_by=actor,
    )
    audit_record(
        actor=_actor(actor),
        action="idea.submitted",
        obj=idea,
        after={
            "call": call.title,
            "organisation": organisation.name,
            "theme": theme.code,
            "title": idea.title,
        },
    )
    return idea


def _require_coordinator(actor: User, agreement_id: int) -> None:
    require(rules.is_coordinator(actor, agreement_id), _("Only the coordination team does this."))


@transaction.atomic
def idea_comment(*, idea: Idea, body: str, actor: User) -> IdeaComment:
    _require_coordinator(actor, idea.agreement_id)
    if not body.strip():
        raise ValidationError({"body": _("Write the comment.")})
    comment = IdeaComment.objects.create(idea=idea, author=actor, body=body.strip())
    audit_record(actor=_actor(actor), action="idea.commented", obj=idea, after={"comment": comment.body})
    return comment


def _same_agreement(idea: Idea, other: Idea) -> None:
    if other.pk == idea.pk:
        raise ValidationError(_("An idea cannot be linked to or merged into itself."))
    if other.agreement_id != idea.agreement_id:
        raise ValidationError(_("The ideas belong to different agreements."))


@transaction.atomic
def idea_link(*, idea: Idea, other: Idea, actor: User, note: str = "") -> Idea:
    """Mark two ideas as related (both ways), with an audit entry on each."""
    _require_coordinator(actor, idea.agreement_id)
    _same_agreement(idea, other)
    if idea.related.filter(pk=other.pk).exists():
        return idea
    idea.related.add(other)
    for obj, to in ((idea, other), (other, idea)):
        audit_record(
            actor=_actor(actor),
            action="idea.linked",
            obj=obj,
            after={"related": to.title, "related_id": to.pk},
            note=note,
        )
    return idea


@transaction.atomic
def idea_unlink(*, idea: Idea, other: Idea, actor: User) -> Idea:
    _require_coordinator(actor, idea.agreement_id)
    if not idea.related.filter(pk=other.pk).exists():
        return idea
    idea.related.remove(other)
    for obj, to in ((idea, other), (other, idea)):
        audit_record(
            actor=_actor(actor),
            action="idea.unlinked",
            obj=obj,
            before={"related": to.title, "related_id": to.pk},
        )
    return idea


@transaction.atomic
def idea_merge(*, idea: Idea, into: Idea, actor: User, note: str = "") -> Idea:
    """Merge a duplicate into the idea that is kept. The duplicate stays, with status "merged" and a pointer
    to the kept one, so that its history remains; both get an audit entry."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    into = Idea.objects.select_for_update().get(pk=into.pk)
    _require_coordinator(actor, idea.agreement_id)
    _same_agreement(idea, into)
    if into.status == IdeaStatus.MERGED:
        raise ValidationError(
            _("“%(title)s” has itself been merged; merge into the idea it was merged into.")
            % {"title": into.title}
        )
    transition = _take(IDEA_WORKFLOW, idea, IdeaStatus.MERGED, actor)
    before = {"status": idea.status, "merged_into": None}
    idea.status, idea.merged_into = transition.target, into
    idea.save(update_fields=["status", "merged_into"])
    idea.related.add(into)
    audit_record(
        actor=_actor(actor),
        action="idea.merged",
        obj=idea,
        before=before,
        after={"status": idea.status, "merged_into": into.title, "merged_into_id": into.pk},
        note=note,
    )
    audit_record(
        actor=_actor(actor),
        action="idea.merged_in",
        obj=into,
        after={"merged": idea.title, "merged_id": idea.pk},
        note=note,
    )
    return idea


def applicants_of(organisation_id: int, agreement_id: int | None) -> list[User]:
    """The users who act for an organisation as applicants in this agreement (or in every agreement)."""
    from django.db.models import Q

    return list(
        User.objects.filter(
            Q(role_assignments__agreement_id=agreement_id) | Q(role_assignments__agreement__isnull=True),
            role_assignments__role=Role.APPLICANT,
            role_assignments__organisation_id=organisation_id,
            is_active=True,
        ).distinct()
    )


@transaction.atomic
def idea_invite(*, idea: Idea, actor: User, note: str = "") -> Idea:
    """Invite an idea to become a full proposal; its organisation's applicants are told by e-mail."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=idea.pk)
    transition = _take(IDEA_WORKFLOW, idea, IdeaStatus.INVITED, actor)
    before = idea.status
    idea.status = transition.target
    idea.save(update_fields=["status"])
    audit_record(
        actor=_actor(actor),
        action=transition.action,
        obj=idea,
        before={"status": before},
        after={"status": idea.status},
        note=note,
    )
    notify(
        event=Event.INVITATION_TO_PROPOSE,
        to=applicants_of(idea.organisation_id, idea.agreement_id),
        obj=idea,
        url=lambda: reverse("pipeline:idea_detail", args=[idea.pk]),
        context={"note": note},
    )
    return idea


@transaction.atomic
def idea_transition(*, idea: Idea, to_status: str, actor: User, note: str = "") -> Idea:
    """Other idea steps of the workflow table (e.g. not taken forward)."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    transition = _take(IDEA_WORKFLOW, idea, to_status, actor)
    if transition.service_only:
        raise ValidationError(_("This step has its own action."))
    _move(idea, transition, actor, note)
    return idea
