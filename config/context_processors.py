from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# (section, url name, label, roles that see it; None = every signed-in user)
NAVIGATION = [
    ("overview", "home", _("Agreement"), None),
    ("calls", "pipeline:call_list", _("Calls and ideas"), None),
    ("proposals", "pipeline:proposal_list", _("Proposals"), None),
    ("reviews", "review:my_reviews", _("Reviews"), {Role.REVIEWER, Role.STEERING_GROUP, Role.COORDINATOR}),
    (
        "steering_group",
        "decisions:meeting_list",
        _("Steering group"),
        {Role.STEERING_GROUP, Role.COORDINATOR, Role.MINISTRY},
    ),
    (
        "portfolio",
        "portfolio:scenario_list",
        _("Portfolio options"),
        {Role.STEERING_GROUP, Role.COORDINATOR, Role.MINISTRY},
    ),
    (
        "monitoring",
        "monitoring:dashboard",
        _("Monitoring"),
        {Role.STEERING_GROUP, Role.COORDINATOR, Role.MINISTRY},
    ),
    ("overlaps", "overlaps:report", _("Overlaps"), {Role.COORDINATOR}),
    ("funding", "projects:funding_queue", _("Funding decisions"), {Role.FUNDING_AUTHORITY, Role.COORDINATOR}),
    ("projects", "projects:project_list", _("Projects"), None),
    ("organisations", "partners:organisation_list", _("Organisations"), None),
    ("ecosystem", "ecosystem:environment_list", _("Network"), None),
    ("audit", "audit_log", _("Audit log"), {Role.COORDINATOR}),
]


def salkku(request: HttpRequest) -> dict[str, Any]:
    return {"DEMO_MODE": settings.DEMO_MODE, "navigation": _navigation(request)}


def _navigation(request: HttpRequest) -> list[tuple[str, str, str]]:
    """The menu for this user: only the sections their roles can use (access is still checked per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    roles = {a.role for a in user.role_assignments.all()}
    return [
        (section, reverse(url_name), str(label))
        for section, url_name, label, allowed in NAVIGATION
        if allowed is None or user.is_superuser or roles & allowed
    ]
