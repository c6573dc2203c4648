from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme frame")

    def ready(self) -> None:
        from audit.actions import register_codes

        from .models import FinancingSource

        register_codes("source", FinancingSource.choices, in_keys=True)
        register_codes("fund", FinancingSource.choices)
