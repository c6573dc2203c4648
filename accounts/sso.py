"""Sign-in through the city's single sign-on (OpenID Connect), configured from the environment.

Pure configuration (no Django import), read by config/settings.py: SSO is on only when the provider's
client id is set, and then every required setting must be set too, or the app refuses to start naming
what is missing. Local accounts keep working either way (the demo uses them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The provider's endpoints and this service's client credentials, as the provider gives them.
REQUIRED = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
)
LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"
OIDC_BACKEND = "accounts.oidc.CityOIDCBackend"


class SSOConfigurationError(ValueError):
    """The environment switches SSO on but leaves a required setting out."""


def oidc_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings for SSO from the environment; off (local accounts only) without a client id."""
    if not environ.get("OIDC_RP_CLIENT_ID", "").strip():
        return {"SALKKU_OIDC_ENABLED": False, "AUTHENTICATION_BACKENDS": [LOCAL_BACKEND]}
    missing = [name for name in REQUIRED if not environ.get(name, "").strip()]
    algorithm = environ.get("OIDC_RP_SIGN_ALGO", "RS256").strip() or "RS256"
    if algorithm.startswith(("RS", "ES")) and not environ.get("OIDC_OP_JWKS_ENDPOINT", "").strip():
        missing.append("OIDC_OP_JWKS_ENDPOINT")
    if missing:
        raise SSOConfigurationError(
            "OIDC_RP_CLIENT_ID is set, so single sign-on is on, but these settings are missing: "
            + ", ".join(missing)
        )
    values: dict[str, Any] = {name: environ[name].strip() for name in REQUIRED}
    values.update(
        {
            "SALKKU_OIDC_ENABLED": True,
            "SALKKU_OIDC_PROVIDER_NAME": environ.get("SALKKU_OIDC_PROVIDER_NAME", "").strip(),
            "OIDC_RP_SIGN_ALGO": algorithm,
            "OIDC_OP_JWKS_ENDPOINT": environ.get("OIDC_OP_JWKS_ENDPOINT", "").strip() or None,
            "OIDC_RP_SCOPES": environ.get("OIDC_RP_SCOPES", "openid email profile").strip(),
            "OIDC_USE_PKCE": True,
            # Users are matched by e-mail to accounts the coordination team created (with their roles);
            # nobody gets an account just by having one at the city.
            "OIDC_CREATE_USER": environ.get("OIDC_CREATE_USER", "").strip().lower() in {"1", "true", "yes"},
            "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
            "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/?sso=failed",
            "AUTHENTICATION_BACKENDS": [OIDC_BACKEND, LOCAL_BACKEND],
        }
    )
    return values
