from django.apps import AppConfig


class HoldingTaxConfig(AppConfig):
    name = "services.holding_tax"
    label = "holding_tax"
    verbose_name = "Holding tax"

    def ready(self) -> None:
        # Plug into the payment layer: rebate and surcharge are computed when a bill is made.
        from backend.payments.registry import register_bill_rules
        from services.holding_tax.billing import SERVICE_CODE, bill_adjustments
        from services.holding_tax.services import claims, clearance, reviews  # noqa: F401 - register kinds

        register_bill_rules(SERVICE_CODE, bill_adjustments)
        claims.register()  # a claimed holding's unassigned dues go to the claimant
