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


# --- the API: the same rule for the session (api.reauth) ----------------------------------------------


def _decide(client: Client, proposal):
    from programme.models import FinancingSource

    granted = [
        {"fund": line.source, "amount": str(line.amount)}
        for line in proposal.financing_lines.filter(source__in=[FinancingSource.ERDF, FinancingSource.STATE])
    ]
    body = {"proposal": proposal.pk, "decided_on": "2025-03-03", "eura_code": "A80001", "granted": granted}
    return client.post("/api/v1/funding-decisions/", body, content_type="application/json")


@override_settings(SALKKU_REAUTH_MINUTES=10)
def test_api_funding_decision__password_older_than_limit__403_until_confirmed(officer_and_proposal) -> None:
    """Given an API session that entered the password 11 minutes ago, recording a decision is refused with
    403 reauthentication_required and nothing is recorded; after confirming the password it goes through."""
    from projects.models import FundingDecision

    officer, proposal = officer_and_proposal
    client = signed_in(officer)
    age_session(client, 11)

    refused = _decide(client, proposal)
    assert refused.status_code == 403
    assert refused.json()["code"] == "reauthentication_required"
    assert refused.json()["confirm"] == reverse("reauth_confirm")
    assert not FundingDecision.objects.exists()

    assert client.post(reverse("reauth_confirm"), {"password": "not my password"}).status_code == 200
    assert _decide(client, proposal).status_code == 403
    assert client.post(reverse("reauth_confirm"), {"password": PASSWORD}).status_code == 302
    created = _decide(client, proposal)
    assert created.status_code == 201, created.content
    assert FundingDecision.objects.filter(project__proposal=proposal).exists()


@override_settings(SALKKU_REAUTH_MINUTES=10)
def test_api_funding_decision__others__refused_as_before_not_asked_for_password(officer_and_proposal) -> None:
    _officer, proposal = officer_and_proposal
    s_coordinator = UserFactory.with_role(Role.COORDINATOR, agreement=proposal.agreement, username="k-api")
    s_coordinator.set_password(PASSWORD)
    s_coordinator.save()
    client = signed_in(s_coordinator)
    age_session(client, 11)
    response = _decide(client, proposal)
    assert response.status_code in (403, 404) and response.json().get("code") != "reauthentication_required"
