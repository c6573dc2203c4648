"""Readable names for audit actions. An action is ``<entity>.<verb>`` (e.g. ``proposal.submitted``); the
feed shows the known ones in the reader's language and any other one as written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "call.created": _("Call created"),
    "call.opened": _("Call opened"),
    "call.closed": _("Call closed"),
    "call.reopened": _("Call reopened"),
    "idea.submitted": _("Idea submitted"),
    "idea.commented": _("Comment added"),
    "idea.linked": _("Related ideas linked"),
    "idea.merged": _("Merged into another idea"),
    "idea.invited": _("Invited to propose"),
    "idea.declined": _("Not taken forward"),
    "proposal.created": _("Proposal started"),
    "proposal.updated": _("Proposal edited"),
    "proposal.submitted": _("Proposal submitted"),
    "proposal.resubmitted": _("Proposal resubmitted"),
    "proposal.review_started": _("Review started"),
    "proposal.presented": _("Presented to the funding authority"),
    "proposal.returned": _("Returned for changes"),
    "proposal.rejected": _("Rejected"),
    "proposal.funded": _("Funded"),
    "proposal.withdrawn": _("Withdrawn"),
    "review.assigned": _("Reviewer assigned"),
    "review.scored": _("Scores recorded"),
    "review.submitted": _("Review submitted"),
    "review.conflict_declared": _("Conflict of interest declared"),
    "decision.recorded": _("Decision recorded"),
    "funding_decision.recorded": _("Funding decision recorded"),
    "project.created": _("Project created"),
    "project.imported": _("Imported from EURA"),
    "project.updated": _("Project updated"),
    "call.updated": _("Call edited"),
    "idea.unlinked": _("Link between ideas removed"),
    "idea.merged_in": _("Another idea merged into this one"),
    "idea.proposal_created": _("Proposal started from the idea"),
    "proposal.consortium_changed": _("Consortium changed"),
    "proposal.budget_changed": _("Budget changed"),
    "proposal.financing_changed": _("Financing plan changed"),
    "proposal.targets_changed": _("Indicator targets changed"),
    "criterion.created": _("Criterion added"),
    "criterion.changed": _("Criterion changed"),
    "review.withdrawn": _("Reviewer withdrawn"),
    "meeting.created": _("Meeting created"),
    "scenario.created": _("Scenario created"),
    "scenario.chosen": _("Chosen as the basis of the decision"),
    "scenario.unchosen": _("No longer the basis of the decision"),
    "meeting.agenda_added": _("Added to the agenda"),
    "decision.city_position": _("City's position recorded"),
    "decision.made": _("Steering-group decision recorded"),
    "change_request.created": _("Change requested"),
    "change_request.approved": _("Change approved"),
    "change_request.rejected": _("Change rejected"),
    "user.second_factor_enabled": _("Second factor set up"),
    "user.created_by_sso": _("Account created at single sign-on"),
    "review.changed": _("Review changed"),
    "demo_data.create": _("Demo data created"),
    "demo_data.reset": _("Demo data removed"),
    "demo_user.ensure": _("Demo user created or updated"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
