"""``{% can "action" obj as allowed %}``: templates show a link or button from the same answer that
guards the page (accounts.permissions.can), never from a role of their own."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.permissions import Decision
from accounts.permissions import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], action: str, obj: object = None) -> Decision:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _can(user, action, obj)
