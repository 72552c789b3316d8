from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeLicenseConfig(AppConfig):
    name = "services.trade_license"
    label = "trade_license"
    verbose_name = _("Trade licence")
