from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "backend.monitor"
    label = "monitor"
    verbose_name = _("Revenue monitor")

    def ready(self) -> None:
        from backend.monitor import signals, wards
        from backend.monitor.indicators import register_builtin

        signals.connect()  # late settlements, refunds, cancellations mark their days
        wards.register_defaults()
        register_builtin()  # the indicators computed from platform data
