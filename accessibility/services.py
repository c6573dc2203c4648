"""Receiving accessibility feedback: stored, and e-mailed to the coordination team when they have
addresses (the e-mail backend of settings.EMAIL_URL decides whether it leaves the machine)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accessibility.models import ANSWER_WITHIN_DAYS, AccessibilityFeedback
from accounts.models import User
from accounts.permissions import holders

log = logging.getLogger(__name__)


def coordinator_addresses() -> list[str]:
    users = User.objects.filter(holders("accessibility_feedback.read"), is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def feedback_receive(
    *, message: str, page: str, email: str, language: str, user: Any
) -> AccessibilityFeedback:
    """Store the feedback and tell the coordination team; a blank message is refused, naming the field."""
    text = (message or "").strip()
    if not text:
        raise ValidationError({"message": _("Write your feedback.")})
    with transaction.atomic():
        feedback = AccessibilityFeedback.objects.create(
            message=text,
            page=(page or "")[:500],
            email=email or "",
            language=language,
            sent_by=user if getattr(user, "is_authenticated", False) else None,
        )
    to = coordinator_addresses()
    if to:
        body = _(
            "Accessibility feedback received %(at)s, to be answered within %(days)s days.\n\n"
            "Page: %(page)s\nAnswer to: %(email)s\n\n%(message)s"
        ) % {
            "at": feedback.received_at.strftime("%d.%m.%Y %H:%M"),
            "days": ANSWER_WITHIN_DAYS,
            "page": feedback.page or "–",
            "email": feedback.email or "–",
            "message": feedback.message,
        }
        try:
            send_mail(_("Salkku: accessibility feedback"), body, None, to)
        except OSError:  # the feedback is stored; the list page shows it even when mail is down
            log.exception("could not e-mail accessibility feedback %s", feedback.pk)
    return feedback
