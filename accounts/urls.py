from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.reauth import ConfirmPasswordView
from audit.views import AuditLogView

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("confirm-password/", ConfirmPasswordView.as_view(), name="reauth_confirm"),
    path("second-factor/", views.SecondFactorVerifyView.as_view(), name="otp_verify"),
    path("second-factor/set-up/", views.SecondFactorSetupView.as_view(), name="otp_setup"),
    path("oidc/authenticate/", views.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", views.oidc_callback, name="oidc_authentication_callback"),
    path("audit/", AuditLogView.as_view(), name="audit_log"),
]
