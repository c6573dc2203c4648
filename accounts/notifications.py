"""E-mail notifications on the events users care about (Django's e-mail framework; the console in the demo).

Send after the transaction commits, so that no mail goes out for a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

if TYPE_CHECKING:
    from accounts.models import User


def notify(*, event: str, to: Iterable[User], subject: str, body: str) -> None:
    """Queue one e-mail per recipient with an address, sent when the current transaction commits."""
    recipients = sorted({u.email for u in to if getattr(u, "email", "")})
    if not recipients:
        return

    def send() -> None:
        for address in recipients:
            send_mail(
                subject=f"[Salkku] {subject}",
                message=f"{body}\n\n-- \nSalkku ({event})",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
                fail_silently=False,
            )

    transaction.on_commit(send)
