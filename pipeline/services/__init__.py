"""Write-services of the pipeline: calls for ideas, ideas, proposals and their money plans.

Each is a keyword-only function ``<entity>_<action>(*, ..., actor)`` that checks who may act (deny by
default: ``PermissionDenied``), refuses bad input with a ``ValidationError`` that names the row, the field
and the reason, saves only what changed and writes the audit entry in the same transaction. Views, the
API and commands call these and hold no business rules of their own.

Other parts of Salkku move proposals on through ``proposal_transition`` only: the workflow table
(``pipeline.workflows``) says who may take which transition.

The services live in ``calls``, ``ideas`` and ``proposals`` (what they share in ``common``); every public
name is importable from ``pipeline.services``.
"""

from pipeline.services.calls import CALL_FIELDS, call_create, call_transition, call_update
from pipeline.services.ideas import (
    applicants_of,
    idea_comment,
    idea_invite,
    idea_link,
    idea_merge,
    idea_submit,
    idea_transition,
    idea_unlink,
)
from pipeline.services.proposals import (
    PROPOSAL_FIELDS,
    PROPOSAL_SETS,
    PartnerIn,
    ProposalNotValid,
    default_dates,
    proposal_check,
    proposal_create,
    proposal_create_from_idea,
    proposal_set_budget,
    proposal_set_financing,
    proposal_set_partners,
    proposal_set_targets,
    proposal_submit,
    proposal_transition,
    proposal_update,
)

__all__ = [
    "CALL_FIELDS",
    "PROPOSAL_FIELDS",
    "PROPOSAL_SETS",
    "PartnerIn",
    "ProposalNotValid",
    "applicants_of",
    "call_create",
    "call_transition",
    "call_update",
    "default_dates",
    "idea_comment",
    "idea_invite",
    "idea_link",
    "idea_merge",
    "idea_submit",
    "idea_transition",
    "idea_unlink",
    "proposal_check",
    "proposal_create",
    "proposal_create_from_idea",
    "proposal_set_budget",
    "proposal_set_financing",
    "proposal_set_partners",
    "proposal_set_targets",
    "proposal_submit",
    "proposal_transition",
    "proposal_update",
]
