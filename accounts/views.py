"""Signing in: the password page (with the city's single sign-on when configured), the second factor's
set-up and code pages, and the OpenID Connect hand-offs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from accounts import services
from accounts.access import requires_second_factor
from accounts.forms import TokenForm
from accounts.http import AuthenticatedHttpRequest
from accounts.otp import is_verified, qr_svg, secret_for_display


class SignInView(auth_views.LoginView):
    """The password sign-in, with a button for the city's single sign-on when it is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = getattr(settings, "SALKKU_OIDC_ENABLED", False)
        context["oidc_provider_name"] = getattr(settings, "SALKKU_OIDC_PROVIDER_NAME", "")
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


class SecondFactorMixin:
    """Only users who must confirm a second factor have these pages (deny by default: others get 404)."""

    request: AuthenticatedHttpRequest  # signed in: LoginRequiredMiddleware

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not requires_second_factor(self.request.user):
            raise Http404("no second factor is required of this account")
        return self.dispatch_required(request, *args, **kwargs)

    def dispatch_required(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc, no-any-return]  # a mixin: super() is its view

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["next"] = _next_url(self.request)
        return super().get_context_data(**kwargs)  # type: ignore[misc, no-any-return]  # a mixin: super() is its view


class SecondFactorSetupView(SecondFactorMixin, FormView):
    """Add an authenticator app: a QR code (drawn here), the secret to type by hand, a code to confirm."""

    template_name = "accounts/otp_setup.html"
    form_class = TokenForm
    request: AuthenticatedHttpRequest

    def dispatch_required(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if user_has_device(request.user):
            # Set up already: confirm a code instead (or carry on, if already confirmed).
            target = _next_url(request) if is_verified(request.user) else reverse("otp_verify")
            return redirect(target)
        return super().dispatch_required(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        device = services.totp_device_prepare(user=self.request.user)
        kwargs["qr_svg"] = qr_svg(device, label=_("QR code for your authenticator app"))
        kwargs["secret"] = secret_for_display(device)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: TokenForm) -> HttpResponse:
        device = services.totp_device_prepare(user=self.request.user)
        if not services.totp_device_confirm(
            device=device, token=form.cleaned_data["token"], actor=self.request.user
        ):
            form.add_error(
                "token", _("That code did not match. Check the time on your phone and try the newest code.")
            )
            return self.form_invalid(form)
        otp_login(self.request, device)
        messages.success(
            self.request, _("Your authenticator app is set up. Salkku asks for a code each time you sign in.")
        )
        return redirect(_next_url(self.request))


class SecondFactorVerifyView(SecondFactorMixin, FormView):
    """After the password: the code from the user's authenticator app."""

    template_name = "accounts/otp_verify.html"
    request: AuthenticatedHttpRequest
    form_class = TokenForm

    def dispatch_required(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_has_device(request.user):
            return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next_url(request)})}")
        if is_verified(request.user):
            return redirect(_next_url(request))
        return super().dispatch_required(request, *args, **kwargs)

    def form_valid(self, form: TokenForm) -> HttpResponse:
        device = match_token(self.request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error(
                "token",
                _(
                    "That code did not match, or there were too many tries: "
                    "wait a moment and enter the newest code."
                ),
            )
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(_next_url(self.request))


# --- OpenID Connect (the city's single sign-on) ----------------------------------------------------


def _oidc_enabled() -> None:
    if not getattr(settings, "SALKKU_OIDC_ENABLED", False):
        raise Http404("single sign-on is not configured")


@login_not_required
def oidc_authenticate(request: HttpRequest) -> HttpResponse:
    """Hand the browser to the city's sign-in (404 when SSO is not configured)."""
    _oidc_enabled()
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)  # the library has no type hints
    return response


@login_not_required
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The city's sign-in returns here; the user is matched by e-mail (accounts.oidc)."""
    _oidc_enabled()
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

    response: HttpResponse = OIDCAuthenticationCallbackView.as_view()(
        request
    )  # the library has no type hints
    return response
