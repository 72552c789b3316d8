from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterBillingConfig(AppConfig):
    name = "services.water_billing"
    label = "water_billing"
    verbose_name = _("Water billing")
