"""Login throttling (django-axes): failures counted per account and per address, a cool-off, a message."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"

# The project's own throttle settings (limit 5 by default), only switched on.
throttled = override_settings(AXES_ENABLED=True)


def sign_in(client: Client, username: str, password: str, address: str = "192.0.2.10", lang: str = "fi"):
    with translation.override(lang):
        url = reverse("login")  # /accounts/login/, /sv/accounts/login/, /en/accounts/login/
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_throttle_is_off_in_test_mode_by_default(client: Client) -> None:
    user = UserFactory()
    for _ in range(10):
        sign_in(client, user.username, "wrong password!")
    sign_in(client, user.username, PASSWORD)
    assert signed_in(client)


@throttled
def test_fifty_wrong_passwords__then_the_right_one__is_refused_with_message(client: Client, caplog) -> None:
    """Given an account, when 50 wrong passwords are tried, then the right one is refused during the cool-off."""
    user = UserFactory()
    with caplog.at_level(logging.WARNING, logger="salkku.security"):
        for _ in range(50):
            sign_in(client, user.username, "wrong password!")
    response = sign_in(client, user.username, PASSWORD, lang="en")
    assert response.status_code == 429
    assert not signed_in(client)
    assert "Too many failed sign-ins" in response.content.decode()
    assert any("locked out" in r.getMessage() and user.username in r.getMessage() for r in caplog.records)
    assert AccessAttempt.objects.filter(username=user.username).exists()  # the audit trail of attempts


@throttled
def test_lockout_message__in_finnish_and_swedish(client: Client) -> None:
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.username, "wrong password!")
    fi = sign_in(client, user.username, PASSWORD, lang="fi").content.decode()
    sv = sign_in(client, user.username, PASSWORD, lang="sv").content.decode()
    assert "Liian monta epäonnistunutta kirjautumista" in fi
    assert "För många misslyckade inloggningar" in sv


@throttled
def test_address_rule__another_account_from_same_address__is_throttled(client: Client) -> None:
    """Given 5 failures on several names from one address, the right password of another account is refused there."""
    victim = UserFactory()
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong password!", address="198.51.100.7")
    response = sign_in(client, victim.username, PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert not signed_in(client)


@throttled
def test_account_rule__same_account_from_another_address__is_throttled(client: Client) -> None:
    user = UserFactory()
    for n in range(5):
        sign_in(client, user.username, "wrong password!", address=f"203.0.113.{n + 1}")
    response = sign_in(client, user.username, PASSWORD, address="203.0.113.200")
    assert response.status_code == 429
    assert not signed_in(client)


@throttled
def test_success_below_the_limit__resets_the_count(client: Client) -> None:
    user = UserFactory()
    for _ in range(4):
        sign_in(client, user.username, "wrong password!")
    sign_in(client, user.username, PASSWORD)
    assert signed_in(client)
    client.logout()
    for _ in range(4):
        sign_in(client, user.username, "wrong password!")
    sign_in(client, user.username, PASSWORD)
    assert signed_in(client)


@throttled
def test_cool_off_over__right_password__signs_in(client: Client) -> None:
    user = UserFactory()
    for _ in range(6):
        sign_in(client, user.username, "wrong password!")
    AccessAttempt.objects.all().delete()  # what the cool-off's end does: old attempts no longer count
    sign_in(client, user.username, PASSWORD)
    assert signed_in(client)


@throttled
def test_oidc_login_path__still_answers(client: Client) -> None:
    """The single sign-on hand-off is not a password form: the throttle leaves it alone."""
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code in {302, 404}
