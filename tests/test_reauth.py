"""Re-authentication before the most sensitive actions: recording a funding decision, changing roles."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, RoleAssignment
from accounts.reauth import SESSION_KEY
from pipeline.models import ProposalStatus
from tests.factories import AgreementFactory, UserFactory
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def age_session(client: Client, minutes: int) -> None:
    """The password was last entered ``minutes`` ago (the stamp moved back, no waiting)."""
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


@pytest.fixture
def officer_and_proposal():
    s = build_scenario(status=ProposalStatus.PRESENTED)
    s.officer.set_password(PASSWORD)
    s.officer.save()
    return s.officer, s.proposal


def test_sign_in__stamps_the_session__decision_form_opens(officer_and_proposal) -> None:
    officer, proposal = officer_and_proposal
    client = signed_in(officer)
    assert client.get(reverse("projects:funding_decision", args=[proposal.pk])).status_code == 200


@override_settings(SALKKU_REAUTH_MINUTES=10)
def test_funding_decision__password_older_than_limit__goes_to_confirm_and_back(officer_and_proposal) -> None:
    """Given a sign-in 11 minutes ago, the decision form asks for the password, then returns to the form."""
    officer, proposal = officer_and_proposal
    client = signed_in(officer)
    age_session(client, 11)
    url = reverse("projects:funding_decision", args=[proposal.pk])

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauth_confirm"))
    assert "Vahvista salasanasi" in client.get(response["Location"]).content.decode()
    posted = client.post(url, {"decided_on": "2025-03-03"})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("reauth_confirm"))

    wrong = client.post(reverse("reauth_confirm"), {"password": "not my password", "next": url})
    assert wrong.status_code == 200
    assert client.get(url).status_code == 302

    right = client.post(reverse("reauth_confirm"), {"password": PASSWORD, "next": url})
    assert right.status_code == 302 and right["Location"] == url
    assert client.get(url).status_code == 200


@override_settings(SALKKU_REAUTH_MINUTES=10)
def test_within_the_limit__no_confirmation(officer_and_proposal) -> None:
    officer, proposal = officer_and_proposal
    client = signed_in(officer)
    age_session(client, 9)
    assert client.get(reverse("projects:funding_decision", args=[proposal.pk])).status_code == 200


def test_others__still_refused__not_asked_for_password(officer_and_proposal) -> None:
    _, proposal = officer_and_proposal
    coordinator = UserFactory.with_role(Role.COORDINATOR, agreement=proposal.agreement)
    client = signed_in(coordinator)
    age_session(client, 60)
    assert client.get(reverse("projects:funding_decision", args=[proposal.pk])).status_code in {403, 404}


def test_confirm__next_to_another_site__is_ignored(officer_and_proposal) -> None:
    officer, _ = officer_and_proposal
    client = signed_in(officer)
    response = client.post(reverse("reauth_confirm"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_confirm__with_authenticator__needs_the_code_too(officer_and_proposal) -> None:
    officer, proposal = officer_and_proposal
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = signed_in(officer)
    age_session(client, 60)
    url = reverse("projects:funding_decision", args=[proposal.pk])
    without = client.post(reverse("reauth_confirm"), {"password": PASSWORD, "next": url})
    assert without.status_code == 200
    assert client.get(url).status_code == 302
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    ok = client.post(reverse("reauth_confirm"), {"password": PASSWORD, "token": code, "next": url})
    assert ok.status_code == 302 and ok["Location"] == url


def test_role_assignment_admin__add_change_delete__need_a_fresh_password() -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory()
    assignment = RoleAssignment.objects.create(user=target, role=Role.REVIEWER, agreement=AgreementFactory())
    client = signed_in(admin)
    pages = [
        reverse("admin:accounts_roleassignment_add"),
        reverse("admin:accounts_roleassignment_change", args=[assignment.pk]),
        reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]),
        reverse("admin:accounts_user_change", args=[target.pk]),  # role assignments inline
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    age_session(client, 11)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("reauth_confirm")), (
            page
        )
    response = client.post(
        reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and RoleAssignment.objects.filter(pk=assignment.pk).exists()
    response = client.post(
        reverse("admin:accounts_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"},
    )
    assert response.status_code == 302 and RoleAssignment.objects.filter(pk=assignment.pk).exists()
