"""Readable names for audit actions. An action is ``<entity>.<verb>`` (e.g. ``proposal.submitted``); the
feed shows the known ones in the reader's language and any other one as written."""

from __future__ import annotations

from django.db.models import Q
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
    "conflict.overridden": _("Conflict of interest overridden"),
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
    "progress_schedule.set": _("Reporting schedule set"),
    "test_environment.created": _("Test environment added"),
    "test_environment.updated": _("Test environment edited"),
    "test_environment.retired": _("Test environment retired"),
    "adoption.recorded": _("Adoption recorded"),
    "adoption.withdrawn": _("Adoption withdrawn"),
    "progress_report.saved": _("Progress report edited"),
    "progress_report.imported": _("Figures imported from a spreadsheet"),
    "spreadsheet.imported": _("Spreadsheet imported"),
    "progress_report.submitted": _("Progress report submitted"),
    "progress_report.resubmitted": _("Progress report resubmitted"),
    "progress_report.returned": _("Progress report returned for changes"),
    "progress_report.approved": _("Progress report approved"),
    "progress_report.reminded": _("Reminded of a progress report"),
    "payment_claim.filed": _("Payment claim filed"),
    "payment_claim.approved": _("Payment claim approved"),
    "payment_claim.paid": _("Payment recorded"),
    "target.added": _("Target set"),
    "target.removed": _("Target removed"),
    "monitoring_rules.changed": _("Status rules changed"),
    "user.second_factor_enabled": _("Second factor set up"),
    "user.created_by_sso": _("Account created at single sign-on"),
    "review.changed": _("Review changed"),
    "demo_data.create": _("Demo data created"),
    "demo_data.reset": _("Demo data removed"),
    "demo_user.ensure": _("Demo user created or updated"),
    "overlap_cluster.reviewed": _("Overlap cluster reviewed"),
    "risk_flag.dismissed": _("Double-funding risk flag dismissed"),
    "annual_report.created": _("Annual report requested"),
    "annual_report.requeued": _("Annual report requested again"),
    "annual_report.stored": _("Annual report made"),
    "annual_report.unchanged": _("Annual report unchanged"),
    "change_request.decided": _("Change request decided"),
    "person.erased": _("Personal data erased"),
    "user.erased": _("User's personal data erased"),
}

# The agreement loader writes ``<app>.<model>.<verb>`` (programme/loading/writer.py): the model's name and
# one of these verbs.
VERB_LABELS = {
    "created": _("added"),
    "updated": _("changed"),
    "deleted": _("removed"),
    "money_changed": _("money changed"),
}

# Keys of the recorded values that are no model field of the entry's object.
FIELD_LABELS = {
    "roles_removed": _("roles removed"),
    "erased_on": _("erased on"),
    "period": _("period"),
    "to": _("to"),
    "due_on": _("due date"),
    "meeting": _("meeting"),
    "partners": _("partners"),
    "budget": _("budget"),
    "financing": _("financing plan"),
    "targets": _("indicator targets"),
    "scores": _("scores"),
    "version": _("version"),
    "role": _("role"),
    "created": _("created"),
    "organisation": _("organisation"),
    "second_factor": _("second factor"),
    "device": _("device"),
    # a funding decision's record (projects.services.funding_decision_record)
    "decided_on": _("decision date"),
    "eura_code": _("EURA code"),
    "conditions": _("conditions"),
    "granted": _("granted"),
    "own_financing": _("own financing"),
    "eligible_costs": _("eligible costs"),
    # a progress report's content (progress.services.report_content)
    "narrative": _("narrative"),
    "spending": _("spending"),
    "indicators": _("indicators"),
    "milestones": _("milestones"),
    "risks": _("risks"),
    "solutions": _("adopted solutions"),
    # the demo's own record of what it built (salkku demo-data)
    "ideas": _("ideas"),
    "proposals": _("proposals"),
    "projects": _("projects"),
    "reviews": _("reviews"),
    "progress_reports": _("progress reports"),
    "payment_claims": _("payment claims"),
    "organisations_generated": _("organisations generated"),
    "seed": _("seed"),
    "committed": _("committed"),
}


