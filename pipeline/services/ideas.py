"""Write-services of ideas: submit, comment, link, merge, invite to propose, other workflow steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.notifications import Event, notify
from accounts.permissions import can, holders
from audit.services import audit_record
from pipeline import rules
from pipeline.models import (
    Call,
    CallStatus,
    Idea,
    IdeaComment,
    IdeaStatus,
)
from pipeline.workflows import IDEA_WORKFLOW

if TYPE_CHECKING:
    from partners.models import Organisation
    from programme.models import Theme
from pipeline.services.common import _actor, _move, _now, _take, _today


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
    require(bool(can(actor, "idea.manage", agreement_id)), _("Only the coordination team does this."))


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
    """The users who submit ideas for an organisation in this agreement (``idea.submit``)."""
    return list(
        User.objects.filter(
            holders("idea.submit", agreement_id, [organisation_id]), is_active=True
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
