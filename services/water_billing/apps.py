from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterBillingConfig(AppConfig):
    name = "services.water_billing"
    label = "water_billing"
    verbose_name = _("Water billing")

    def ready(self) -> None:
        # Plug into the platform's registries: revenue heads, the surcharge bill rule, the
        # application workflows and their hooks, the operator console, tenancy paths.
        from backend.payments.registry import register_bill_rules
        from services.water_billing import console, heads, tenancy, workflow
        from services.water_billing.billing import bill_adjustments
        from services.water_billing.services import applications

        heads.register()
        register_bill_rules(heads.SERVICE_CODE, bill_adjustments)
        workflow.register()
        applications.register()
        tenancy.register()
        from services.water_billing import monitor_sources  # noqa: F401 - its wards, for the monitor

        console.register()
        # The bill's document kind and the meter-photo purpose, for workers and commands too.
        from services.water_billing import documents, uploads  # noqa: F401
