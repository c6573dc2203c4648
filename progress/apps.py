from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress reports and payment claims")

    def ready(self) -> None:
        from audit.actions import register_codes

        from .models import MilestoneStatus, RiskLevel

        register_codes("status", MilestoneStatus.choices)
        register_codes("level", RiskLevel.choices)
