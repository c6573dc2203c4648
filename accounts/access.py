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


# --- Object-level checks used by services and views (deny by default) -------------------------------


def has_agreement_role(user: User, agreement_id: int | None, *roles: str) -> bool:
    """True when the user holds one of ``roles`` in this agreement (a role with no agreement covers all)."""
    if not user.is_authenticated:
        return False
    return any(
        a.role in roles and (a.agreement_id is None or a.agreement_id == agreement_id) for a in _assignments(user)
    )


def organisations_of(user: User, *roles: str) -> set[int]:
    """The organisations the user acts for (by default as an applicant)."""
    wanted = set(roles or {Role.APPLICANT})
    return {a.organisation_id for a in _assignments(user) if a.role in wanted and a.organisation_id}


def city_of(user: User, agreement_id: int | None) -> int | None:
    """The city a steering-group member sits for in this agreement, if any."""
    for a in _assignments(user):
        if a.role == Role.STEERING_GROUP and a.agreement_id == agreement_id and a.organisation_id:
            return int(a.organisation_id)
    return None


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied unless ``allowed``: the one way services refuse an action."""
    from django.core.exceptions import PermissionDenied

    if not allowed:
        raise PermissionDenied(message or "not allowed")
