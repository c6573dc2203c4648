"""Signing in with the city's account (OpenID Connect through mozilla-django-oidc).

A person who signs in at the city is matched to their Salkku account by e-mail (case-insensitively); the
account, and its roles, are created by the coordination team beforehand. Nobody gets an account just by
having one at the city (unless OIDC_CREATE_USER is set, and then without any role: deny by default).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import User
from audit.services import Actor, audit_record


class CityOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # the library has no type hints
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """An address the provider has not verified identifies nobody."""
        if not super().verify_claims(claims):
            return False
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User:
        user: User = super().create_user(claims)
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        audit_record(
            actor=Actor(label="single sign-on"),
            action="user.created_by_sso",
            obj=user,
            after={"email": user.email},
        )
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Keep the name in step with the city's directory; the e-mail and the roles stay as they are."""
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user
