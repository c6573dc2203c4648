from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from accounts import reauth, throttle  # noqa: F401  (connect the lockout log line and the sign-in stamp)
