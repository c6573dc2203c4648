"""Paid money, named once: a payment claim's paid amount counts from its payment date on.

The monitoring pages (``monitoring.health``) and the annual report (``reports.data``) read paid money
through these two, so that a change to what counts as paid is made here.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from progress.models import PaymentClaim


def is_paid_by(claim: PaymentClaim, as_of: dt.date) -> bool:
    """The claim was paid on or before ``as_of`` (a claim not yet paid counts nowhere)."""
    return claim.paid is not None and claim.paid_on is not None and claim.paid_on <= as_of


def paid_claims(claims: QuerySet[PaymentClaim], as_of: dt.date) -> QuerySet[PaymentClaim]:
    """The claims of ``claims`` paid on or before ``as_of``: the database side of :func:`is_paid_by`."""
    return claims.filter(paid__isnull=False, paid_on__isnull=False, paid_on__lte=as_of)
