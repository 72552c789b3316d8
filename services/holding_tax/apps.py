from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoldingTaxConfig(AppConfig):
    name = "services.holding_tax"
    label = "holding_tax"
    verbose_name = _("Holding tax")

    def ready(self) -> None:
        # Plug into the payment layer: rebate and surcharge are computed when a bill is made.
        from backend.payments.registry import register_bill_rules
        from services.holding_tax import home, sharing
        from services.holding_tax.billing import SERVICE_CODE, bill_adjustments
        from services.holding_tax.services import claims, clearance, reviews  # noqa: F401 - register kinds

        register_bill_rules(SERVICE_CODE, bill_adjustments)
        claims.register()  # a claimed holding's unassigned dues go to the claimant
        home.register()  # review cases waiting on the committee, on the panel's home page
        sharing.register()  # holding clearance for agencies (backend/sharing)
