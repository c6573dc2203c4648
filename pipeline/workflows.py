"""The pipeline's workflows as data: states are the models' TextChoices, and each transition is declared
here once, with the roles that may take it. Services look transitions up here; nothing else decides who
may move a call, an idea or a proposal from one state to another.

``CONSORTIUM`` is not a role of its own: it stands for an applicant who acts for the proposal's lead or
one of its partners (``accounts.access.organisations_of``), or, for an idea, for the idea's organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from pipeline.models import CallStatus, IdeaStatus, ProposalStatus

if TYPE_CHECKING:
    from accounts.models import User

CONSORTIUM = "consortium"
# The steering group decides at its meeting; the coordination team, as its secretary, may record it.
STEERING_DECISION = [Role.STEERING_GROUP, Role.COORDINATOR]


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    action: str  # the audit action written when it is taken
    label: Any  # what the button says
    service_only: bool = False  # taken only through its own service (it validates or creates more)


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: tuple[Transition, ...]

    def find(self, source: str, target: str) -> Transition | None:
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def from_state(self, source: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == source]


def _t(source: str, target: str, roles: Iterable[str], action: str, label: Any, **kw: Any) -> Transition:
    return Transition(str(source), str(target), frozenset(str(r) for r in roles), action, label, **kw)


S = ProposalStatus
PROPOSAL_WORKFLOW = Workflow(
    "proposal",
    (
        _t(S.DRAFT, S.SUBMITTED, [CONSORTIUM], "proposal.submitted", _("Submit"), service_only=True),
        _t(S.RETURNED, S.SUBMITTED, [CONSORTIUM], "proposal.resubmitted", _("Resubmit"), service_only=True),
        _t(
            S.SUBMITTED,
            S.IN_REVIEW,
            [Role.COORDINATOR, Role.REVIEWER],
            "proposal.review_started",
            _("Start review"),
        ),
        _t(
            S.IN_REVIEW,
            S.PRESENTED,
            STEERING_DECISION,
            "proposal.presented",
            _("Present to the funding authority"),
        ),
        _t(S.IN_REVIEW, S.RETURNED, STEERING_DECISION, "proposal.returned", _("Return for changes")),
        _t(S.IN_REVIEW, S.REJECTED, STEERING_DECISION, "proposal.rejected", _("Reject")),
        _t(S.PRESENTED, S.FUNDED, [Role.FUNDING_AUTHORITY], "proposal.funded", _("Fund")),
        _t(S.PRESENTED, S.REJECTED, [Role.FUNDING_AUTHORITY], "proposal.rejected", _("Reject")),
        _t(S.DRAFT, S.WITHDRAWN, [CONSORTIUM], "proposal.withdrawn", _("Withdraw")),
        _t(S.RETURNED, S.WITHDRAWN, [CONSORTIUM], "proposal.withdrawn", _("Withdraw")),
        _t(S.SUBMITTED, S.WITHDRAWN, [CONSORTIUM], "proposal.withdrawn", _("Withdraw")),
    ),
)

IS = IdeaStatus
IDEA_WORKFLOW = Workflow(
    "idea",
    (
        _t(
            IS.SUBMITTED,
            IS.INVITED,
            [Role.COORDINATOR],
            "idea.invited",
            _("Invite to propose"),
            service_only=True,
        ),
        _t(IS.SUBMITTED, IS.MERGED, [Role.COORDINATOR], "idea.merged", _("Merge"), service_only=True),
        _t(IS.INVITED, IS.MERGED, [Role.COORDINATOR], "idea.merged", _("Merge"), service_only=True),
        _t(IS.SUBMITTED, IS.DECLINED, [Role.COORDINATOR], "idea.declined", _("Do not take forward")),
    ),
)

C = CallStatus
CALL_WORKFLOW = Workflow(
    "call",
    (
        _t(C.DRAFT, C.OPEN, [Role.COORDINATOR], "call.opened", _("Open the call")),
        _t(C.OPEN, C.CLOSED, [Role.COORDINATOR], "call.closed", _("Close the call")),
        _t(C.CLOSED, C.OPEN, [Role.COORDINATOR], "call.reopened", _("Reopen the call")),
    ),
)

# A proposal's applicants may change it only in these states.
EDITABLE_PROPOSAL_STATES = frozenset({ProposalStatus.DRAFT.value, ProposalStatus.RETURNED.value})


def may_take(
    transition: Transition, user: User, *, agreement_id: int | None, consortium: Iterable[int] = ()
) -> bool:
    """Whether the user holds one of the transition's roles for this object (deny by default)."""
    from accounts.access import has_agreement_role, organisations_of

    if not user.is_authenticated:
        return False
    staff = [r for r in transition.roles if r != CONSORTIUM]
    if staff and has_agreement_role(user, agreement_id, *staff):
        return True
    return CONSORTIUM in transition.roles and bool(organisations_of(user) & set(consortium))