def action_label(action: str) -> str:
    """The action in the reader's language: a known one, a loader's ``<app>.<model>.<verb>`` as "Fund:
    changed", any other as written."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    parts = action.split(".")
    if len(parts) == 3 and parts[2] in VERB_LABELS:
        from django.apps import apps

        try:
            model = apps.get_model(parts[0], parts[1].replace("_", ""))
        except (LookupError, ValueError):
            return action
        return f"{str(model._meta.verbose_name).capitalize()}: {VERB_LABELS[parts[2]]}"
    return action


# An entry's actor is recorded as a user name or, for a command run by an operator, as the command
# ("salkku report annual"). A user name has no space (Django's username validator), so a recorded actor
# that starts with the program's name and a space is a command. The personal-data command records its
# operator as "personal-data erase by <operator>".
COMMAND_PREFIX = "salkku "
_ERASE_PREFIX = "personal-data erase by "


def is_command(recorded: str) -> bool:
    return recorded.startswith(COMMAND_PREFIX) or recorded.startswith(_ERASE_PREFIX)


def actor_label(recorded: str) -> str:
    """A recorded actor as the reader sees it: a command named as what it is, in the reader's language
    (fi "Komentorivi: salkku report annual"); a user name as recorded."""
    if recorded.startswith(_ERASE_PREFIX):
        return str(_("Command line: %(command)s, run by %(operator)s")) % {
            "command": "salkku personal-data erase",
            "operator": recorded.removeprefix(_ERASE_PREFIX),
        }
    if recorded.startswith(COMMAND_PREFIX):
        return str(_("Command line: %(command)s")) % {"command": recorded}
    if recorded == "system":
        return str(_("System"))
    return recorded


def actor_query(text: str) -> Q:
    """The audit log's "Who" filter: the recorded actor contains the text, or the text is (part of) how a
    command actor is shown ("Komentorivi", "Komentorivi: salkku import")."""
    text = text.strip()
    words = str(_("Command line: %(command)s")).split("%(command)s")[0]
    query = Q(actor_label__icontains=text)
    if text and text.lower() in words.lower():
        query |= Q(actor_label__startswith=COMMAND_PREFIX) | Q(actor_label__startswith=_ERASE_PREFIX)
    elif text.lower().startswith(words.lower()) and words.strip():
        query |= Q(actor_label__icontains=text[len(words) :].strip())
    return query


# Codes of the domain vocabulary inside recorded values. A value under a nested key ("category" in a
# progress report's spending row: {"year": 2026, "category": "equipment", ...}) is a code, and so are the
# words of a composite key ("2026 equipment", "2026 equipment ERDF", "OWN Espoon kaupunki"). The audit
# trail records codes, never labels, so the log words them in the reader's language when it shows them.
# Each app registers its own choices in its ``AppConfig.ready`` (the audit app imports no domain app):
# ``register_codes("category", CostCategory.choices, in_keys=True)``.
VALUE_CODES: dict[str, dict[str, object]] = {}
KEY_CODES: dict[str, object] = {}
# Actions whose values read "<code>: <text>" ("lead: coordination"): the code's choices.
PREFIXED_VALUES: dict[str, dict[str, object]] = {}
# Nested keys that hold a database id beside a name that says the same ("organisation": 12 beside
# "organisation_name"): left out of what the log shows.
ID_KEYS = frozenset({"target", "organisation"})

# Nested keys of recorded rows that are no field name of the entry's object.
NESTED_LABELS = {
    "year": _("year"),
    "category": _("cost category"),
    "source": _("source"),
    "fund": _("fund"),
    "amount": _("amount"),
    "status": _("status"),
    "level": _("level"),
    "code": _("code"),
    "name": _("name"),
    "unit": _("unit"),
    "target_value": _("target"),
    "actual": _("actual"),
    "text": _("description"),
    "description": _("description"),
    "organisation_name": _("organisation"),
    "claimed": _("claimed"),
}


def register_codes(
    key: str, choices: object, *, in_keys: bool = False, prefixed_in: tuple[str, ...] = ()
) -> None:
    """Word ``choices`` (a model's ``TextChoices.choices``) wherever the audit log meets them: under the
    nested ``key``, as words of a composite key (``in_keys``), and as the "<code>: " prefix of the values
    of the actions ``prefixed_in``."""
    labels = dict(choices)  # type: ignore[call-overload]
    VALUE_CODES.setdefault(key, {}).update(labels)
    if in_keys:
        KEY_CODES.update(labels)
    for action in prefixed_in:
        PREFIXED_VALUES.setdefault(action, {}).update(labels)
