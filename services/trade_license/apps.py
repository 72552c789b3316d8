from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeLicenseConfig(AppConfig):
    name = "services.trade_license"
    label = "trade_license"
    verbose_name = _("Trade licence")

    def ready(self) -> None:
        from services.trade_license import (
            console,
            heads,
            printing,
            rates_cache,
            sharing,
            uploads,
            workflow,
        )
        from services.trade_license.services import issuing, payment

        heads.register()  # the NBR source-tax head (fee, signboard, VAT heads are common)
        workflow.register()  # one application kind for new, renewal, transfer, cancellation
        issuing.register()  # transition hook: charge, refuse unpaid issue, issue the licence
        payment.register()  # settlement hook: a paid demand issues the licence
        printing.register()  # the licence document kind and its public verification
        uploads.register()  # the upload purpose for rent agreements and documents
        console.register()  # "renew a trade licence" in the UDC/333 console
        sharing.register()  # dataset trade_licence.validity for agencies
        rates_cache.register()  # a saved rate clears the quote endpoint's cache
        from services.trade_license import monitor_sources  # noqa: F401 - its wards, for the monitor
