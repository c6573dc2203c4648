"""Reads of monitoring for the API and lists: the payment claims a user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.permissions import agreements_for, organisations_for
from progress.models import PaymentClaim
from progress.services import can_see_progress


def claims_visible_to(user: User) -> list[PaymentClaim]:
    """The payment claims of the funded projects whose reports and claims the user sees
    (``progress.read``: the agreement's staff and the ministry, the consortium), newest period first.

    Narrowed in the database by the agreements and organisations the table grants, then checked claim
    by claim with the same rule as the claims page (:func:`progress.services.can_see_progress`)."""
    qs: QuerySet[PaymentClaim] = PaymentClaim.objects.filter(project__is_historical=False)
    every = agreements_for(user, "progress.read")
    if every is not None:
        condition = Q(project__agreement_id__in=every)
        orgs = organisations_for(user, "progress.read")
        if orgs:
            condition |= Q(project__lead_id__in=orgs) | Q(
                project__proposal__partners__organisation_id__in=orgs
            )
        qs = qs.filter(condition)
    claims = (
        qs.select_related("project", "filed_by", "approved_by", "paid_by")
        .prefetch_related("project__proposal__partners")
        .order_by("-period_start", "project_id", "fund", "id")
        .distinct()
    )
    seen: dict[int, bool] = {}
    visible = []
    for claim in claims:
        if claim.project_id not in seen:
            seen[claim.project_id] = can_see_progress(user, claim.project)
        if seen[claim.project_id]:
            visible.append(claim)
    return visible
