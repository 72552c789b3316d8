from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_heads(sender, **kwargs) -> None:
    from backend.payments.services.demands import sync_revenue_heads

    sync_revenue_heads()


class PaymentsConfig(AppConfig):
    name = "backend.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from backend.payments import (
            checks,  # registers the deployment check
            home,
        )
        from backend.payments.services.receipts import register_receipt_kind

        # Heads services registered since the last migrate get their rows.
        post_migrate.connect(_sync_heads, sender=self, dispatch_uid="payments_sync_heads")
        register_receipt_kind()
        home.register()  # today's collection and day-closes on the panel's home page
        checks.refuse_sandbox_gateways()  # DEBUG off: no sandbox money unless allowed
