"""Who sees what. Deny by default: a queryset is narrowed to what the user's roles allow."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet

from accounts.models import STAFF_ROLES, Role

if TYPE_CHECKING:
    from accounts.models import User
    from projects.models import Project

Q_T = TypeVar("Q_T", bound=QuerySet)  # type: ignore[type-arg]

_AGREEMENT_WIDE = {Role.COORDINATOR, Role.STEERING_GROUP, Role.FUNDING_AUTHORITY, Role.REVIEWER}
# Who sees a funded project's money plan besides its consortium.
_PROJECT_STAFF = (Role.COORDINATOR, Role.STEERING_GROUP, Role.FUNDING_AUTHORITY, Role.MINISTRY)


def _assignments(user: User) -> list:  # type: ignore[type-arg]
    if not user.is_authenticated:
        return []
    return list(user.role_assignments.all())


# Proposals a reviewer never sees: not (or no longer) submitted to review.
NOT_SUBMITTED = ("draft", "returned", "withdrawn")


def proposal_visibility(qs: Q_T, user: User) -> Q_T:
    """The proposals the user may open (accounts.permissions: ``proposal.read`` / ``proposal.read_draft``).

    The agreement's staff and the ministry see every proposal of their agreements; reviewers only those
    submitted to review (not drafts, returned or withdrawn ones); applicants their organisations'.
    """
    from accounts.permissions import agreements_for, organisations_for

    every = agreements_for(user, "proposal.read_draft")
    if every is None:
        return qs
    submitted = agreements_for(user, "proposal.read")
    condition = Q(agreement_id__in=every)
    if submitted is None:
        condition |= ~Q(status__in=NOT_SUBMITTED)
    elif submitted:
        condition |= Q(agreement_id__in=submitted) & ~Q(status__in=NOT_SUBMITTED)
    orgs = organisations_for(user, "proposal.read")
    if orgs:
        condition |= Q(partners__organisation_id__in=orgs)
    return qs.filter(condition).distinct()


def project_visibility(qs: Q_T, user: User) -> Q_T:
    """Which projects a signed-in user may open: every one.

    Historical projects (EURA lists) are public records, and a funded project's public fields (name,
    implementer, dates, summary, theme, EU and state money, status) are open data, also on the public page
    (``projects.public``). What is *not* public is a funded project's money plan (budget and financing
    lines, indicator targets): ``project_plan_visibility`` / ``can_see_project_plan`` say who sees it.
    Anonymous users get nothing here: the public page has its own queryset of public fields.
    """
    if not user.is_authenticated:
        return qs.none()
    return qs


def project_plan_visibility(qs: Q_T, user: User) -> Q_T:
    """The projects whose budget, financing plan and indicator targets the user may see.

    Historical projects' published EURA figures are public. A funded project's plan is seen by the
    agreement's staff (coordinator, steering group, funding authority), the ministry, and the consortium
    (applicants acting for the lead or a partner of the proposal it came from). Reviewers do not: they
    score proposals, not projects.
    """
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    condition = Q(is_historical=True)
    for a in _assignments(user):
        if a.role in _PROJECT_STAFF:
            if a.agreement_id is None:
                return qs
            condition |= Q(agreement_id=a.agreement_id)
        elif a.role == Role.APPLICANT and a.organisation_id:
            condition |= Q(lead_id=a.organisation_id) | Q(
                proposal__partners__organisation_id=a.organisation_id
            )
    return qs.filter(condition).distinct()


def can_see_project_plan(user: User, project: Project) -> bool:
    """Whether the user may see this project's budget, financing plan and indicator targets."""
    if project.is_historical:
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or has_agreement_role(user, project.agreement_id, *_PROJECT_STAFF):
        return True
    orgs = organisations_of(user)
    if not orgs:
        return False
    if project.lead_id in orgs:
        return True
    if project.proposal_id is None:
        return False
    return project.proposal.partners.filter(organisation_id__in=orgs).exists()


# --- Object-level checks used by services and views (deny by default) -------------------------------


def has_agreement_role(user: User, agreement_id: int | None, *roles: str) -> bool:
    """True when the user holds one of ``roles`` in this agreement (a role with no agreement covers all)."""
    if not user.is_authenticated:
        return False
    return any(
        a.role in roles and (a.agreement_id is None or a.agreement_id == agreement_id)
        for a in _assignments(user)
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


# --- Second factor -----------------------------------------------------------------------------------


def is_staff_user(user: User) -> bool:
    """Staff: the coordination team, the steering group, the funding authority, and administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(a.role in STAFF_ROLES for a in _assignments(user))


def requires_second_factor(user: User) -> bool:
    """Whether this user must confirm a TOTP code after the password (SALKKU_REQUIRE_2FA_FOR_STAFF).

    Which roles: ``accounts.permissions.SECOND_FACTOR_ROLES``.
    """
    from django.conf import settings

    from accounts.permissions import needs_second_factor

    return bool(getattr(settings, "SALKKU_REQUIRE_2FA_FOR_STAFF", False)) and needs_second_factor(user)


def can_read_audit_log(user: User) -> bool:
    """The audit log page: coordinators (their agreements) and administrators."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(a.role == Role.COORDINATOR for a in _assignments(user))


def agreements_with_role(user: User, *roles: str) -> list[int] | None:
    """The agreements where the user holds one of the roles; None when such a role covers every agreement."""
    ids: list[int] = []
    for a in _assignments(user):
        if a.role in roles:
            if a.agreement_id is None:
                return None
            ids.append(int(a.agreement_id))
    return ids


def audit_log_agreements(user: User) -> set[int] | None:
    """The agreements whose audit entries the user reads in the log; None means every agreement."""
    if user.is_superuser:
        return None
    ids = agreements_with_role(user, Role.COORDINATOR)
    return None if ids is None else set(ids)
