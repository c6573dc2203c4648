"""What review, steering-group decisions and funding decisions share about a proposal: moving it through
the workflow, and who its applicants are (for notifications)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import RoleAssignment, User
from accounts.permissions import holders

if TYPE_CHECKING:
    from pipeline.models import Proposal


def move_proposal(*, proposal: Proposal, to_status: str, actor: User, note: str = "") -> Proposal:
    """Every status change of a proposal goes through the pipeline's workflow (who may move it from
    which status to which), which also writes the audit entry."""
    from pipeline.services import proposal_transition

    return proposal_transition(proposal=proposal, to_status=to_status, actor=actor, note=note)


def consortium_ids(proposal: Proposal) -> set[int]:
    return {p.organisation_id for p in proposal.partners.all()}


def applicants_of(proposal: Proposal) -> list[User]:
    """The users who edit the proposal for an organisation of its consortium (``proposal.edit``)."""
    return list(
        User.objects.filter(
            holders("proposal.edit", proposal.agreement_id, consortium_ids(proposal)), is_active=True
        ).distinct()
    )


def organisations_of_reviewer(user: User) -> set[int]:
    """Every organisation the user acts for in any role: a reviewer from any of them is not impartial."""
    return set(
        RoleAssignment.objects.filter(user=user, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
