"""Writes of the accounts app: the second factor. Keyword-only, atomic, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import Actor, audit_record

if TYPE_CHECKING:
    from accounts.models import User

DEVICE_NAME = "Salkku"


@transaction.atomic
def totp_device_prepare(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator being set up (the same one until confirmed, so reloading the
    page does not change the secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str, actor: User) -> bool:
    """Confirm an authenticator with a code it shows; False (and nothing confirmed) if the code is wrong."""
    if device.user_id != actor.pk or device.confirmed:
        return False
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=Actor(user=actor),
        action="user.second_factor_enabled",
        obj=actor,
        before={"second_factor": False},
        after={"second_factor": True, "device": device.name},
    )
    return True
