"""Who sees and does what with overlaps. The only place this app names roles: everything else asks here,
and the visibility of each similar item comes from the item's own ``visible_to`` (accounts.access)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.access import agreements_with_role, has_agreement_role
from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User

# The coordination team reviews clusters and flags; with the steering group it sees every similar
# idea and proposal on an item's page. Everyone else who can open the page sees public projects only.
_REVIEWERS = (Role.COORDINATOR,)
_SEE_ALL = (Role.COORDINATOR, Role.STEERING_GROUP)


def can_review(user: User, agreement_id: int | None) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or has_agreement_role(user, agreement_id, *_REVIEWERS))
    )


def sees_all_similar(user: User, agreement_id: int | None) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or has_agreement_role(user, agreement_id, *_SEE_ALL))
    )


def review_agreements(user: User) -> list[int] | None:
    """The agreements whose report and flags the user reviews; None means every agreement."""
    if user.is_authenticated and user.is_superuser:
        return None
    return agreements_with_role(user, *_REVIEWERS)
