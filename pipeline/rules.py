"""Who may see and change what in the pipeline. Deny by default; services, pages and the API all ask here.

A staff role with no agreement covers every agreement; an applicant acts for the organisations of their
role assignments (``accounts.access.organisations_of``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet

from accounts.access import has_agreement_role, organisations_of
from accounts.models import Role
from pipeline.models import CallStatus, PartnerRole
from pipeline.workflows import EDITABLE_PROPOSAL_STATES

if TYPE_CHECKING:
    from accounts.models import User
    from pipeline.models import Call, Idea, Proposal

Q_T = TypeVar("Q_T", bound=QuerySet)

# Roles that see everything of their agreement's pipeline (calls, ideas, proposals).
AGREEMENT_STAFF = (
    Role.COORDINATOR,
    Role.STEERING_GROUP,
    Role.REVIEWER,
    Role.FUNDING_AUTHORITY,
    Role.MINISTRY,
)


def _assignments(user: User) -> list:
    if not user.is_authenticated:
        return []
    return list(user.role_assignments.all())


def call_visibility(qs: Q_T, user: User) -> Q_T:
    if user.is_authenticated and user.is_superuser:
        return qs
    condition = Q(pk__in=[])
    published = ~Q(status=CallStatus.DRAFT)
    for a in _assignments(user):
        where = Q() if a.agreement_id is None else Q(agreement_id=a.agreement_id)
        if a.role == Role.COORDINATOR:
            condition |= where
        elif a.role in AGREEMENT_STAFF or a.role == Role.APPLICANT:
            condition |= where & published
    return qs.filter(condition)


def idea_visibility(qs: Q_T, user: User) -> Q_T:
    if user.is_authenticated and user.is_superuser:
        return qs
    condition = Q(pk__in=[])
    for a in _assignments(user):
        if a.role in AGREEMENT_STAFF:
            condition |= Q() if a.agreement_id is None else Q(agreement_id=a.agreement_id)
        elif a.role == Role.APPLICANT and a.organisation_id:
            condition |= Q(organisation_id=a.organisation_id)
    return qs.filter(condition)


def is_coordinator(user: User, agreement_id: int | None) -> bool:
    return has_agreement_role(user, agreement_id, Role.COORDINATOR)


def applicant_agreements(user: User) -> set[int | None]:
    """The agreements the user applies in as an applicant (None: every agreement)."""
    return {a.agreement_id for a in _assignments(user) if a.role == Role.APPLICANT}


def can_submit_idea(user: User, call: Call, organisation_id: int) -> bool:
    wanted = applicant_agreements(user)
    in_agreement = None in wanted or call.agreement_id in wanted
    return in_agreement and organisation_id in organisations_of(user)


def acts_for_idea(user: User, idea: Idea) -> bool:
    return idea.organisation_id in organisations_of(user)


def consortium_ids(proposal: Proposal) -> set[int]:
    """The lead and the partners (associated partners have no budget and do not edit)."""
    return {
        p.organisation_id
        for p in proposal.partners.all()
        if p.role in (PartnerRole.LEAD, PartnerRole.PARTNER)
    }


def acts_for_proposal(user: User, proposal: Proposal) -> bool:
    return bool(organisations_of(user) & consortium_ids(proposal))


def can_edit_proposal(user: User, proposal: Proposal) -> bool:
    return proposal.status in EDITABLE_PROPOSAL_STATES and acts_for_proposal(user, proposal)
