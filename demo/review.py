"""Demo review: every call of the demo gets the steering group's six criteria and weights, and the proposals
that went through review get the demo reviewers' reviews and scores from the plan (demo.generator, demo.plan), so that
the review summaries and decision support have something to work from. Demo mode only (called by the demo
writer)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from accounts.models import User
from demo.catalogue import DEMO_CRITERIA
from demo.plan import DemoPlanError, ProposalPlan
from pipeline.models import Call, Proposal
from review.models import Criterion, Review, ReviewStatus, Score
from review.workflow import organisations_of_reviewer


def add_review_criteria(calls: Iterable[Call]) -> int:
    """Create the criteria of each call (the demo's calls are new, so none exist yet); returns how many."""
    criteria = [
        Criterion(call=call, name=name, description=description, weight=Decimal(weight), order=order)
        for call in calls
        for order, (name, description, weight) in enumerate(DEMO_CRITERIA)
    ]
    Criterion.objects.bulk_create(criteria)
    return len(criteria)


def add_reviews(
    pairs: Sequence[tuple[ProposalPlan, Proposal]],
    *,
    organisations: Mapping[str, int],
    assigned_by: User,
) -> tuple[list[Review], list[Score]]:
    """Store the planned reviews of the proposals (bulk inserts): the reviewers are demo users by username,
    the scores follow the order of the call's criteria. A reviewer acting for an organisation of the
    consortium is refused, as the review app refuses it (a bug of the plan if it happens)."""
    usernames = sorted({r.reviewer for p, _ in pairs for r in p.reviews})
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = [name for name in usernames if name not in users]
    if missing:
        raise DemoPlanError(f"the demo reviewers {', '.join(missing)} do not exist (see demo.users)")
    acts_for = {name: organisations_of_reviewer(user) for name, user in users.items()}
    call_ids = {pr.call_id for p, pr in pairs if p.reviews and pr.call_id is not None}
    criteria: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(call_id__in=call_ids).order_by("call_id", "order", "pk"):
        criteria.setdefault(criterion.call_id, []).append(criterion)
    reviews: list[Review] = []
    planned = []
    for p, proposal in pairs:
        consortium = {organisations[x.org] for x in p.partners}
        for r in p.reviews:
            if acts_for[r.reviewer] & consortium:
                raise DemoPlanError(
                    f"{r.reviewer} would review {p.title!r}, a proposal of their organisation"
                )
            reviews.append(
                Review(
                    proposal=proposal,
                    reviewer=users[r.reviewer],
                    status=ReviewStatus.SUBMITTED if r.submitted_at else ReviewStatus.ASSIGNED,
                    assigned_by=assigned_by,
                    submitted_at=r.submitted_at,
                )
            )
            planned.append((r, proposal))
    Review.objects.bulk_create(reviews, batch_size=500)
    # assigned_at is automatic; the demo's dates are set afterwards.
    for review, (r, _) in zip(reviews, planned, strict=True):
        review.assigned_at = r.assigned_at
    Review.objects.bulk_update(reviews, ["assigned_at"], batch_size=500)
    scores = []
    for review, (r, proposal) in zip(reviews, planned, strict=True):
        of_call = criteria.get(proposal.call_id, []) if proposal.call_id is not None else []
        if r.scores and len(r.scores) != len(of_call):
            raise DemoPlanError(
                f"the call of {proposal.title!r} has {len(of_call)} criteria, not {len(r.scores)}"
            )
        scores += [
            Score(review=review, criterion=criterion, value=value, comment=comment)
            for criterion, (value, comment) in zip(of_call, r.scores, strict=False)
        ]
    Score.objects.bulk_create(scores, batch_size=1000)
    return reviews, scores
