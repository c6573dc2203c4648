"""The second factor (TOTP) for staff roles: set-up with a QR code, a code after the password, the switch."""

from __future__ import annotations

import base64

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from audit.models import AuditEntry
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"

required = override_settings(SALKKU_REQUIRE_2FA_FOR_STAFF=True)


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now (django-otp's own TOTP)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in_with_password(client: Client, user) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def coordinator():
    return UserFactory.coordinator(AgreementFactory())


@required
def test_staff_without_device__any_page__goes_to_set_up_with_next(client: Client, coordinator) -> None:
    # given a coordinator signed in with a password only, with no authenticator yet
    signed_in_with_password(client, coordinator)
    # when they open a page
    response = client.get(reverse("pipeline:proposal_list"))
    # then they are sent to set one up, and back to the page afterwards
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp_setup')}?next=%2Fproposals%2F"


@required
def test_set_up__shows_inline_svg_qr_code_and_key(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    response = client.get(reverse("otp_setup"))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    # the QR code is drawn on the page (no outside service) and labelled; the key is there to type by hand
    assert response.status_code == 200 and not device.confirmed
    assert '<svg role="img" aria-labelledby="otp-qr-title"' in html and "<path" in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert key[:4] + " " + key[4:8] in html
    # reloading keeps the same secret until it is confirmed
    client.get(reverse("otp_setup"))
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


@required
def test_set_up__right_code__confirms_device_verifies_session_and_audits(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=coordinator)
    # when they enter the code the app shows
    response = client.post(reverse("otp_setup"), {"token": code_for(device), "next": "/proposals/"})
    # then the device is confirmed, the session verified, and the change audited
    assert response.status_code == 302 and response["Location"] == "/proposals/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("pipeline:proposal_list")).status_code == 200
    entry = AuditEntry.objects.for_object(coordinator).get()
    assert (entry.action, entry.after["second_factor"]) == ("user.second_factor_enabled", True)


@required
def test_set_up__wrong_code__is_refused_with_message(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("otp_setup"), {"token": wrong})
    device.refresh_from_db()
    assert response.status_code == 200 and not device.confirmed
    assert (
        "That code did not match" in response.content.decode() or "ei täsmännyt" in response.content.decode()
    )
    assert not AuditEntry.objects.for_object(coordinator).exists()


@required
def test_set_up__letters__get_a_format_message(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    response = client.post(reverse("otp_setup"), {"token": "12ab56"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["token"]


@required
def test_staff_with_device__after_password__must_enter_code(client: Client, coordinator) -> None:
    # given a coordinator with an authenticator, signed in with the password
    device = confirmed_device(coordinator)
    signed_in_with_password(client, coordinator)
    # when they open a page, they are asked for the code first
    response = client.get(reverse("partners:organisation_list"))
    assert response["Location"] == f"{reverse('otp_verify')}?next=%2Forganisations%2F"
    # a wrong code is refused
    assert client.post(reverse("otp_verify"), {"token": "000000"}).status_code == 200
    assert client.get(reverse("partners:organisation_list")).status_code == 302
    # the right code lets them through (after the throttling delay a wrong code imposes)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(reverse("otp_verify"), {"token": code_for(device), "next": "/organisations/"})
    assert response["Location"] == "/organisations/"
    assert client.get(reverse("partners:organisation_list")).status_code == 200


@required
def test_verify__same_code_twice__is_refused_second_time(client: Client, coordinator) -> None:
    device = confirmed_device(coordinator)
    signed_in_with_password(client, coordinator)
    code = code_for(device)
    assert client.post(reverse("otp_verify"), {"token": code})["Location"] == reverse("home")
    other = Client()
    signed_in_with_password(other, coordinator)
    assert other.post(reverse("otp_verify"), {"token": code}).status_code == 200  # replayed: refused


@required
def test_verify__next_to_another_site__is_ignored(client: Client, coordinator) -> None:
    device = confirmed_device(coordinator)
    signed_in_with_password(client, coordinator)
    response = client.post(
        reverse("otp_verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


@required
@pytest.mark.parametrize("role", [Role.STEERING_GROUP, Role.FUNDING_AUTHORITY, Role.MINISTRY])
def test_other_deciding_roles__need_second_factor_too(client: Client, role: str) -> None:
    """Given a role that decides or sees personal data across organisations, the password is not enough."""
    user = UserFactory.with_role(role, agreement=AgreementFactory())
    signed_in_with_password(client, user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))


@required
@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER])
def test_non_staff_roles__are_not_asked__and_have_no_set_up_page(client: Client, role: str) -> None:
    user = UserFactory.with_role(role, agreement=AgreementFactory(), organisation=OrganisationFactory())
    signed_in_with_password(client, user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("otp_setup")).status_code == 404
    assert client.get(reverse("otp_verify")).status_code == 404


@required
def test_ministry_without_agreement__needs_second_factor(client: Client) -> None:
    user = UserFactory.with_role(Role.MINISTRY, agreement=None)
    signed_in_with_password(client, user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))


@required
def test_administrator_without_admin_site_flag__needs_second_factor(client: Client) -> None:
    admin = UserFactory(is_superuser=True)
    signed_in_with_password(client, admin)
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))


def test_second_factor_roles__are_exactly_the_deciding_and_cross_organisation_roles() -> None:
    from accounts.permissions import ADMIN, SECOND_FACTOR_ROLES

    assert {
        Role.COORDINATOR,
        Role.STEERING_GROUP,
        Role.FUNDING_AUTHORITY,
        Role.MINISTRY,
        ADMIN,
    } == SECOND_FACTOR_ROLES


@required
def test_admin_site__is_held_until_second_factor(client: Client) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    signed_in_with_password(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))


@required
def test_public_page_and_sign_out__need_no_second_factor(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    assert client.get(reverse("public_projects")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@required
def test_api__staff_without_second_factor__gets_403_json(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    response = client.get("/api/v1/proposals/")
    assert response.status_code == 403 and "detail" in response.json()


def test_api_basic_auth__is_not_accepted_for_anyone(client: Client) -> None:
    # HTTP Basic cannot carry a second factor and bypasses the sign-in throttle: the API takes the session only
    import base64

    applicant = UserFactory.applicant(OrganisationFactory())
    applicant.set_password(PASSWORD)
    applicant.save()
    token = base64.b64encode(f"{applicant.username}:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 403


@override_settings(SALKKU_REQUIRE_2FA_FOR_STAFF=False)
def test_switch_off__staff_go_straight_in__demo_default(client: Client, coordinator) -> None:
    signed_in_with_password(client, coordinator)
    assert client.get(reverse("pipeline:proposal_list")).status_code == 200
    assert client.get(reverse("otp_setup")).status_code == 404


def test_setting_default__is_off_outside_production() -> None:
    from django.conf import settings

    assert settings.MODE in {"demo", "test"} and settings.SALKKU_REQUIRE_2FA_FOR_STAFF is False
