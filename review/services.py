"""Writes of the review: criteria, reviewer assignments, conflicts of interest and scores. Each checks who
may act, refuses a reviewer with a conflict of interest, and audits in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.notifications import Event, notify
from accounts.permissions import can
from audit.services import Actor, audit_record
from cores.scoring import MAX_SCORE, MIN_SCORE
from pipeline.models import Call, Proposal, ProposalStatus
from review import conflicts
from review.models import ConflictDeclaration, Criterion, Review, ReviewStatus, Score
from review.selectors import criteria_of
from review.workflow import move_proposal

REVIEWABLE = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)


# --- who may do what (accounts.permissions) ---------------------------------------------------------


def can_manage_criteria(user: User, call: Call) -> bool:
    return bool(can(user, "criteria.manage", call.agreement_id))


def can_assign(user: User, proposal: Proposal) -> bool:
    return bool(can(user, "review.assign", proposal.agreement_id))


def can_see_reviews(user: User, agreement_id: int) -> bool:
    """Scores and the summary: the coordination team and the steering group (reviewers see their own)."""
    return bool(can(user, "review.read_all", agreement_id))


def is_eligible_reviewer(user: User, agreement_id: int) -> bool:
    return bool(can(user, "proposal.review", agreement_id))


def conflict_reason(*, reviewer: User, proposal: Proposal) -> str | None:
    """Why the person cannot review the proposal, or None (the rule is ``review.conflicts``)."""
    conflict = conflicts.of_person(reviewer, proposal)
    return conflict.reason if conflict else None


# --- criteria ---------------------------------------------------------------------------------------


@transaction.atomic
def criterion_save(
    *,
    call: Call,
    name: str,
    weight: Decimal,
    description: str = "",
    order: int = 0,
    criterion: Criterion | None = None,
    actor: User,
) -> Criterion:
    """Create a criterion of the call, or change one. Weights may be tuned while reviews run: the summary
    always uses the current weights, and every change is audited on the call."""
    require(
        can_manage_criteria(actor, call),
        _("Only the steering group or the coordination team sets the criteria."),
    )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    if weight is None or weight <= 0:
        raise ValidationError({"weight": _("The weight must be greater than zero.")})
    clash = Criterion.objects.filter(call=call, name__iexact=name)
    if criterion is not None:
        if criterion.call_id != call.pk:
            raise ValidationError(_("The criterion belongs to another call."))
        clash = clash.exclude(pk=criterion.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("The call already has a criterion named “%(name)s”.") % {"name": name}}
        )
    fields = {"name": name, "description": description, "weight": weight, "order": order}
    if criterion is None:
        criterion = Criterion.objects.create(call=call, **fields)
        audit_record(actor=Actor(user=actor), action="criterion.created", obj=criterion, after=_plain(fields))
        audit_record(actor=Actor(user=actor), action="criterion.created", obj=call, after=_plain(fields))
        return criterion
    before = {k: getattr(criterion, k) for k in fields}
    changed = [k for k, v in fields.items() if before[k] != v]
    if changed:
        for k in changed:
            setattr(criterion, k, fields[k])
        criterion.save(update_fields=changed)
        change = ({k: before[k] for k in changed}, {k: fields[k] for k in changed})
        for obj in (criterion, call):
            audit_record(
                actor=Actor(user=actor),
                action="criterion.changed",
                obj=obj,
                before=_plain({"name": before["name"], **change[0]}),
                after=_plain(change[1]),
            )
    return criterion


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {k: str(v.quantize(Decimal("0.01"))) if isinstance(v, Decimal) else v for k, v in values.items()}


# --- assignments and conflicts ----------------------------------------------------------------------


@transaction.atomic
def review_assign(*, proposal: Proposal, reviewer: User, actor: User, override_reason: str = "") -> Review:
    """The coordinator assigns a reviewer; a reviewer with a conflict of interest (from the consortium,
    or declared) is refused unless the coordinator overrides it with a reason (``review.conflicts``),
    which is kept on the review and audited. The first assignment starts the review of a submitted
    proposal."""
    require(can_assign(actor, proposal), _("Only the coordination team assigns reviewers."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in REVIEWABLE:
        raise ValidationError(
            _("A proposal that is “%(status)s” cannot be given reviewers.")
            % {"status": proposal.get_status_display()}
        )
    if proposal.call_id is None:
        raise ValidationError(_("The proposal belongs to no call, so it has no review criteria."))
    if not is_eligible_reviewer(reviewer, proposal.agreement_id):
        raise ValidationError(
            {
                "reviewer": _("%(user)s is neither a reviewer nor a steering-group member of this agreement.")
                % {"user": reviewer.get_username()}
            }
        )
    if Review.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise ValidationError(
            {"reviewer": _("%(user)s already reviews this proposal.") % {"user": reviewer.get_username()}}
        )
    override = conflicts.guard(
        conflict=conflicts.of_person(reviewer, proposal),
        proposal=proposal,
        actor=actor,
        decision="review.assigned",
        field="reviewer",
        override_reason=override_reason,
    )
    review = Review.objects.create(
        proposal=proposal,
        reviewer=reviewer,
        assigned_by=actor,
        conflict_override=override.reason if override else "",
    )
    conflicts.record_override(override, actor=actor, obj=review)
    # Who reviews and how they score is recorded on the review; the proposal's feed, which its
    # applicants read, says only that a review step happened.
    audit_record(
        actor=Actor(user=actor),
        action="review.assigned",
        obj=review,
        after={"reviewer": reviewer.get_username(), "proposal": proposal.title},
    )
    audit_record(
        actor=Actor(user=actor),
        action="review.assigned",
        obj=proposal,
        after={"reviewers": Review.objects.filter(proposal=proposal).count()},
    )
    if proposal.status == ProposalStatus.SUBMITTED:
        move_proposal(
            proposal=proposal,
            to_status=ProposalStatus.IN_REVIEW,
            actor=actor,
            note=_("The first reviewer was assigned."),
        )
    notify(
        event=Event.REVIEW_ASSIGNED,
        to=[reviewer],
        obj=proposal,
        url=lambda: reverse("review:review_score", args=[review.pk]),
    )
    return review


@transaction.atomic
def conflict_declare(*, reviewer: User, proposal: Proposal, reason: str, actor: User) -> ConflictDeclaration:
    """A reviewer declares a conflict of interest (or the coordinator records one for them). It blocks
    assignment and scoring; an existing assignment is withdrawn, with its scores, from the summary."""
    require(
        (actor.pk == reviewer.pk and bool(can(reviewer, "conflict.declare", proposal)))
        or can_assign(actor, proposal),
        _(
            "A conflict is declared by a reviewer, a steering-group member or the funding authority of "
            "the agreement, or recorded by the coordination team."
        ),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    if ConflictDeclaration.objects.filter(reviewer=reviewer, proposal=proposal).exists():
        raise ValidationError(
            {"reason": _("A conflict of interest has already been declared for this proposal.")}
        )
    declaration = ConflictDeclaration.objects.create(
        reviewer=reviewer, proposal=proposal, reason=reason, declared_by=actor
    )
    audit_record(
        actor=Actor(user=actor),
        action="review.conflict_declared",
        obj=declaration,
        after={"reviewer": reviewer.get_username(), "proposal": proposal.title, "reason": reason},
    )
    audit_record(actor=Actor(user=actor), action="review.conflict_declared", obj=proposal)
    for review in Review.objects.filter(proposal=proposal, reviewer=reviewer).prefetch_related(
        "scores__criterion"
    ):
        audit_record(actor=Actor(user=actor), action="review.withdrawn", obj=proposal)
        audit_record(
            actor=Actor(user=actor),
            action="review.withdrawn",
            obj=review,
            before={
                "reviewer": reviewer.get_username(),
                "status": review.status,
                **{s.criterion.name: s.value for s in review.scores.all()},
            },
            note=_("Withdrawn because of the declared conflict of interest."),
        )
        review.delete()
    return declaration


# --- scoring ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreIn:
    value: int
    comment: str = ""


@transaction.atomic
def review_submit(*, review: Review, scores: Mapping[int, ScoreIn], actor: User) -> Review:
    """The reviewer scores every criterion of the call 1–5 with a comment; may change them while the
    proposal is in review. A conflict of interest found now refuses the scores."""
    require(actor.pk == review.reviewer_id, _("Only the assigned reviewer scores a review."))
    review = Review.objects.select_for_update(of=("self",)).select_related("proposal").get(pk=review.pk)
    proposal = review.proposal
    conflict = conflicts.of_person(actor, proposal)
    # An assignment the coordination team made despite the conflict, with its reason, stands.
    require(conflict is None or bool(review.conflict_override), conflict.reason if conflict else "")
    if proposal.status != ProposalStatus.IN_REVIEW:
        raise ValidationError(
            _("The proposal is “%(status)s”; scores can be given only while it is in review.")
            % {"status": proposal.get_status_display()}
        )
    criteria = criteria_of(proposal.call_id)
    if not criteria:
        raise ValidationError(_("The call has no review criteria yet."))
    errors: dict[str, list[str]] = {}
    known = {c.pk for c in criteria}
    for pk in scores:
        if pk not in known:
            errors.setdefault("__all__", []).append(
                _("Criterion %(pk)s is not a criterion of this call.") % {"pk": pk}
            )
    for criterion in criteria:
        given = scores.get(criterion.pk)
        key = f"criterion_{criterion.pk}"
        if given is None:
            errors.setdefault(key, []).append(_("Score “%(name)s” from 1 to 5.") % {"name": criterion.name})
        elif not isinstance(given.value, int) or not MIN_SCORE <= given.value <= MAX_SCORE:
            errors.setdefault(key, []).append(
                _("“%(name)s”: the score %(value)s must be a whole number from 1 to 5.")
                % {"name": criterion.name, "value": given.value}
            )
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in review.scores.all()}
    before = {c.name: [existing[c.pk].value, existing[c.pk].comment] for c in criteria if c.pk in existing}
    after = {c.name: [scores[c.pk].value, scores[c.pk].comment.strip()] for c in criteria}
    for criterion in criteria:
        given = scores[criterion.pk]
        score = existing.get(criterion.pk)
        if score is None:
            Score.objects.create(
                review=review, criterion=criterion, value=given.value, comment=given.comment.strip()
            )
        elif (score.value, score.comment) != (given.value, given.comment.strip()):
            score.value, score.comment = given.value, given.comment.strip()
            score.save(update_fields=["value", "comment"])
    first = review.status != ReviewStatus.SUBMITTED
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["status", "submitted_at"])
    action = "review.submitted" if first else "review.changed"
    audit_record(actor=Actor(user=actor), action=action, obj=review, before=before, after=after)
    audit_record(
        actor=Actor(user=actor),
        action=action,
        obj=proposal,
        after={"submitted": Review.objects.filter(proposal=proposal).submitted().count()},
    )
    return review
