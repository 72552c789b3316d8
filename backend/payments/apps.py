from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_heads(sender, **kwargs) -> None:
    from backend.payments.services.demands import sync_revenue_heads

    sync_revenue_heads()


class PaymentsConfig(AppConfig):
    name = "backend.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from backend.payments import checks  # noqa: F401 - registers the deployment check
        from backend.payments.services.receipts import register_receipt_kind

        # Heads services registered since the last migrate get their rows.
        post_migrate.connect(_sync_heads, sender=self, dispatch_uid="payments_sync_heads")
        register_receipt_kind()
