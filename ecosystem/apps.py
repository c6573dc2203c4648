from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ecosystem"
    verbose_name = "Ecosystem"

    def ready(self) -> None:
        from ecosystem import search

        search.connect()
