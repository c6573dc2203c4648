"""Re-authentication before the most sensitive actions (recording a funding decision, changing roles).

Signing in (password, single sign-on) and confirming the password on ``/accounts/confirm-password/`` stamp
the session. A view behind ``ReauthRequiredMixin`` / ``reauth_required`` / ``ReauthRequiredAdminMixin``
sends a user whose stamp is older than ``SALKKU_REAUTH_MINUTES`` to that page and back. Users with an
authenticator app enter a code there too. Wrong passwords count towards the sign-in throttle.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import match_token, user_has_device

from accounts.forms import TokenForm

SESSION_KEY = "salkku_reauth_at"


def stamp(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time())


@receiver(user_logged_in)
def _stamp_on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        stamp(request)


def recently_authenticated(request: HttpRequest) -> bool:
    """Whether the password was entered within the last ``SALKKU_REAUTH_MINUTES`` in this session."""
    at = request.session.get(SESSION_KEY)
    if not isinstance(at, int):
        return False
    return time.time() - at <= int(settings.SALKKU_REAUTH_MINUTES) * 60


def confirm_redirect(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('reauth_confirm')}?{urlencode({'next': request.get_full_path()})}")


class ReauthRequiredMixin:
    """For a class-based view: put it after the view's own permission check (the view's dispatch first)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not recently_authenticated(request):
            return confirm_redirect(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc, no-any-return]  # a mixin: super() is its view


def reauth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a function view (or a bound admin view)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not recently_authenticated(request):
            return confirm_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


class ReauthRequiredAdminMixin:
    """For a ModelAdmin whose objects are role assignments: adding, changing and deleting need a fresh password."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_authenticated(request):
            return confirm_redirect(request)
        return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc, no-any-return]  # a mixin: super() is its view

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_authenticated(request):
            return confirm_redirect(request)
        return super().delete_view(request, *args, **kwargs)  # type: ignore[misc, no-any-return]  # a mixin: super() is its view

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Bulk actions (e.g. delete selected) are posted to the list.
        if request.method == "POST" and not recently_authenticated(request):
            return confirm_redirect(request)
        return super().changelist_view(request, *args, **kwargs)  # type: ignore[misc, no-any-return]  # a mixin: super() is its view


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.with_code = user_has_device(request.user)
        if self.with_code:
            self.fields["token"] = copy.deepcopy(TokenForm.base_fields["token"])

    def clean_token(self) -> str:
        return TokenForm.clean_token(self)  # type: ignore[arg-type]  # the same field, borrowed method

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user = self.request.user
        password = data.get("password")
        if password is not None:
            again = authenticate(self.request, username=user.get_username(), password=password)
            if again is None or again.pk != user.pk:
                raise forms.ValidationError(_("That password is not right."), code="password")
        if self.with_code and data.get("token") and match_token(user, data["token"]) is None:
            self.add_error("token", _("That code did not match. Enter the newest code from your app."))
        return data


class ConfirmPasswordView(FormView):
    """Enter the password (and the code, with an authenticator app) again, then go back to ``next``."""

    template_name = "accounts/reauth_confirm.html"
    form_class = ConfirmPasswordForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from accounts.views import _next_url

        kwargs["next"] = _next_url(self.request)
        kwargs["minutes"] = int(settings.SALKKU_REAUTH_MINUTES)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: ConfirmPasswordForm) -> HttpResponse:
        from accounts.views import _next_url

        stamp(self.request)
        return redirect(_next_url(self.request))
