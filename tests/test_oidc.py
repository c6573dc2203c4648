"""Signing in with the city's account (OpenID Connect): the configuration switch and the user matching,
with the provider's token exchange and verification mocked (no network)."""

from __future__ import annotations

from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.oidc import CityOIDCBackend
from accounts.sso import LOCAL_BACKEND, OIDC_BACKEND, SSOConfigurationError, oidc_settings
from tests.factories import UserFactory

ENV = {
    "OIDC_RP_CLIENT_ID": "salkku",
    "OIDC_RP_CLIENT_SECRET": "not-a-real-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.city.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.city.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.city.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.city.example/jwks",
    "SALKKU_OIDC_PROVIDER_NAME": "Helsinki",
}
configured = override_settings(**oidc_settings(ENV))


# --- the switch ------------------------------------------------------------------------------------


def test_oidc_settings__no_client_id__is_off_with_local_accounts_only() -> None:
    values = oidc_settings({})
    assert values == {"SALKKU_OIDC_ENABLED": False, "AUTHENTICATION_BACKENDS": [LOCAL_BACKEND]}


def test_oidc_settings__client_id_without_endpoints__names_what_is_missing() -> None:
    with pytest.raises(SSOConfigurationError) as error:
        oidc_settings({"OIDC_RP_CLIENT_ID": "salkku", "OIDC_RP_CLIENT_SECRET": "x"})
    message = str(error.value)
    for name in (
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ):
        assert name in message
    assert "OIDC_RP_CLIENT_SECRET" not in message


def test_oidc_settings__complete__turns_sso_on_beside_local_accounts() -> None:
    values = oidc_settings(ENV)
    assert values["SALKKU_OIDC_ENABLED"] is True
    assert values["AUTHENTICATION_BACKENDS"] == [OIDC_BACKEND, LOCAL_BACKEND]
    assert (values["OIDC_CREATE_USER"], values["OIDC_USE_PKCE"], values["OIDC_RP_SIGN_ALGO"]) == (
        False,
        True,
        "RS256",
    )


def test_oidc_settings__shared_secret_algorithm__needs_no_key_set() -> None:
    env = {k: v for k, v in ENV.items() if k != "OIDC_OP_JWKS_ENDPOINT"} | {"OIDC_RP_SIGN_ALGO": "HS256"}
    assert oidc_settings(env)["SALKKU_OIDC_ENABLED"] is True


@pytest.mark.django_db
def test_sign_in_page__sso_off__has_no_city_button_and_its_urls_404(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert reverse("oidc_authentication_init") not in html
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


@configured
@pytest.mark.django_db
def test_sign_in_page__sso_on__has_city_button_and_password_form(client: Client) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'action="{reverse("oidc_authentication_init")}"' in html
    assert 'name="password"' in html  # local accounts remain


@configured
@pytest.mark.django_db
def test_authenticate__sso_on__redirects_to_provider_with_state_nonce_and_pkce(client: Client) -> None:
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    target = urlparse(response["Location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == ENV["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    assert query["client_id"] == ["salkku"] and query["response_type"] == ["code"]
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].endswith(reverse("oidc_authentication_callback"))


# --- matching users --------------------------------------------------------------------------------


def _backend_with(claims: dict[str, object]) -> CityOIDCBackend:
    backend = CityOIDCBackend()
    backend.get_token = mock.Mock(return_value={"id_token": "id", "access_token": "access"})
    backend.verify_token = mock.Mock(return_value={"sub": "abc", "nonce": "n"})
    backend.get_userinfo = mock.Mock(return_value=claims)
    return backend


def _callback_request():
    request = RequestFactory().get("/accounts/oidc/callback/", {"code": "c", "state": "s"})
    request.session = {}
    return request


@configured
@pytest.mark.django_db
def test_backend__email_matches_case_insensitively__signs_in_that_user_and_updates_name() -> None:
    user = UserFactory(username="kaisa", email="kaisa.koordinaattori@hel.example")
    backend = _backend_with(
        {
            "email": "Kaisa.Koordinaattori@HEL.example",
            "email_verified": True,
            "given_name": "Kaisa",
            "family_name": "Koordinaattori",
        }
    )
    assert backend.authenticate(_callback_request(), nonce="n") == user
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == (
        "Kaisa",
        "Koordinaattori",
        "kaisa.koordinaattori@hel.example",
    )


@configured
@pytest.mark.django_db
def test_backend__unknown_email__creates_nobody() -> None:
    from accounts.models import User

    UserFactory(email="someone@hel.example")
    count = User.objects.count()
    assert (
        _backend_with({"email": "stranger@hel.example"}).authenticate(_callback_request(), nonce="n") is None
    )
    assert User.objects.count() == count


@configured
@pytest.mark.django_db
def test_backend__two_accounts_with_the_email__signs_in_neither() -> None:
    UserFactory(username="a", email="shared@hel.example")
    UserFactory(username="b", email="SHARED@hel.example")
    assert _backend_with({"email": "shared@hel.example"}).authenticate(_callback_request(), nonce="n") is None


@configured
@pytest.mark.django_db
@pytest.mark.parametrize("claims", [{"email": "kaisa@hel.example", "email_verified": False}, {"sub": "x"}])
def test_backend__unverified_or_missing_email__is_refused(claims: dict[str, object]) -> None:
    UserFactory(email="kaisa@hel.example")
    assert _backend_with(claims).authenticate(_callback_request(), nonce="n") is None


@configured
@pytest.mark.django_db
def test_backend__inactive_account__is_refused() -> None:
    UserFactory(email="left@hel.example", is_active=False)
    assert _backend_with({"email": "left@hel.example"}).authenticate(_callback_request(), nonce="n") is None


@configured
@pytest.mark.django_db
def test_callback__whole_flow_with_mocked_provider__signs_the_user_in(client: Client) -> None:
    # given SSO on and a user whose address the city's provider vouches for
    user = UserFactory(email="kaisa@hel.example")
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    # when the provider returns to the callback (token exchange and verification mocked)
    with (
        mock.patch.object(CityOIDCBackend, "get_token", return_value={"id_token": "i", "access_token": "a"}),
        mock.patch.object(CityOIDCBackend, "verify_token", return_value={"sub": "s"}),
        mock.patch.object(CityOIDCBackend, "get_userinfo", return_value={"email": "kaisa@hel.example"}),
    ):
        response = client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": state})
    # then the user is signed in and sent on
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["_auth_user_backend"] == OIDC_BACKEND


@configured
@pytest.mark.django_db
def test_callback__wrong_state__signs_nobody_in(client: Client) -> None:
    UserFactory(email="kaisa@hel.example")
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": "forged"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in {302, 400}
