from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating Salkku: the production server, backups, personal-data requests."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from ops import checks  # noqa: F401  (registers the deployment checks)
