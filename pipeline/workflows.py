"""The pipeline's workflows as data: states are the models' TextChoices, and each transition is declared
here once, with the action of the permission table (accounts.permissions) that allows taking it.
Services look transitions up here; nothing else decides who may move a call, an idea or a proposal from
one state to another, and no role is named here: an action granted to applicants for their
organisation (``proposal.submit``) is checked against the proposal's consortium.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from pipeline.models import CallStatus, IdeaStatus, ProposalStatus

if TYPE_CHECKING:
    from accounts.models import User

# The steering group decides at its meeting; the coordination team, as its secretary, may record it.
STEERING_DECISION = "proposal.steer"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str  # the action of accounts.permissions.ACTIONS that allows taking it
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


def _t(source: str, target: str, permission: str, action: str, label: Any, **kw: Any) -> Transition:
    return Transition(str(source), str(target), permission, action, label, **kw)


S = ProposalStatus
PROPOSAL_WORKFLOW = Workflow(
    "proposal",
    (
        _t(S.DRAFT, S.SUBMITTED, "proposal.submit", "proposal.submitted", _("Submit"), service_only=True),
        _t(
            S.RETURNED,
            S.SUBMITTED,
            "proposal.submit",
            "proposal.resubmitted",
            _("Resubmit"),
            service_only=True,
        ),
        _t(
            S.SUBMITTED,
            S.IN_REVIEW,
            "proposal.start_review",
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
        _t(S.PRESENTED, S.FUNDED, "proposal.decide", "proposal.funded", _("Fund")),
        _t(S.PRESENTED, S.REJECTED, "proposal.decide", "proposal.rejected", _("Reject")),
        _t(S.DRAFT, S.WITHDRAWN, "proposal.submit", "proposal.withdrawn", _("Withdraw")),
        _t(S.RETURNED, S.WITHDRAWN, "proposal.submit", "proposal.withdrawn", _("Withdraw")),
        _t(S.SUBMITTED, S.WITHDRAWN, "proposal.submit", "proposal.withdrawn", _("Withdraw")),
    ),
)

IS = IdeaStatus
IDEA_WORKFLOW = Workflow(
    "idea",
    (
        _t(
            IS.SUBMITTED,
            IS.INVITED,
            "idea.manage",
            "idea.invited",
            _("Invite to propose"),
            service_only=True,
        ),
        _t(IS.SUBMITTED, IS.MERGED, "idea.manage", "idea.merged", _("Merge"), service_only=True),
        _t(IS.INVITED, IS.MERGED, "idea.manage", "idea.merged", _("Merge"), service_only=True),
        _t(IS.SUBMITTED, IS.DECLINED, "idea.manage", "idea.declined", _("Do not take forward")),
    ),
)

C = CallStatus
CALL_WORKFLOW = Workflow(
    "call",
    (
        _t(C.DRAFT, C.OPEN, "call.manage", "call.opened", _("Open the call")),
        _t(C.OPEN, C.CLOSED, "call.manage", "call.closed", _("Close the call")),
        _t(C.CLOSED, C.OPEN, "call.manage", "call.reopened", _("Reopen the call")),
    ),
)

# A proposal's applicants may change it only in these states.
EDITABLE_PROPOSAL_STATES = frozenset({ProposalStatus.DRAFT.value, ProposalStatus.RETURNED.value})


def may_take(
    transition: Transition, user: User, *, agreement_id: int | None, consortium: Iterable[int] = ()
) -> bool:
    """Whether the permission table allows the user this transition for this object (deny by default):
    an agreement grant covers the object's agreement, an organisation grant one of ``consortium``."""
    from accounts.permissions import Target, can

    target = Target(agreement_id=agreement_id, organisation_ids=frozenset(consortium))
    return bool(can(user, transition.permission, target))
