"""Pieces of the registers on other apps' pages, without those apps importing this one:

{% load ecosystem %}{% project_adoptions project %}   on a project's page
{% provider_adoptions organisation %}                  on an organisation's page (its references)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.access import adoptions_for, can_record_adoption, can_see_network, test_environments_for

register = template.Library()


@register.inclusion_tag("ecosystem/_adoptions.html", takes_context=True)
def project_adoptions(context: dict[str, Any], project: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "heading": _("Adopted solutions"),
        "adoptions": adoptions_for(user).filter(project=project).select_related("city", "provider"),
        "record_url": reverse("ecosystem:adoption_create", args=[project.pk])
        if not project.is_historical and can_record_adoption(user, project)
        else "",
        "show_project": False,
    }


@register.inclusion_tag("ecosystem/_adoptions.html", takes_context=True)
def provider_adoptions(context: dict[str, Any], organisation: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "heading": _("References: solutions adopted by cities"),
        "adoptions": adoptions_for(user).filter(provider=organisation).select_related("city", "project"),
        "record_url": "",
        "show_project": True,
    }


@register.inclusion_tag("ecosystem/_environment_links.html", takes_context=True)
def environment_links(context: dict[str, Any], environments: Any, heading: str = "") -> dict[str, Any]:
    """Test environments as links to their pages (only those the user may see; the others by name)."""
    user = context["request"].user
    environments = list(environments)
    visible = set(
        test_environments_for(user).filter(pk__in=[e.pk for e in environments]).values_list("pk", flat=True)
    )
    return {"heading": heading, "items": [(e, e.pk in visible) for e in environments]}


@register.inclusion_tag("ecosystem/_environment_links.html", takes_context=True)
def project_test_environments(context: dict[str, Any], project: Any) -> dict[str, Any]:
    if project.proposal_id is None:
        return {"items": []}
    return environment_links(
        context, project.proposal.test_environments.order_by("name"), _("Test environments")
    )


@register.inclusion_tag("ecosystem/_environment_links.html", takes_context=True)
def organisation_test_environments(context: dict[str, Any], organisation: Any) -> dict[str, Any]:
    user = context["request"].user
    owned = test_environments_for(user).filter(owner=organisation).select_related("city").order_by("name")
    return {"heading": _("Test environments"), "items": [(e, True) for e in owned]}


@register.simple_tag(takes_context=True)
def network_visible(context: dict[str, Any]) -> bool:
    """Whether the user may open the partner-network page (for its tab)."""
    return can_see_network(context["request"].user)
