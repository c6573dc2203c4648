from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = _("Pipeline")

    def ready(self) -> None:
        from audit.actions import register_codes

        from .models import CostCategory, PartnerRole

        register_codes("category", CostCategory.choices, in_keys=True)
        register_codes("role", PartnerRole.choices, prefixed_in=("proposal.consortium_changed",))
