"""Who sees what. Deny by default: a queryset is narrowed to what the permission table
(accounts.permissions) allows; this module names no role."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from accounts.models import User
    from projects.models import Project

Q_T = TypeVar("Q_T", bound=QuerySet)

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
    """The projects whose budget, financing plan and indicator targets the user may see
    (``project.read_plan`` of accounts.permissions).

    Historical projects' published EURA figures are public. A funded project's plan is seen by the
    agreement's staff (coordinator, steering group, funding authority), the ministry, and the consortium
    (applicants acting for the lead or a partner of the proposal it came from). Reviewers do not: they
    score proposals, not projects.
    """
    from accounts.permissions import agreements_for, organisations_for

    if not user.is_authenticated:
        return qs.none()
    every = agreements_for(user, "project.read_plan")
    if every is None:
        return qs
    condition = Q(is_historical=True) | Q(agreement_id__in=every)
    orgs = organisations_for(user, "project.read_plan")
    if orgs:
        condition |= Q(lead_id__in=orgs) | Q(proposal__partners__organisation_id__in=orgs)
    return qs.filter(condition).distinct()


def can_see_project_plan(user: User, project: Project) -> bool:
    """Whether the user may see this project's budget, financing plan and indicator targets."""
    from accounts.permissions import can

    return bool(project.is_historical or can(user, "project.read_plan", project))


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied unless ``allowed``: the one way services refuse an action."""
    from django.core.exceptions import PermissionDenied

    if not allowed:
        raise PermissionDenied(message or "not allowed")


# --- Second factor -----------------------------------------------------------------------------------


def requires_second_factor(user: User) -> bool:
    """Whether this user must confirm a TOTP code after the password (SALKKU_REQUIRE_2FA_FOR_STAFF).

    Which roles: ``accounts.permissions.SECOND_FACTOR_ROLES``.
    """
    from django.conf import settings

    from accounts.permissions import needs_second_factor

    return bool(getattr(settings, "SALKKU_REQUIRE_2FA_FOR_STAFF", False)) and needs_second_factor(user)
