"""Who may see and change what in the pipeline. Deny by default; services, pages and the API all ask here.

Every answer comes from the permission table (``accounts.permissions``): this module names no role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet

from accounts.permissions import Target, agreements_for, can, organisations_for
from pipeline.models import CallStatus, PartnerRole
from pipeline.workflows import EDITABLE_PROPOSAL_STATES

if TYPE_CHECKING:
    from accounts.models import User
    from pipeline.models import Call, Idea, Proposal

Q_T = TypeVar("Q_T", bound=QuerySet)


def call_visibility(qs: Q_T, user: User) -> Q_T:
    """Calls: published ones where ``call.read`` is allowed, every one where ``call.read_draft`` is."""
    if not user.is_authenticated:
        return qs.none()
    drafts = agreements_for(user, "call.read_draft")
    if drafts is None:
        return qs
    published = agreements_for(user, "call.read")
    condition = Q(agreement_id__in=drafts)
    if published is None:
        condition |= ~Q(status=CallStatus.DRAFT)
    elif published:
        condition |= Q(agreement_id__in=published) & ~Q(status=CallStatus.DRAFT)
    return qs.filter(condition)


def idea_visibility(qs: Q_T, user: User) -> Q_T:
    """Ideas: every one of the agreements where ``idea.read`` is allowed, and the organisation's own."""
    if not user.is_authenticated:
        return qs.none()
    every = agreements_for(user, "idea.read")
    if every is None:
        return qs
    condition = Q(agreement_id__in=every)
    orgs = organisations_for(user, "idea.read")
    if orgs:
        condition |= Q(organisation_id__in=orgs)
    return qs.filter(condition)


def is_coordinator(user: User, agreement_id: int | None) -> bool:
    """Whether the user runs this agreement's calls and ideas (``call.manage``)."""
    return bool(can(user, "call.manage", agreement_id))


def can_submit_idea(user: User, call: Call, organisation_id: int) -> bool:
    target = Target(agreement_id=call.agreement_id, organisation_ids=frozenset({organisation_id}))
    return bool(can(user, "idea.submit", target))


def idea_organisations(user: User, agreement_id: int | None = None) -> set[int]:
    """The organisations the user submits ideas for (in this agreement)."""
    return organisations_for(user, "idea.submit", agreement_id)


def can_start_proposal(user: User, agreement_id: int, organisation_id: int) -> bool:
    target = Target(agreement_id=agreement_id, organisation_ids=frozenset({organisation_id}))
    return bool(can(user, "proposal.create", target))


def acts_for_idea(user: User, idea: Idea) -> bool:
    return bool(can(user, "proposal.create", idea))


def consortium_ids(proposal: Proposal) -> set[int]:
    """The lead and the partners (associated partners have no budget and do not edit)."""
    return {
        p.organisation_id
        for p in proposal.partners.all()
        if p.role in (PartnerRole.LEAD, PartnerRole.PARTNER)
    }


def consortium_target(proposal: Proposal) -> Target:
    return Target(agreement_id=proposal.agreement_id, organisation_ids=frozenset(consortium_ids(proposal)))


def acts_for_proposal(user: User, proposal: Proposal) -> bool:
    return bool(can(user, "proposal.edit", consortium_target(proposal)))


def can_edit_proposal(user: User, proposal: Proposal) -> bool:
    return proposal.status in EDITABLE_PROPOSAL_STATES and acts_for_proposal(user, proposal)
