from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstateLeasesConfig(AppConfig):
    name = "services.estate_leases"
    label = "estate_leases"
    verbose_name = _("Estate and hat-bazar leases")

    def ready(self) -> None:
        from services.estate_leases import heads, monitor, workflow
        from services.estate_leases.services import awards

        heads.register()  # lease money, direct collection, VAT and income tax heads
        workflow.register()  # the lease award's approval
        awards.register()  # approval raises the demands; settlement marks the lease paid
        monitor.register()  # hat-bazar figures in the ministry's revenue monitor
        from services.estate_leases import monitor_sources  # noqa: F401 - its wards, for the monitor
