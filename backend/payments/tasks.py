"""Celery tasks of the payment layer: thin and idempotent."""

from celery import shared_task

from backend.payments.services.reconciliation import reconcile_pending


@shared_task(acks_late=True, name="payments.reconcile_pending")
def reconcile_pending_payments(older_than_minutes: int = 5) -> dict:
    """Ask the gateways about payments left pending; settle or fail them; report the rest."""
    return reconcile_pending(older_than_minutes=older_than_minutes)
