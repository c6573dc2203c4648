"""E-mail notifications on the events users care about (Django's e-mail framework; the console in the demo).

Send after the transaction commits, so that no mail goes out for a change that was rolled back. Each
recipient gets the message in their own language (``User.preferred_language``: fi, sv or en) with a link
to the object (``SALKKU_BASE_URL`` + the object's path in that language).

The events with their own subject and body templates (``accounts/templates/notifications/<event>.*.txt``)
are listed in ``Event``; call, for example::

    notify(event=Event.REVIEW_ASSIGNED, to=[reviewer], obj=proposal, url=reverse(...),
           context={"due_on": assignment.due_on})

Another event may pass its own ``subject`` and ``body`` (strings, lazily translated ones are rendered in
the recipient's language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from accounts.models import User

LANGUAGES = ("fi", "sv", "en")


class Event(models.TextChoices):
    INVITATION_TO_PROPOSE = "idea.invited", "invitation to propose"
    REVIEW_ASSIGNED = "review.assigned", "review assigned"
    DECISION_MADE = "decision.made", "decision made"
    REPORT_DUE = "report.due", "report due"


class NotificationError(ValueError):
    pass


def language_of(user: Any) -> str:
    wanted = (getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE)[:2].lower()
    return wanted if wanted in LANGUAGES else settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SALKKU_BASE_URL}/{path.lstrip('/')}"


def _template_name(event: str, part: str) -> str:
    return f"notifications/{event.replace('.', '_')}.{part}.txt"


def render_message(
    *,
    event: str,
    recipient: Any,
    obj: models.Model | None = None,
    url: str | Callable[[], str] = "",
    subject: Any = "",
    body: Any = "",
    context: Mapping[str, Any] | None = None,
) -> tuple[str, str]:
    """The subject and body for one recipient, in their language."""
    with translation.override(language_of(recipient)):
        link = url() if callable(url) else url
        if not link and obj is not None and hasattr(obj, "get_absolute_url"):
            link = obj.get_absolute_url()
        values = {
            "recipient": recipient,
            "object": obj,
            "url": absolute_url(str(link)) if link else "",
            "base_url": settings.SALKKU_BASE_URL,
            **(context or {}),
        }
        if event in Event.values:
            subject_text: str = render_to_string(_template_name(event, "subject"), values)
            body_text: str = render_to_string(_template_name(event, "body"), values)
        else:
            subject_text, body_text = str(subject), str(body)
            if values["url"]:
                body_text = f"{body_text}\n\n{values['url']}"
        footer = render_to_string("notifications/footer.txt", values)
    subject_text = " ".join(subject_text.split())  # one line, whatever the template's white space
    return f"[Salkku] {subject_text}", f"{body_text.strip()}\n\n{footer.strip()}\n"


def notify(
    *,
    event: str,
    to: Iterable[User],
    subject: Any = "",
    body: Any = "",
    obj: models.Model | None = None,
    url: str | Callable[[], str] = "",
    context: Mapping[str, Any] | None = None,
) -> None:
    """Queue one e-mail per recipient with an address, sent when the current transaction commits."""
    if event not in Event.values and not (subject and body):
        raise NotificationError(f"event {event!r} has no templates: pass subject and body")
    recipients = {u.email.lower(): u for u in to if getattr(u, "email", "")}
    if not recipients:
        return
    messages = [
        (
            address,
            *render_message(
                event=event, recipient=user, obj=obj, url=url, subject=subject, body=body, context=context
            ),
        )
        for address, user in sorted(recipients.items())
    ]

    def send() -> None:
        for address, subject_text, body_text in messages:
            send_mail(
                subject=subject_text,
                message=body_text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
                fail_silently=False,
            )

    transaction.on_commit(send)


def notify_report_due(*, project: models.Model, due_on: dt.date, to: Iterable[User], url: str = "") -> None:
    """The hook for monitoring: tell the project's implementers that a progress report is due."""
    notify(event=Event.REPORT_DUE, to=to, obj=project, url=url, context={"due_on": due_on})
