from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlapsConfig(AppConfig):
    name = "overlaps"
    verbose_name = _("Overlaps and double funding")

    def ready(self) -> None:
        from overlaps import signals

        signals.connect()
