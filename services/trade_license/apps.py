from django.apps import AppConfig


class TradeLicenseConfig(AppConfig):
    name = "services.trade_license"
    label = "trade_license"
    verbose_name = "Trade licence"
