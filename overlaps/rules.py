"""Who sees and does what with overlaps, from the permission table (accounts.permissions): everything else asks here,
and the visibility of each similar item comes from the item's own ``visible_to`` (accounts.access)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.permissions import agreements_for, can

if TYPE_CHECKING:
    from accounts.models import User


def can_review(user: User, agreement_id: int | None) -> bool:
    """The overlap report and double-funding flags (``overlaps.report``)."""
    return bool(can(user, "overlaps.report", agreement_id))


def sees_all_similar(user: User, agreement_id: int | None) -> bool:
    """Every similar idea and proposal on an item's page (``overlaps.see_all_similar``); everyone else who
    can open the page sees public projects only."""
    return bool(can(user, "overlaps.see_all_similar", agreement_id))


def review_agreements(user: User) -> list[int] | None:
    """The agreements whose report and flags the user reviews; None means every agreement."""
    ids = agreements_for(user, "overlaps.report")
    return None if ids is None else sorted(ids)
