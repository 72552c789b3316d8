from django.apps import AppConfig


class HoldingTaxConfig(AppConfig):
    name = "services.holding_tax"
    label = "holding_tax"
    verbose_name = "Holding tax"
