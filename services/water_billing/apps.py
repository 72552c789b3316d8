from django.apps import AppConfig


class WaterBillingConfig(AppConfig):
    name = "services.water_billing"
    label = "water_billing"
    verbose_name = "Water billing"
